import { liveQuery } from "dexie";
import type { HeroDb } from "../../db/schema";
import type { StopReason } from "./runner";

/**
 * Keep this tab in step with the others that share the database:
 * - every unfinished play (`pending` or `running`) is handed to `takeUp`, which runs it here
 *   when nobody holds its lock and otherwise waits for the lock, so a play whose tab closes
 *   mid-run is taken up here (the scheduler's `needsRun` skips the ones that ended); a play
 *   another tab just queued is left to it for a moment, so a play runs where it was started,
 *   and is not taken up once it finished meanwhile;
 * - a play this tab runs that another tab cancelled (or deleted) is stopped here;
 * - when another tab upgrades the database, every play this tab runs is stopped (`outdated`)
 *   without writing: it stays `running` in the stored data, and runs again after the reload.
 * Returns the way to stop watching.
 */
/** How long a `pending` play is left to the tab that queued it before this one claims it. */
const PENDING_GRACE_MS = 1_000;

export function watchOtherTabs(
  db: HeroDb,
  takeUp: (playSid: string) => void,
  running: Map<string, (reason: StopReason) => void>,
): () => void {
  const unfinished = liveQuery(() =>
    db.plays.where("status").anyOf("pending", "running").toArray(),
  );
  const later = new Set<string>();
  // The unfinished plays as last read.
  let live = new Set<string>();
  // Nothing this tab's runs produce can be stored from now on: end them rather than let their
  // workers compute for nothing (or for ever).
  const onUpgrade = () => {
    for (const stop of running.values()) stop("outdated");
  };
  db.on("versionchange", onUpgrade);
  const subscription = unfinished.subscribe({
    next: (plays) => {
      for (const play of plays) {
        // Imported plays are records of runs elsewhere: never taken up here.
        if (play.imported_at) continue;
        // A `running` play's lock is held by the tab running it (or by nobody: take it up). A
        // `pending` one is about to be claimed by the tab that queued it; leave it that tab.
        if (play.status === "running") takeUp(play.sid);
        else if (!later.has(play.sid)) {
          later.add(play.sid);
          setTimeout(() => {
            later.delete(play.sid);
            if (live.has(play.sid)) takeUp(play.sid);
          }, PENDING_GRACE_MS);
        }
      }
      live = new Set(plays.map((p) => p.sid));
      for (const [sid, stop] of running) if (!live.has(sid)) void stopIfEnded(db, sid, stop);
    },
    // The database closed under us (an upgrade in another tab): the storage banner says so.
    error: (error: unknown) => console.warn("hero_logic: stopped watching other tabs", error),
  });
  return () => {
    subscription.unsubscribe();
    db.on("versionchange").unsubscribe(onUpgrade);
  };
}

/** Read again (the query may lag behind this tab's own writes) before stopping a run. */
async function stopIfEnded(db: HeroDb, playSid: string, stop: (reason: StopReason) => void) {
  const play = await db.plays.get(playSid);
  if (play?.status !== "running") stop("cancelled");
}

/** What the UI needs to know about the database itself. */
export type StorageStatus = "ok" | "outdated";

export interface StorageWatch {
  status(): StorageStatus;
  onStatus(listener: (status: StorageStatus) => void): () => void;
}

/**
 * When another tab opens the database with a newer schema (a newer build of the app), this
 * tab closes its connection at once, so the upgrade there is not blocked, and reports
 * `outdated`: its code no longer matches the stored data, and only a reload brings the new
 * build. Its reads and writes fail from then on instead of hanging.
 */
export function watchSchema(db: HeroDb): StorageWatch {
  let status: StorageStatus = "ok";
  const listeners = new Set<(status: StorageStatus) => void>();
  db.on("versionchange", () => {
    db.close();
    if (status !== "outdated") {
      status = "outdated";
      for (const listener of listeners) listener(status);
    }
    // Dexie's own handler (it runs after this one) would close the database so that it opens
    // again on the next query: this tab's old code would go on reading and writing the new
    // schema (a play it ran would even start again here). `false` keeps it closed.
    return false;
  });
  return {
    status: () => status,
    onStatus: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
