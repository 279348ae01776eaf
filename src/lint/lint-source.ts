import { declaredModules } from "./dependencies";
import { inReadingOrder, type LintFinding, ruffFindings } from "./findings";
import { unresolvedImports } from "./imports";

/** What the lint needs of Ruff's `Workspace` (the WebAssembly build's class). */
export interface RuffWorkspace {
  check(contents: string): unknown;
  tokens(contents: string): string;
}

/**
 * Everything the lint finds in `source`: Ruff's findings of the chosen rules, and the imports
 * of modules a run of this flow could not find, in reading order.
 */
export function lintSource(workspace: RuffWorkspace, source: string): LintFinding[] {
  const findings = ruffFindings(workspace.check(source));
  const unresolved = unresolvedImports(source, workspace.tokens(source), declaredModules(source));
  return inReadingOrder([...findings, ...unresolved]);
}
