import type { Workflow } from "../db/records";
import type { PackageInfo } from "../engine/packages/packages";
import { parseRequirement } from "../engine/packages/requirements";
import { availableCandidates, resolveWheels } from "../engine/packages/resolve";
import type { SiteWheel } from "../engine/packages/site-wheels";
import { wheelTags } from "../engine/packages/wheels";

/** One package on the Packages page: the wheel flows get, and who needs it. */
export interface PackageRow {
  name: string;
  version: string;
  filename: string;
  /** `py3-none-any`, or the Pyodide tags of a built wheel. */
  tags: string;
  size: number;
  source: "added" | "site";
  /** When set: the wheel is added and replaces this shipped wheel of the same name. */
  replacesShipped: string | null;
  /** The flows whose declared dependencies reach it, directly or through another wheel. */
  neededBy: string[];
}

/** A package some flow declares that no available wheel provides. */
export interface MissingPackage {
  name: string;
  neededBy: string[];
}

/**
 * The page's rows: added wheels, then the shipped ones no added wheel replaces, by name; each
 * with the flows that need it as a run would resolve it; and the packages flows declare that
 * are nowhere.
 */
export function packageRows(
  added: PackageInfo[],
  shipped: SiteWheel[],
  flows: Pick<Workflow, "name" | "dependencies">[],
): { rows: PackageRow[]; missing: MissingPackage[] } {
  const available = availableCandidates(added, shipped);
  const needs = flowsNeeding(available, flows);
  const shippedByName = new Map(shipped.map((wheel) => [wheel.name, wheel]));
  const rows = available
    .map((wheel) => ({
      name: wheel.name,
      version: wheel.version,
      filename: wheel.filename,
      tags: wheelTags(wheel.filename) ?? "",
      size: wheel.size,
      source: wheel.source,
      replacesShipped:
        wheel.source === "added" ? (shippedByName.get(wheel.name)?.filename ?? null) : null,
      neededBy: needs.get(wheel.name) ?? [],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const names = new Set(available.map((wheel) => wheel.name));
  const missing = [...needs]
    .filter(([name]) => !names.has(name))
    .map(([name, neededBy]) => ({ name, neededBy }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { rows, missing };
}

/** Package name → the flows (by name) that need it. */
function flowsNeeding(
  available: ReturnType<typeof availableCandidates<PackageInfo, SiteWheel>>,
  flows: Pick<Workflow, "name" | "dependencies">[],
): Map<string, string[]> {
  const needs = new Map<string, string[]>();
  for (const flow of [...flows].sort((a, b) => a.name.localeCompare(b.name))) {
    const declared = flow.dependencies ?? [];
    if (declared.length === 0) continue;
    const resolution = resolveWheels(declared, available);
    // Resolved: all it would install. Not: what it declares, and the package in the way
    // (perhaps required by a wheel, not by the flow).
    const names = resolution.ok
      ? resolution.names
      : [...declaredNames(declared), ...(resolution.package ? [resolution.package] : [])];
    for (const name of new Set(names)) needs.set(name, [...(needs.get(name) ?? []), flow.name]);
  }
  return needs;
}

function declaredNames(declared: string[]): string[] {
  return declared.flatMap((text) => {
    const requirement = parseRequirement(text, false);
    return typeof requirement === "string" ? [] : [requirement.name];
  });
}
