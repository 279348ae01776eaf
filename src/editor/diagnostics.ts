import type { Diagnostic } from "@codemirror/lint";
import type { Text } from "@codemirror/state";
import type { LintFinding } from "../lint/findings";

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

/**
 * The diagnostics marking the lint's findings in `doc`: each from its place over the name there
 * (the undefined name, the unused import, …), or to the end of the line when no name starts
 * there; a warning, not an error, as a run may still succeed. The document may have changed
 * since the lint read it: a place past its end is clamped, never dropped. The mark's class
 * names the rule (`lint-F821`).
 */
export function lintDiagnostics(doc: Text, findings: readonly LintFinding[]): Diagnostic[] {
  return findings.map((finding) => {
    const line = doc.line(Math.min(Math.max(finding.line, 1), doc.lines));
    const from = line.from + Math.min(Math.max(finding.column - 1, 0), line.length);
    const name = /^[\p{L}\p{N}_.]+/u.exec(doc.sliceString(from, line.to))?.[0];
    return {
      from,
      to: name ? from + name.length : line.to,
      severity: "warning",
      message: `${finding.code}: ${finding.message}`,
      source: "Ruff",
      markClass: `lint-mark lint-${finding.code}`,
    };
  });
}
