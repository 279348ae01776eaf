import {
  chooseWorker,
  type Job,
  OWN_WAIT_MS,
  ownWorker,
  spareVictim,
  waitsForOwn,
} from "./pool-policy";
import type { PoolWorkers, Slot } from "./pool-workers";
import type { PythonHost } from "./python-host";

/** A worker lent to one job: give it back with `release`, or `kill` it to stop what it runs. */
export interface PoolLease {
  host: PythonHost;
  release(): void;
  /** Terminate the worker (a fresh one boots in its place) and end the lease. */
  kill(): void;
}

interface Waiter extends Job {
  give(slot: Slot): void;
}

/**
 * Lending the pool's workers to jobs: a job gets an idle worker (see `chooseWorker`) or waits,
 * in order, for one to be given back. Returns `acquire` (see `PythonPool.acquire`).
 */
export function createPoolLeases(
  { slots, renew }: Pick<PoolWorkers, "slots" | "renew">,
  now: () => number,
) {
  const waiters: Waiter[] = [];
  let clock = 0;

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

  return function acquire(key: string | null, urgent = false): Promise<PoolLease> {
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
  };
}
