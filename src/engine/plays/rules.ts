import type { Play } from "../../db/records";
import { HeroError } from "../errors";

/** Imported plays are records of what happened elsewhere: they never run here. */
export function refuseImported(play: Play, what: string): void {
  if (play.imported_at) {
    throw new HeroError(
      "read_only",
      `play ${play.sid} was imported from a bundle: it is a read-only record and cannot be ${what} here`,
    );
  }
}

/** Paused, or failed at a pause only because the play was prefill-only. */
export function answerable(play: Play): boolean {
  return play.pending_pause !== null && (play.status === "paused" || play.status === "failed");
}
