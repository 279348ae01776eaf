import type { AnalyzeResult } from "../../worker/api";
import type { PythonHost, RuntimeStatus } from "./python-host";

/** A worker lent to one job: give it back with `release`, or `kill` it to stop what it runs. */
export interface PoolLease {
  host: PythonHost;
  release(): void;
  /** Terminate the worker (a fresh one boots in its place) and end the lease. */
  kill(): void;
}

/**
 * A small pool of Python workers. Each boots once and is reused; a job waits for an idle one.
 * The first worker boots at once, the others after it, so the first boot is not slowed down.
 */
export interface PythonPool {
  readonly size: number;
  /** Resolves once the first worker has booted. */
  ready(): Promise<void>;
  status(): RuntimeStatus;
  onStatus(listener: (status: RuntimeStatus) => void): () => void;
  /** Wait for an idle worker. `urgent` jobs (short analyses) go ahead of queued plays. */
  acquire(urgent?: boolean): Promise<PoolLease>;
  analyze(source: string): Promise<AnalyzeResult>;
}

interface Slot {
  host: PythonHost;
  busy: boolean;
}

export function defaultPoolSize(): number {
  const cores = typeof navigator === "undefined" ? 2 : navigator.hardwareConcurrency || 2;
  return Math.max(2, Math.min(4, cores));
}

export function createPythonPool(factory: () => PythonHost, size = defaultPoolSize()): PythonPool {
  const slots: Slot[] = [];
  const waiters: ((slot: Slot) => void)[] = [];
  const listeners = new Set<(status: RuntimeStatus) => void>();
  let status: RuntimeStatus = { stage: "not-started", error: null, info: null };

  function recompute() {
    const ready = slots.find((s) => s.host.status().stage === "ready");
    const next = ready?.host.status() ?? slots[0]!.host.status();
    if (next === status) return;
    status = next;
    for (const listener of listeners) listener(status);
  }

  function newHost(): PythonHost {
    const host = factory();
    host.onStatus(recompute);
    return host;
  }

  for (let i = 0; i < size; i++) slots.push({ host: newHost(), busy: false });
  const first = slots[0]!.host.ready();
  // The others boot once the first is up; a failure shows in the status, not here.
  first.then(
    () => {
      for (const slot of slots.slice(1)) slot.host.ready().catch(() => {});
    },
    () => {},
  );

  function lease(slot: Slot): PoolLease {
    let done = false;
    const end = () => {
      done = true;
      slot.busy = false;
      const next = waiters.shift();
      if (next) {
        slot.busy = true;
        next(slot);
      }
    };
    return {
      host: slot.host,
      release: () => {
        if (!done) end();
      },
      kill: () => {
        if (done) return;
        slot.host.terminate();
        slot.host = newHost();
        slot.host.ready().catch(() => {});
        recompute();
        end();
      },
    };
  }

  function acquire(urgent = false): Promise<PoolLease> {
    // A booted worker first, then one still booting; a failed one only when nothing else is idle.
    const stage = (s: Slot) => s.host.status().stage;
    const idle =
      slots.find((s) => !s.busy && stage(s) === "ready") ??
      slots.find((s) => !s.busy && stage(s) !== "failed") ??
      slots.find((s) => !s.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(lease(idle));
    }
    return new Promise((resolve) => {
      const waiter = (slot: Slot) => resolve(lease(slot));
      if (urgent) waiters.unshift(waiter);
      else waiters.push(waiter);
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
      const job = await acquire(true);
      try {
        return await job.host.analyze(source);
      } finally {
        job.release();
      }
    },
  };
}
