import { liveQuery } from "dexie";
import type { Play } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { HeroError, notFound } from "../errors";
import { readWaitOptions, type WaitOptions } from "../run/play-options";
import { onTransition } from "../store/transitions";
import { requireId } from "../validate";

/** Resolve when the play reaches one of `until`; `timeout` leaves the play going on. */
export async function waitForPlay(
  db: HeroDb,
  playSid: string,
  options: WaitOptions = {},
): Promise<Play> {
  requireId(playSid, "play sid");
  const { until, timeoutMs: ms } = readWaitOptions(options);
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopListening();
      queueMicrotask(() => subscription.unsubscribe());
      finish();
    };
    const check = (play: Play | undefined) => {
      if (!play) settle(() => reject(notFound("play", playSid)));
      else if (until.includes(play.status)) settle(() => resolve(play));
    };
    // This tab's own changes, as they commit; the live query reads what other tabs store
    // (and the play as it is now).
    const stopListening = onTransition(db, (play) => {
      // Each caller gets a record of its own, as from a read.
      if (play.sid === playSid && until.includes(play.status)) check(structuredClone(play));
    });
    const subscription = liveQuery(() => db.plays.get(playSid)).subscribe({
      next: check,
      error: (error: unknown) => settle(() => reject(error)),
    });
    if (ms !== null) {
      const late = new HeroError(
        "timeout",
        `play ${playSid} did not reach ${until.join("/")} within ${ms} ms`,
      );
      // The live query's first answer can come after a short timer: what is stored has the
      // last word, so a play already there is returned, not a time-out.
      timer = setTimeout(() => {
        db.plays.get(playSid).then(
          (play) => {
            check(play);
            settle(() => reject(late));
          },
          (error: unknown) => settle(() => reject(error)),
        );
      }, ms);
    }
  });
}
