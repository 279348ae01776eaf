import type { AnalyzeResult } from "../../wire/records";
import { withScriptHeader } from "../packages/script-header";
import { createPoolLeases, type PoolLease } from "./pool-leases";
import { createPoolWorkers } from "./pool-workers";
import type { PythonHost, RuntimeStatus } from "./python-host";

export type { PoolLease } from "./pool-leases";

/**
 * A small pool of Python workers, each booted once and reused. Python cannot be sandboxed from
 * inside (a flow can patch the SDK, the standard library, `builtins` or the worker's globals),
 * so a worker that has executed one flow's code is bound to that code for the rest of its
 * life: it runs plays of that flow and version again (without booting), never anyone else's.
 * A job waits for an idle worker. The first worker boots at once, the others after it, so the
 * first boot is not slowed down.
 */
export interface PythonPool {
  readonly size: number;
  /** Resolves once the first worker has booted. */
  ready(): Promise<void>;
  status(): RuntimeStatus;
  onStatus(listener: (status: RuntimeStatus) => void): () => void;
  /**
   * Wait for an idle worker to run code trusted under `key` (a play's workflow and version,
   * see `trustKey`); the worker is bound to that key from then on. `null`: a job that executes
   * no flow's code, given only an unbound worker and leaving it unbound. `urgent` jobs (short
   * analyses) go ahead of queued plays.
   */
  acquire(key: string | null, urgent?: boolean): Promise<PoolLease>;
  analyze(source: string): Promise<AnalyzeResult>;
}

/** The code a play runs: its workflow and version (a share link can add a stranger's version). */
export function trustKey(workflowSid: string, versionSid: string): string {
  return `${workflowSid}/${versionSid}`;
}

export function defaultPoolSize(): number {
  const cores = typeof navigator === "undefined" ? 2 : navigator.hardwareConcurrency || 2;
  return Math.max(2, Math.min(4, cores));
}

export interface PoolOptions {
  /** The clock for `SPARE_AFTER_IDLE_MS` and `OWN_WAIT_MS` (pool-policy.ts; tests pass their own). */
  now?: () => number;
  /**
   * The other workers start booting once the first has booted and this has settled (default: at
   * once). The page passes its first-visit set-up, which their boots would slow down on a
   * machine of few cores; a job that needs one of them earlier boots it.
   */
  othersAfter?: Promise<unknown>;
}

export function createPythonPool(
  factory: () => PythonHost,
  size = defaultPoolSize(),
  { now = () => performance.now(), othersAfter }: PoolOptions = {},
): PythonPool {
  const workers = createPoolWorkers(factory, size, othersAfter);
  const acquire = createPoolLeases(workers, now);
  return {
    size,
    ready: () => workers.first,
    status: workers.status,
    onStatus: workers.onStatus,
    acquire,
    async analyze(source) {
      await workers.first;
      // Analysis runs no flow's code, but its results are stored with saved versions: it gets an
      // unbound worker, whose `ast` no flow can have patched. When none is idle, the least
      // recently used idle worker is replaced by a fresh one (which then stays the spare).
      const job = await acquire(null, true);
      try {
        return withScriptHeader(await job.host.analyze(source), source);
      } finally {
        job.release();
      }
    },
  };
}
