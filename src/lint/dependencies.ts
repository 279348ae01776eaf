import { declaredDependencies } from "../engine/packages/script-header";

// The name at the start of a PEP 508 requirement (`attrs>=23`, `tiny-pkg[extra]; python_version…`).
const REQUIREMENT_NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

/**
 * The distribution names a source's PEP 723 header declares in its `dependencies`, read by the
 * one header reader saving uses (script-header.ts). A source without the header, or with one
 * that does not read, declares none here: saving is what reports a bad header.
 */
export function declaredDistributions(source: string): string[] {
  return declaredDependencies(source).flatMap((requirement) => {
    const name = REQUIREMENT_NAME.exec(requirement)?.[1];
    return name ? [name] : [];
  });
}

/**
 * The top-level module names a distribution is taken to provide, by the usual rule: its name in
 * lower case with each run of `-`, `_` and `.` as one `_` (`typing-extensions` →
 * `typing_extensions`), and for a dotted name also its first part (`zope.interface` → `zope`).
 * A package whose module is named otherwise (`beautifulsoup4` is `bs4`) is not covered.
 */
export function importNamesOf(distribution: string): string[] {
  const lower = distribution.toLowerCase();
  const names = new Set([lower.replace(/[-_.]+/g, "_")]);
  if (lower.includes(".")) names.add(lower.split(".")[0]!);
  return [...names];
}

/** The modules a source may import because its header declares their distributions. */
export function declaredModules(source: string): Set<string> {
  return new Set(declaredDistributions(source).flatMap(importNamesOf));
}
