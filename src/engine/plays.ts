import type { HeroDb } from "../db/schema";
import { createPlayEnds } from "./plays/end";
import { createPlayReads } from "./plays/read";
import { createPlayStarts } from "./plays/start";
import { waitForPlay } from "./plays/wait";
import type { WaitOptions } from "./run/play-options";
import type { Workflows } from "./workflows";

export type { RunSummary } from "./plays/read";
export { answerable } from "./plays/rules";
export type { ListOptions, ResumeOptions, StartOptions, WaitOptions } from "./run/play-options";

/** Plays: reading them, starting and resuming them, waiting for them, ending them. */
export function createPlays(
  db: HeroDb,
  workflows: Workflows,
  /** Queue a play; `key`: the trust key of the code it runs, when known (see `codeToRun`). */
  enqueue: (playSid: string, key?: string) => void,
  /** Stop a play's run if it is running in this tab. */
  stopRun: (playSid: string) => void,
  /** The engine's cap on child plays per play: `maxChildren` may lower it, not raise it. */
  limits: { maxChildren: number },
) {
  const { get, list, spans, runs } = createPlayReads(db, workflows);
  const { start, resume } = createPlayStarts(db, workflows, get, enqueue, limits);
  const { cancel, delete: remove } = createPlayEnds(db, get, enqueue, stopRun);
  const wait = (playSid: string, options?: WaitOptions) => waitForPlay(db, playSid, options);
  return { start, wait, resume, cancel, get, list, spans, runs, delete: remove };
}

export type Plays = ReturnType<typeof createPlays>;
