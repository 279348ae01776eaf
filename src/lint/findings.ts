/**
 * One thing the lint found in a flow source, as `heroLogic.workflows.lint` returns it: where
 * (1-based line, and 1-based column in UTF-16 code units, as JavaScript counts characters), the
 * rule's code and its message.
 */
export interface LintFinding {
  line: number;
  column: number;
  code: string;
  message: string;
}

/**
 * The rules the editor checks, Ruff's pyflakes codes: a small set that finds mistakes a run
 * would otherwise find halfway through, and never style. `unresolved-import` is this app's own
 * (Ruff has no such rule): see imports.ts.
 */
export const RUFF_RULES = ["F401", "F811", "F821"] as const;

/** The settings Ruff's `Workspace` is built with: the Python that runs flows, and the rules. */
export const RUFF_SETTINGS = {
  "target-version": "py314",
  lint: { select: [...RUFF_RULES] },
};

interface RuffDiagnostic {
  code: string | null;
  message: string;
  start_location: { row: number; column: number };
}

const wanted = new Set<string>(RUFF_RULES);

/**
 * The findings among what Ruff's `check` returned: only the chosen rules (a syntax error has no
 * code, and the syntax check already marks it), with Ruff's 1-based row and column.
 */
export function ruffFindings(diagnostics: unknown): LintFinding[] {
  if (!Array.isArray(diagnostics)) return [];
  return (diagnostics as RuffDiagnostic[])
    .filter((d) => d.code !== null && wanted.has(d.code))
    .map((d) => ({
      line: d.start_location.row,
      column: d.start_location.column,
      code: d.code as string,
      message: d.message,
    }));
}

/** Findings in reading order: by line, then column. */
export function inReadingOrder(findings: LintFinding[]): LintFinding[] {
  return [...findings].sort((a, b) => a.line - b.line || a.column - b.column);
}
