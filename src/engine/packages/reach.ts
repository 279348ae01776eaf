import { type Candidate, walkRequirements } from "./resolve";

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
 * What a flow's declared requirements reach among the available wheels (see
 * `walkRequirements`): as `resolveWheels` before a run, but going on past what is missing, so a
 * person is told everything missing at once (before running) and an export knows every wheel
 * the flow takes. A requirement that does not read is left out: saving refused it already, and
 * a run names it.
 */
export function reachWheels(declared: string[], candidates: Candidate[]): Reach {
  const { names, problems } = walkRequirements(declared, candidates);
  const missing = new Set(problems.flatMap((problem) => problem.package ?? []));
  return { needed: names, missing: [...missing] };
}
