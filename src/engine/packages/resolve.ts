import { markerHolds } from "./markers";
import { describeRequirement, parseRequirement, type Requirement } from "./requirements";
import { parseVersion, satisfies } from "./versions";

/** A wheel as resolution sees it. */
export interface Candidate {
  name: string;
  version: string;
  requires: string[];
  /** Added in this browser (the default), or shipped with the site (`wheels/index.json`). */
  source?: "added" | "site";
}

/**
 * The wheels a flow may use: the added ones and those shipped with the site, one per package;
 * an added wheel replaces a shipped one of the same name (the person chose it here).
 */
export function availableCandidates<A extends Candidate, S extends Candidate>(
  added: A[],
  shipped: S[],
): ((A | S) & { source: "added" | "site" })[] {
  const taken = new Set(added.map((wheel) => wheel.name));
  return [
    ...added.map((wheel) => ({ ...wheel, source: "added" as const })),
    ...shipped
      .filter((wheel) => !taken.has(wheel.name))
      .map((wheel) => ({ ...wheel, source: "site" as const })),
  ];
}

export type Resolution =
  /** The packages to install, each once, in the order they were reached. */
  | { ok: true; names: string[] }
  /** `package`: the requirement's package that is not available, or not in a version that meets it. */
  | { ok: false; message: string; package?: string };

const WHERE_TO_ADD = "add its wheel with heroLogic.packages.add (or on the Packages page)";

/**
 * Resolve a flow's declared requirements, and each chosen wheel's `Requires-Dist` (markers
 * evaluated for this Pyodide), among the added wheels: one wheel per package, so there is no
 * choice to make, only requirements to meet. The first one not met names the package, the
 * constraint, who asked for it and where to add it.
 */
export function resolveWheels(declared: string[], candidates: Candidate[]): Resolution {
  const available = new Map(candidates.map((c) => [c.name, c]));
  const chosen = new Map<string, Set<string>>();
  const order: string[] = [];
  const queue: { requirement: Requirement; by: string }[] = [];
  for (const text of declared) {
    const requirement = parseRequirement(text, false);
    if (typeof requirement === "string") return { ok: false, message: requirement };
    queue.push({ requirement, by: "the flow's '# /// script' header" });
  }
  while (queue.length > 0) {
    const { requirement, by } = queue.shift()!;
    const wheel = available.get(requirement.name);
    const wanted = describeRequirement(requirement);
    if (!wheel) {
      return {
        ok: false,
        package: requirement.name,
        message: `package '${requirement.name}' (${wanted}, required by ${by}) is not added in this browser nor shipped with the site: ${WHERE_TO_ADD}`,
      };
    }
    const version = parseVersion(wheel.version);
    if (!version || !satisfies(version, requirement.specifiers)) {
      return {
        ok: false,
        package: requirement.name,
        message: `package '${requirement.name}' ${wheel.version} ${unmetAdvice(wheel, by, wanted)}`,
      };
    }
    const extras = chosen.get(wheel.name);
    const newExtras = requirement.extras.filter((e) => !extras?.has(e));
    if (extras && newExtras.length === 0) continue;
    const all = new Set([...(extras ?? []), ...newExtras]);
    chosen.set(wheel.name, all);
    if (!extras) order.push(wheel.name);
    for (const text of wheel.requires) {
      const needed = parseRequirement(text, true);
      if (typeof needed === "string") return { ok: false, message: needed };
      if (needed.marker !== null && !markerHolds(needed.marker, [...all])) continue;
      queue.push({ requirement: needed, by: `${wheel.name} ${wheel.version}` });
    }
  }
  // Installing puts files in place and imports nothing: the order is for the reader.
  return { ok: true, names: order };
}

function unmetAdvice(wheel: Candidate, by: string, wanted: string): string {
  if (wheel.source === "site") {
    return `is shipped with the site, but ${by} requires ${wanted}: ${WHERE_TO_ADD} in a version that meets it (an added wheel replaces the shipped one)`;
  }
  return `is added, but ${by} requires ${wanted}: delete it (heroLogic.packages.delete) and ${WHERE_TO_ADD} in a version that meets it`;
}
