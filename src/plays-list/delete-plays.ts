import { HeroError } from "../engine/errors";
import { messageOf } from "../wire/errors";

export interface DeletionReport {
  deleted: string[];
  /** Plays the engine would not delete, with its reason (running, a child its parent waits for). */
  refused: { sid: string; message: string }[];
}

/**
 * Delete the chosen plays one by one; one refusal does not stop the others. A refusal may fall
 * away once another chosen play is gone (a child its chosen parent waited for), so the refused
 * ones are tried again while a round deletes something. A play already gone counts as deleted.
 */
export async function deletePlays(
  remove: (sid: string) => Promise<void>,
  sids: readonly string[],
): Promise<DeletionReport> {
  const deleted: string[] = [];
  let left = [...sids];
  for (;;) {
    const refused: DeletionReport["refused"] = [];
    for (const sid of left) {
      try {
        await remove(sid);
        deleted.push(sid);
      } catch (failure) {
        if (failure instanceof HeroError && failure.code === "not_found") deleted.push(sid);
        else
          refused.push({
            sid,
            message: messageOf(failure),
          });
      }
    }
    if (refused.length === 0 || refused.length === left.length) return { deleted, refused };
    left = refused.map((r) => r.sid);
  }
}

/** One sentence for the list's status line: how many went, and why the others did not. */
export function describeDeletion({ deleted, refused }: DeletionReport): string {
  const went = `Deleted ${plural(deleted.length, "play")}.`;
  if (refused.length === 0) return went;
  const reasons = refused.map((r) => r.message).join("; ");
  return `${went} Not deleted: ${plural(refused.length, "play")} (${reasons}).`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
