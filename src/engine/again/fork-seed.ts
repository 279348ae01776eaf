import type { PauseAnswer, Span } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { outputsText, storedOutputs } from "../store/spans";

const PAUSE = "pause:";

/**
 * What a fork starts with: the results of the steps that finished before the chosen span
 * started, taken from the original play. The fork stores them as its *seed*, run 0: an output
 * row (its step cache starts with them, so those steps replay) and a span batch of the spans
 * that produced them (so its replayed spans show their name, input and origin, as any
 * replayed span does), plus the pause answers given before that point.
 */
export interface ForkSeed {
  /** Step key → output as the JSON text the SDK wrote, in the order the original ran them. */
  outputs: [stepKey: string, output: string][];
  /** The spans that returned those outputs, as the chosen run shows them. */
  spans: Span[];
  /** Answers to the pauses passed before the chosen span, by pause key (`approve#1`). */
  answers: Omit<PauseAnswer, "play_sid">[];
}

/**
 * The spans of one run that had finished when `chosen` started, in the order they opened.
 * Python runs a flow on one stack: when a span opens, every span opened before it has closed
 * except its ancestors, which are still open (a group or step around the chosen span has not
 * finished, so its own result is not carried; its children before the chosen span are).
 *
 * Child plays are left out (a `subflow` span: a spawn returns a child play's sid, a wait its
 * result): a play's children are its own, and a fork waiting on the original's child would
 * wait for a play that never wakes it. A fork starts its children again.
 */
export function finishedBefore(spans: Span[], chosen: Span): Span[] {
  const bySid = new Map(spans.map((span) => [span.sid, span]));
  const open = new Set<string>();
  let sid = chosen.parent_sid;
  while (sid && !open.has(sid)) {
    open.add(sid);
    sid = bySid.get(sid)?.parent_sid ?? null;
  }
  return spans
    .filter(
      (span) =>
        span.seq < chosen.seq &&
        !open.has(span.sid) &&
        span.step_key !== null &&
        span.status !== "running" &&
        span.status !== "paused" &&
        span.kind !== "subflow",
    )
    .sort((a, b) => a.seq - b.seq);
}

/**
 * The seed of a fork of `playSid` at `chosen`, a span of the run whose spans are `runSpans`.
 * A replayed span carries the output its origin produced (stored under the same step key).
 */
export async function readForkSeed(
  db: HeroDb,
  playSid: string,
  runSpans: Span[],
  chosen: Span,
): Promise<ForkSeed> {
  const [texts, answers] = await Promise.all([
    storedOutputs(db, playSid),
    db.answers.where("[play_sid+key]").between([playSid, ""], [playSid, "\uffff"]).toArray(),
  ]);
  const answerOf = new Map(answers.map((answer) => [answer.key, answer]));
  const seed: ForkSeed = { outputs: [], spans: [], answers: [] };
  const carried = new Set<string>();
  for (const span of finishedBefore(runSpans, chosen)) {
    const key = span.step_key!;
    if (carried.has(key)) continue;
    const output = texts.get(key);
    if (output !== undefined) {
      carried.add(key);
      seed.outputs.push([key, output]);
      // A pause answered by prefill is read from the cache by key, never replayed as a range.
      if (!key.startsWith(PAUSE)) seed.spans.push(span);
      continue;
    }
    const answer = key.startsWith(PAUSE) ? answerOf.get(key.slice(PAUSE.length)) : undefined;
    if (answer) {
      carried.add(key);
      const { play_sid: _, ...rest } = answer;
      seed.answers.push(rest);
    }
  }
  return seed;
}

/**
 * Store `seed` as run 0 of play `forkSid` (inside the caller's transaction). Its spans become
 * producers: not replayed, of run 0 and this play, so the fork's replayed spans name them
 * (`replayed_from_run` 0) by the sid they have in the original's run.
 */
export async function writeForkSeed(db: HeroDb, forkSid: string, seed: ForkSeed): Promise<void> {
  const key = { play_sid: forkSid, run_no: 0, batch_no: 0 };
  if (seed.outputs.length > 0) {
    await db.outputs.put({ ...key, log: outputsText(seed.outputs) });
    const spans = seed.spans.map((span) => ({
      ...span,
      play_sid: forkSid,
      run_no: 0,
      replayed: false,
      replayed_from_run: null,
      replayed_from_span: null,
    }));
    await db.batches.put({ ...key, spans });
  }
  if (seed.answers.length > 0) {
    await db.answers.bulkPut(seed.answers.map((answer) => ({ ...answer, play_sid: forkSid })));
  }
}
