import type { AnalyzeResult } from "../../wire/records";
import {
  chooseWorker,
  type Job,
  OWN_WAIT_MS,
  ownWorker,
  spareVictim,
  waitsForOwn,
} from "./pool-policy";
import type { PythonHost, RuntimeStatus } from "./python-host";

/** A worker lent to one job: give it back with `release`, or `kill` it to stop what it runs. */
export interface PoolLease {
  host: PythonHost;
  release(): void;
  /** Terminate the worker (a fresh one boots in its place) and end the lease. */
  kill(): void;
}

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

/** A worker's place in the pool (see `WorkerState`); its host changes when it is replaced. */
interface Slot {
  host: PythonHost;
  busy: boolean;
  key: string | null;
  usedAt: number;
  idleSince: number;
  readonly stage: RuntimeStatus["stage"];
  unsubscribe(): void;
}

interface Waiter extends Job {
  give(slot: Slot): void;
}

export function defaultPoolSize(): number {
  const cores = typeof navigator === "undefined" ? 2 : navigator.hardwareConcurrency || 2;
  return Math.max(2, Math.min(4, cores));
}

export interface PoolOptions {
  /** The clock for `SPARE_AFTER_IDLE_MS` and `OWN_WAIT_MS` (pool-policy.ts; tests pass their own). */
  now?: () => number;
}

export function createPythonPool(
  factory: () => PythonHost,
  size = defaultPoolSize(),
  { now = () => performance.now() }: PoolOptions = {},
): PythonPool {
  const slots: Slot[] = [];
  const waiters: Waiter[] = [];
  const listeners = new Set<(status: RuntimeStatus) => void>();
  let status: RuntimeStatus = { stage: "not-started", error: null, info: null };
  let clock = 0;

  // One ready worker is enough to call Python ready, whatever the others are doing (booting
  // in place of a recycled one included).
  function recompute() {
    const ready = slots.find((s) => s.host.status().stage === "ready");
    const next = ready?.host.status() ?? slots[0]!.host.status();
    if (next === status) return;
    status = next;
    for (const listener of listeners) listener(status);
  }

  function fresh(): Slot {
    const host = factory();
    let booted = false;
    return {
      host,
      busy: false,
      key: null,
      usedAt: 0,
      idleSince: 0,
      get stage() {
        return this.host.status().stage;
      },
      unsubscribe: host.onStatus((status) => {
        recompute();
        if (status.stage === "ready") booted = true;
        // A booted worker that died while idle (terminated, crashed) gets a fresh one in its
        // place; one that dies in a run is replaced by its run. (A failed boot is not retried
        // for ever: the job given it fails saying why.)
        const slot = slots.find((s) => s.host === host);
        if (status.stage === "failed" && booted && slot && !slot.busy) renew(slot);
      }),
    };
  }

  /** Put a fresh worker in the slot's place; it starts booting at once. */
  function renew(slot: Slot) {
    // The old host reports "failed" when terminated: that is no news for the pool's status.
    slot.unsubscribe();
    slot.host.terminate();
    const { host, unsubscribe } = fresh();
    Object.assign(slot, { host, unsubscribe, key: null, usedAt: 0, idleSince: 0 });
    slot.host.ready().catch(() => {});
    recompute();
  }

  for (let i = 0; i < size; i++) slots.push(fresh());
  const first = slots[0]!.host.ready();
  // The others boot once the first is up; a failure shows in the status, not here.
  first.then(
    () => {
      for (const slot of slots.slice(1)) slot.host.ready().catch(() => {});
    },
    () => {},
  );

  /** The worker for a job (see `chooseWorker`), replaced by a fresh one when it must be. */
  function pick(job: Job): Slot | undefined {
    const choice = chooseWorker(slots, job, now());
    if (choice?.replace) renew(choice.worker);
    return choice?.worker;
  }

  function lease(slot: Slot, key: string | null): PoolLease {
    slot.busy = true;
    slot.usedAt = ++clock;
    if (key !== null && slot.key !== key) {
      slot.key = key;
      // Keep a fresh spare booting for the next new flow (see `spareVictim`).
      const victim = spareVictim(slots, slot, now());
      if (victim) renew(victim);
    }
    let done = false;
    const end = () => {
      done = true;
      slot.busy = false;
      slot.usedAt = ++clock;
      slot.idleSince = now();
      dispatch();
    };
    return {
      host: slot.host,
      release: () => {
        if (!done) end();
      },
      kill: () => {
        if (done) return;
        renew(slot);
        end();
      },
    };
  }

  /** Hand idle workers to waiting jobs: first those whose own worker is idle, then in order. */
  function dispatch() {
    for (const waiter of [...waiters]) {
      const slot = ownWorker(slots, waiter.key);
      if (!slot) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.give(slot);
    }
    for (const waiter of [...waiters]) {
      if (slots.every((s) => s.busy)) return;
      const slot = pick(waiter);
      if (!slot) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.give(slot);
    }
    wakeLater();
  }

  let wake: ReturnType<typeof setTimeout> | undefined;
  /** Jobs that wait for their own worker while another is idle: look again when they stop. */
  function wakeLater() {
    clearTimeout(wake);
    const waiting = waiters.filter((w) => waitsForOwn(slots, w, now()));
    if (waiting.length === 0 || slots.every((s) => s.busy)) return;
    const first = Math.min(...waiting.map((w) => w.since));
    wake = setTimeout(dispatch, Math.max(0, first + OWN_WAIT_MS - now()));
  }

  function acquire(key: string | null, urgent = false): Promise<PoolLease> {
    // Jobs wait while every worker is busy (each release hands its worker on at once), or for
    // a while for their own.
    const since = now();
    const slot = pick({ key, since });
    if (slot) return Promise.resolve(lease(slot, key));
    return new Promise((resolve) => {
      const waiter = { key, since, give: (s: Slot) => resolve(lease(s, key)) };
      if (urgent) waiters.unshift(waiter);
      else waiters.push(waiter);
      wakeLater();
    });
  }

  return {
    size,
    ready: () => first,
    status: () => status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    acquire,
    async analyze(source) {
      await first;
      // Analysis runs no flow's code, but its results are stored with saved versions: it gets an
      // unbound worker, whose `ast` no flow can have patched. When none is idle, the least
      // recently used idle worker is replaced by a fresh one (which then stays the spare).
      const job = await acquire(null, true);
      try {
        return await job.host.analyze(source);
      } finally {
        job.release();
      }
    },
  };
}
