import type { WarmCache } from "../../wire/records";
import type { PythonHost } from "./python-host";

/**
 * Which play's step cache each worker's Python keeps (see `WarmCache`), as far as the engine
 * knows it stored everything that cache holds: set only after a run's clean end (every batch
 * stored, the end recorded, Python saying it kept the cache). A killed or recycled worker is a
 * new host, so it is forgotten with its Python.
 */
const kept = new WeakMap<PythonHost, WarmCache>();

/** How many runs went warm, and how many warm requests Python answered `cold` (tests look). */
const counts = { warm: 0, refused: 0 };

/** The step cache `host`'s Python keeps, if the engine can vouch for it. */
export function warmCacheOf(host: PythonHost): WarmCache | undefined {
  return kept.get(host);
}

/** A run begins on `host`: whatever its Python kept is replaced by what this run leaves. */
export function forgetWarmCache(host: PythonHost): void {
  kept.delete(host);
}

/** `host`'s Python keeps the step cache of `playSid` after its run `runNo`, all of it stored. */
export function keepWarmCache(host: PythonHost, playSid: string, runNo: number): void {
  kept.set(host, { play_sid: playSid, run_no: runNo });
}

/** Count a run sent warm, or (`refused`) one Python answered `cold`. */
export function countWarmRun(refused = false): void {
  if (refused) counts.refused += 1;
  else counts.warm += 1;
}

/** Tests only (through src/test-support): the counts since the module loaded. */
export function warmRunCounts(): Readonly<typeof counts> {
  return { ...counts };
}
