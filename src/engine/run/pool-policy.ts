import type { RuntimeStatus } from "./python-host";

/**
 * Which worker of the pool a job gets, and which one is recycled to keep a spare: pure choices
 * over what the pool knows of its workers (`pool-workers.ts` does the booting and terminating).
 *
 * A worker that has executed a flow's code is bound to that code's trust key for the rest of
 * its life (see `PythonPool`); a fresh worker is unbound.
 */

/**
 * How long a worker must have been idle before it is recycled to keep a fresh spare. Two flows
 * played in turn (a parent and its children, a flow and a probe) keep their workers; a person
 * editing and running a flow (each save a new version) finds a booted spare each time.
 */
export const SPARE_AFTER_IDLE_MS = 5_000;

/**
 * How long a job whose flow already has a busy worker waits for that worker before another
 * flow's worker is replaced for it: about what a boot costs, so waiting never costs much more
 * than booting would, and children of a fan-out do not push their parent out of its worker.
 */
export const OWN_WAIT_MS = 1_000;

/** What the policy reads of a worker. */
export interface WorkerState {
  busy: boolean;
  stage: RuntimeStatus["stage"];
  /** Whose code this worker has executed; null for a fresh one. */
  key: string | null;
  /** When it was last lent or given back (a counter), for the least recently used. */
  usedAt: number;
  /** When it was last given back (`now`), for keeping a spare. */
  idleSince: number;
}

/** A job: the trust key of the code it runs (null: none), and when it asked. */
export interface Job {
  key: string | null;
  since: number;
}

/** The worker a job gets; `replace`: terminate it and give the job a fresh one in its place. */
export interface Choice<W> {
  worker: W;
  replace: boolean;
}

const leastRecent = <W extends WorkerState>(workers: W[]) =>
  workers.reduce<W | undefined>((a, b) => (a && a.usedAt <= b.usedAt ? a : b), undefined);

/** An idle worker already bound to the job's key and ready to run. */
export function ownWorker<W extends WorkerState>(workers: W[], key: string | null): W | undefined {
  if (key === null) return undefined;
  return workers.find((w) => !w.busy && w.key === key && w.stage === "ready");
}

/** Whether the job still waits for a busy worker of its own (see `OWN_WAIT_MS`). */
export function waitsForOwn(workers: WorkerState[], job: Job, now: number): boolean {
  return (
    job.key !== null &&
    now - job.since < OWN_WAIT_MS &&
    workers.some((w) => w.busy && w.key === job.key)
  );
}

/**
 * The worker a job gets, in order: its own; a fresh booted one; a fresh one still booting; the
 * least recently used idle one bound to other code, replaced (not while the job waits for its
 * own); a fresh one whose boot failed (the job then fails saying why). None: the job waits.
 */
export function chooseWorker<W extends WorkerState>(
  workers: W[],
  job: Job,
  now: number,
): Choice<W> | undefined {
  const idle = workers.filter((w) => !w.busy);
  const unbound = idle.filter((w) => w.key === null);
  const found =
    ownWorker(workers, job.key) ??
    unbound.find((w) => w.stage === "ready") ??
    unbound.find((w) => w.stage !== "failed");
  if (found) return { worker: found, replace: false };
  if (waitsForOwn(workers, job, now)) return undefined;
  const foreign = leastRecent(idle.filter((w) => w.key !== null));
  if (foreign) return { worker: foreign, replace: true };
  return unbound[0] && { worker: unbound[0], replace: false };
}

/**
 * After `bound` (a fresh worker) got bound, the worker to recycle so that one fresh worker
 * stays ready for the next new flow: none while an unbound worker is left; never a busy one,
 * the one just bound, or one used in the last `SPARE_AFTER_IDLE_MS` (that would trade one boot
 * for another); else the least recently used.
 */
export function spareVictim<W extends WorkerState>(
  workers: W[],
  bound: W,
  now: number,
): W | undefined {
  if (workers.some((w) => w.key === null)) return undefined;
  const cutoff = now - SPARE_AFTER_IDLE_MS;
  return leastRecent(workers.filter((w) => !w.busy && w !== bound && w.idleSince <= cutoff));
}
