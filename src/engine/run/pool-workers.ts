import type { PythonHost, RuntimeStatus } from "./python-host";

/** A worker's place in the pool (see `WorkerState`); its host changes when it is replaced. */
export interface Slot {
  host: PythonHost;
  busy: boolean;
  key: string | null;
  usedAt: number;
  idleSince: number;
  readonly stage: RuntimeStatus["stage"];
  unsubscribe(): void;
}

/**
 * The pool's workers, one per slot: booted once (the first at once, the others after it and
 * `othersAfter`, so the first boot and the page's set-up are not slowed down), replaced in place by a fresh one when one dies idle or must
 * go; the pool's status follows them.
 */
export function createPoolWorkers(
  factory: () => PythonHost,
  size: number,
  othersAfter: Promise<unknown> = Promise.resolve(),
) {
  const slots: Slot[] = [];
  const listeners = new Set<(status: RuntimeStatus) => void>();
  let status: RuntimeStatus = { stage: "not-started", error: null, info: null };

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
  // The others boot once the first is up (and `othersAfter` settled); a failure shows in the
  // status, not here.
  first
    .then(() => othersAfter.catch(() => {}))
    .then(
      () => {
        for (const slot of slots.slice(1)) slot.host.ready().catch(() => {});
      },
      () => {},
    );

  return {
    slots,
    renew,
    /** Resolves once the first worker has booted. */
    first,
    status: () => status,
    onStatus(listener: (status: RuntimeStatus) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type PoolWorkers = ReturnType<typeof createPoolWorkers>;
