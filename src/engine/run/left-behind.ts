import type { HeroDb } from "../../db/schema";
import { allFinished } from "../store/children";
import { transition } from "../store/transitions";

/**
 * Queue the plays no tab is running since their tab closed: those it left `pending` or
 * `running`, oldest first, and the parents whose children all finished while no tab was open.
 */
export async function takeUpLeftBehind(
  db: HeroDb,
  enqueue: (playSid: string) => void,
): Promise<void> {
  const leftBehind = await db.plays
    .where("status")
    .anyOf("pending", "running")
    .sortBy("created_at");
  // A `running` play whose lock we can take was cut off with its tab: it runs again, replaying
  // (one another tab still runs waits for its lock, see the scheduler).
  // Imported plays are records of runs elsewhere: never taken up here.
  for (const play of leftBehind) if (!play.imported_at) enqueue(play.sid);
  // A parent whose children all finished while no tab was open goes on.
  for (const play of await db.plays.where("status").equals("waiting").toArray()) {
    if (play.imported_at) continue;
    if (await allFinished(db, play.waiting_on)) {
      const woken = await transition(db, play.sid, "pending", { waiting_on: [] }, ["waiting"]);
      if (woken) enqueue(play.sid);
    }
  }
}
