import type { Diagnostic } from "@codemirror/lint";
import type { Text } from "@codemirror/state";

/** A problem Python found in a source: its message and, when known, where (1-based). */
export interface SourceProblem {
  message: string;
  line: number | null;
  column: number | null;
}

/**
 * The diagnostic marking `problem` in `doc`: from its column (or the line's first
 * non-blank character) to the end of the line, clamped to the document, which may have
 * changed since Python read it. A problem without a line has no place to mark.
 */
export function problemDiagnostics(doc: Text, problem: SourceProblem | null): Diagnostic[] {
  if (!problem || problem.line === null) return [];
  const line = doc.line(Math.min(Math.max(problem.line, 1), doc.lines));
  const indent = line.text.length - line.text.trimStart().length;
  const column = problem.column !== null ? problem.column - 1 : indent;
  const from = line.from + Math.min(Math.max(column, 0), line.length);
  const to = Math.max(line.to, from);
  return [{ from, to, severity: "error", message: problem.message, source: "Python" }];
}
