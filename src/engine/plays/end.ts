import { goesOnHere, isFinished, type Play } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { HeroError } from "../errors";
import { wakeParent } from "../store/children";
import { deletePlayData } from "../store/spans";
import { transition } from "../store/transitions";
import { requireId } from "../validate";
import { refuseImported } from "./rules";

/** Ending plays: cancelling one that goes on (with its children), deleting one that ended. */
export function createPlayEnds(
  db: HeroDb,
  get: (playSid: string) => Promise<Play>,
  /** Queue a play (a parent a cancel wakes). */
  enqueue: (playSid: string) => void,
  /** Stop a play's run if it is running in this tab. */
  stopRun: (playSid: string) => void,
) {
  /**
   * Cancel a play that has not finished, and its unfinished children. A running one is stopped
   * at once (its worker is terminated and replaced). A finished play is returned unchanged.
   */
  async function cancel(playSid: string): Promise<Play> {
    const play = await get(playSid);
    refuseImported(play, "cancelled");
    if (isFinished(play)) return play;
    const ended_at = Date.now();
    const { cancelled, woken } = await db.transaction("rw", db.plays, () =>
      cancelWithChildren(db, playSid, ended_at),
    );
    for (const sid of cancelled) stopRun(sid);
    if (woken) enqueue(woken);
    return get(playSid);
  }

  async function remove(playSid: string): Promise<void> {
    requireId(playSid, "play sid");
    const tables = [db.plays, db.runs, db.batches, db.outputs, db.answers];
    await db.transaction("rw", tables, async () => {
      const play = await get(playSid);
      await refuseDeleting(db, play);
      await deletePlayData(db, playSid);
      await db.plays.delete(playSid);
    });
  }

  return { cancel, delete: remove };
}

/**
 * Cancel the play and, depth first, its children that go on here; inside the caller's
 * transaction. Returns the plays cancelled and the parent this play's end wakes, if any.
 */
async function cancelWithChildren(db: HeroDb, playSid: string, ended_at: number) {
  const cancelled: string[] = [];
  const visit = async (sid: string) => {
    const from = ["pending", "running", "paused", "waiting"] as const;
    const done = await transition(db, sid, "cancelled", { ended_at, pending_pause: null }, from);
    if (done) cancelled.push(sid);
    for (const child of await db.plays.where("parent_play_sid").equals(sid).toArray()) {
      // An imported child is a record from elsewhere: it stays as it was imported.
      if (goesOnHere(child)) await visit(child.sid);
    }
  };
  await visit(playSid);
  const self = await db.plays.get(playSid);
  return { cancelled, woken: self ? await wakeParent(db, self) : null };
}

/** A play that runs, or a child its parent waits for, is not deleted from under them. */
async function refuseDeleting(db: HeroDb, play: Play): Promise<void> {
  // An imported play never runs here, whatever status it was exported with.
  if (!play.imported_at && (play.status === "running" || play.status === "pending")) {
    throw new HeroError(
      "invalid_input",
      `play ${play.sid} is ${play.status}; wait for it to end first`,
    );
  }
  const parent = play.parent_play_sid ? await db.plays.get(play.parent_play_sid) : undefined;
  if (parent?.status === "waiting" && parent.waiting_on.includes(play.sid)) {
    throw new HeroError(
      "invalid_input",
      `play ${play.sid} is a child play that play ${parent.sid} waits for; cancel it, or answer it, first`,
    );
  }
}
