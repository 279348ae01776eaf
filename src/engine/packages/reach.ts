import { markerHolds } from "./markers";
import { parseRequirement, type Requirement } from "./requirements";
import type { Candidate } from "./resolve";
import { parseVersion, satisfies } from "./versions";

/** What a flow's dependencies reach among the available wheels, and what they lack. */
export interface Reach {
  /** The available wheels the dependencies (and theirs) take, by normalized name, in order. */
  needed: string[];
  /**
   * The packages no available wheel meets (not there, or there in a version that does not meet
   * the requirement), by normalized name: each would fail a play before its code runs.
   */
  missing: string[];
}

/**
 * Walk a flow's declared requirements, and each available wheel's `Requires-Dist` (markers
 * evaluated for this Pyodide), among the available wheels: as `resolveWheels` does before a
 * run, but going on past what is missing, so a person is told everything missing at once
 * (before running) and an export knows every wheel the flow takes. A requirement that does not
 * read is left out: saving refused it already, and a run names it.
 */
export function reachWheels(declared: string[], candidates: Candidate[]): Reach {
  const available = new Map(candidates.map((c) => [c.name, c]));
  const needed: string[] = [];
  const missing = new Set<string>();
  const extrasOf = new Map<string, Set<string>>();
  const queue: Requirement[] = [];
  const enqueue = (text: string, allowMarker: boolean, extras: string[]) => {
    const requirement = parseRequirement(text, allowMarker);
    if (typeof requirement === "string") return;
    if (requirement.marker !== null && !markerHolds(requirement.marker, extras)) return;
    queue.push(requirement);
  };
  for (const text of declared) enqueue(text, false, []);
  for (let requirement = queue.shift(); requirement; requirement = queue.shift()) {
    const wheel = available.get(requirement.name);
    const version = wheel && parseVersion(wheel.version);
    if (!wheel || !version || !satisfies(version, requirement.specifiers)) {
      missing.add(requirement.name);
      continue;
    }
    const known = extrasOf.get(wheel.name);
    const fresh = requirement.extras.filter((e) => !known?.has(e));
    if (known && fresh.length === 0) continue;
    const extras = new Set([...(known ?? []), ...fresh]);
    extrasOf.set(wheel.name, extras);
    if (!known) needed.push(wheel.name);
    for (const text of wheel.requires) enqueue(text, true, [...extras]);
  }
  return { needed, missing: [...missing] };
}
