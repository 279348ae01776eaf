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
  const { names, problems } = walkRequirements(declared, candidates);
  const [first] = problems;
  return first ? { ok: false, ...first } : { ok: true, names };
}

/** A requirement the walk could not meet (`package` named), or one that does not read. */
export interface WalkProblem {
  message: string;
  package?: string;
}

/**
 * Walk a flow's declared requirements, then each reached wheel's `Requires-Dist` (markers
 * evaluated for this Pyodide, with the extras asked of it), breadth first, among the
 * available wheels. Goes on past what it cannot meet: `names` are the wheels reached, in the
 * order reached, and `problems` what could not be met or read, in the order met (the declared
 * requirements that do not read come first). `resolveWheels` stops at the first problem;
 * `reachWheels` tells them all.
 */
export function walkRequirements(
  declared: string[],
  candidates: Candidate[],
): { names: string[]; problems: WalkProblem[] } {
  const available = new Map(candidates.map((c) => [c.name, c]));
  const chosen = new Map<string, Set<string>>();
  const names: string[] = [];
  const problems: WalkProblem[] = [];
  const queue: { requirement: Requirement; by: string }[] = [];
  for (const text of declared) {
    const requirement = parseRequirement(text, false);
    if (typeof requirement === "string") problems.push({ message: requirement });
    else queue.push({ requirement, by: "the flow's '# /// script' header" });
  }
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { requirement, by } = next;
    const wheel = available.get(requirement.name);
    const wanted = describeRequirement(requirement);
    if (!wheel) {
      problems.push({
        package: requirement.name,
        message: `package '${requirement.name}' (${wanted}, required by ${by}) is not added in this browser nor shipped with the site: ${WHERE_TO_ADD}`,
      });
      continue;
    }
    const version = parseVersion(wheel.version);
    if (!version || !satisfies(version, requirement.specifiers)) {
      problems.push({
        package: requirement.name,
        message: `package '${requirement.name}' ${wheel.version} ${unmetAdvice(wheel, by, wanted)}`,
      });
      continue;
    }
    const extras = chosen.get(wheel.name);
    const newExtras = requirement.extras.filter((e) => !extras?.has(e));
    if (extras && newExtras.length === 0) continue;
    const all = new Set([...(extras ?? []), ...newExtras]);
    chosen.set(wheel.name, all);
    if (!extras) names.push(wheel.name);
    for (const text of wheel.requires) {
      const needed = parseRequirement(text, true);
      if (typeof needed === "string") problems.push({ message: needed });
      else if (needed.marker === null || markerHolds(needed.marker, [...all])) {
        queue.push({ requirement: needed, by: `${wheel.name} ${wheel.version}` });
      }
    }
  }
  // Installing puts files in place and imports nothing: the order is for the reader.
  return { names, problems };
}

function unmetAdvice(wheel: Candidate, by: string, wanted: string): string {
  if (wheel.source === "site") {
    return `is shipped with the site, but ${by} requires ${wanted}: ${WHERE_TO_ADD} in a version that meets it (an added wheel replaces the shipped one)`;
  }
  return `is added, but ${by} requires ${wanted}: delete it (heroLogic.packages.delete) and ${WHERE_TO_ADD} in a version that meets it`;
}
