import Dexie from "dexie";
import type { Play, PlayStatus } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { notFound } from "../errors";

/**
 * Every move a play's status may make. All status changes go through `transition`, so this
 * table is the whole life cycle:
 * - `pending` is queued; a worker takes it to `running` (or it is cancelled first, or fails
 *   before it runs: its flow or version no longer exists);
 * - a run ends `completed` or `failed`, parks `paused` at a pause or `waiting` on children,
 *   or is `cancelled`; a run cut off by a closed tab is taken up again (`running` → `running`);
 * - an answer (`paused` → `pending`) or the end of the awaited children (`waiting` →
 *   `pending`) queues the play again;
 * - a prefill-only play that `failed` at an unanswered pause goes back to `pending` when a
 *   person answers that pause;
 * - a `failed` or `cancelled` play goes back to `pending` when someone retries it
 *   (`plays.retry`); only `completed` is final.
 */
export const TRANSITIONS: Readonly<Record<PlayStatus, readonly PlayStatus[]>> = {
  pending: ["running", "failed", "cancelled"],
  running: ["running", "completed", "failed", "paused", "waiting", "cancelled"],
  paused: ["pending", "cancelled"],
  waiting: ["pending", "cancelled"],
  failed: ["pending"],
  completed: [],
  cancelled: ["pending"],
};

export function canTransition(from: PlayStatus, to: PlayStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Move a play to `to` and apply `patch`, in one transaction (joining the caller's when there is
 * one). When `from` is given and the play is no longer in one of those states (another path got
 * there first), nothing changes and `null` comes back. A move the table forbids throws.
 */
export async function transition(
  db: HeroDb,
  playSid: string,
  to: PlayStatus,
  patch: Partial<Omit<Play, "sid" | "status">> = {},
  from?: readonly PlayStatus[],
): Promise<Play | null> {
  return db.transaction("rw", db.plays, async () => {
    const play = await db.plays.get(playSid);
    if (!play) throw notFound("play", playSid);
    if (from && !from.includes(play.status)) return null;
    return move(db, play, to, patch);
  });
}

/**
 * `transition` for a play the caller has just read in the transaction it runs in (which must
 * include the plays table): saves reading it again.
 */
export async function move(
  db: HeroDb,
  play: Play,
  to: PlayStatus,
  patch: Partial<Omit<Play, "sid" | "status">> = {},
): Promise<Play> {
  if (!canTransition(play.status, to)) {
    throw new Error(`play ${play.sid} cannot go from ${play.status} to ${to}`);
  }
  // The time a play waits in the queue is its next run's first segment on the timeline.
  const queued = to === "pending" && patch.queued_at === undefined ? { queued_at: Date.now() } : {};
  const next: Play = { ...play, ...queued, ...patch, status: to };
  await db.plays.put(next);
  tellOnCommit(db, next);
  return next;
}

type TransitionListener = (play: Play) => void;
const listeners = new WeakMap<HeroDb, Set<TransitionListener>>();

/**
 * Call `listener` with each play a transition in this tab stores, once the transaction that
 * stored it (the caller's, when it joined one) has committed: `plays.wait` learns of this tab's
 * changes without reading them back. Other tabs' changes come by a live query. Returns the way
 * to stop listening.
 */
export function onTransition(db: HeroDb, listener: TransitionListener): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

/** The plays each open transaction moved, in their last state, to tell once it commits. */
const moved = new WeakMap<IDBTransaction, Map<string, Play>>();

/**
 * Once the current transaction commits (never, if it aborts), tell the listeners of `db` the
 * play's last state in it: a play moved twice in one transaction (`waiting`, then `pending`)
 * was only ever stored in the second.
 */
function tellOnCommit(db: HeroDb, play: Play): void {
  const idbtrans = Dexie.currentTransaction?.idbtrans;
  if (!idbtrans || !listeners.get(db)?.size) return;
  let plays = moved.get(idbtrans);
  if (!plays) {
    const stored = new Map<string, Play>();
    idbtrans.addEventListener("complete", () => {
      for (const each of stored.values()) {
        for (const listener of listeners.get(db) ?? []) listener(each);
      }
    });
    moved.set(idbtrans, stored);
    plays = stored;
  }
  plays.set(play.sid, play);
}
