import type { Play } from "../db/records";
import type { RunStage } from "../engine/run/run-stages";

/** What the page knows of a play beyond its record, to say what it waits for. */
export interface WaitFacts {
  /** This tab's stage of the play's run (see `RunStages`). */
  stage: RunStage | undefined;
  /** Whether the run on view has recorded a span yet. */
  hasSpans: boolean;
  /** How many of the children it waits for have not finished (unknown: `waiting_on`'s length). */
  unfinishedChildren?: number;
}

/**
 * What a play that is not doing anything visible waits for, in words for its badge and its spans
 * box ("queued: starting Python", "waiting for 3 child plays"); null when it is not waiting.
 */
export function waitingFor(play: Play, facts: WaitFacts): string | null {
  if (play.status === "pending") {
    return facts.stage === "starting-python"
      ? "queued: starting Python"
      : "queued: waiting for a worker";
  }
  if (play.status === "running") {
    if (facts.stage === "starting-python") return "starting Python";
    if (facts.stage === "installing-packages") return "installing packages";
    return facts.hasSpans ? null : "starting the run";
  }
  if (play.status === "waiting") {
    const count = facts.unfinishedChildren ?? play.waiting_on.length;
    if (count === 0) return "children finished: queued to go on";
    return `waiting for ${count} child play${count === 1 ? "" : "s"}`;
  }
  if (play.status === "paused") return "waiting for an answer";
  return null;
}

/** A wait as a sentence's start: "Queued: starting Python". */
export const asSentence = (note: string): string => note.charAt(0).toUpperCase() + note.slice(1);
