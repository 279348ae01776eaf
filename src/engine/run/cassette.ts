import type { Play } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import type { CassetteCall, CassetteCalls } from "../../wire/records";
import { runSpans, storedOutputs } from "../store/spans";

/**
 * One call a play made: its call key and the JSON text of the output it stored, or `"null"` and
 * the message of a call that failed.
 */
type Call = CassetteCall;

/**
 * A failed call a cassette replays as the same failure: the step failed with `Failed`, as an
 * `http` call does on a network error, a CORS refusal, a time-out or an origin not granted. A
 * call that raised anything else (an `instrument()`ed method's own exception) is not recorded.
 */
const REPLAYED_FAILURE = "Failed";

/**
 * The recorded answers a run of cassette play `play` gets: the calls the recorded play made, in
 * the order it made them, less those this play's earlier runs took already (their outputs are
 * in its own step cache and replay from there). Runs inside the caller's transaction.
 */
export async function cassetteFor(db: HeroDb, play: Play): Promise<CassetteCalls | undefined> {
  const recordedSid = play.cassette_of;
  if (recordedSid === undefined) return undefined;
  const [recorded, taken] = await Promise.all([
    madeCalls(db, recordedSid),
    madeCalls(db, play.sid),
  ]);
  return { play_sid: recordedSid, calls: withoutTaken(recorded, taken) };
}

/**
 * The rpc calls a play executed (not replayed) and finished or failed with `Failed`, over all
 * its runs in order, each with its stored output or its failure: what a cassette of that play
 * answers. A call recorded by a build without call keys, or whose output is not stored, is left
 * out.
 */
export async function madeCalls(db: HeroDb, playSid: string): Promise<Call[]> {
  const keys = await db.batches
    .where("[play_sid+run_no+batch_no]")
    .between([playSid, -Infinity, -Infinity], [playSid, Infinity, Infinity])
    .primaryKeys();
  const runNos = [...new Set(keys.map(([, runNo]) => runNo))].sort((a, b) => a - b);
  const outputs = await storedOutputs(db, playSid);
  const calls: Call[] = [];
  for (const runNo of runNos) {
    for (const span of await runSpans(db, playSid, runNo, { replayed: false })) {
      const callKey = span.attributes?.call_key;
      if (span.kind !== "rpc" || span.replayed || typeof callKey !== "string") continue;
      if (span.status === "failed" && span.error?.type === REPLAYED_FAILURE) {
        // The span's message starts with the type (as a traceback's last line does); the call
        // fails again with what `str(failure)` said.
        const prefix = `${REPLAYED_FAILURE}: `;
        const { message } = span.error;
        calls.push([
          callKey,
          "null",
          message.startsWith(prefix) ? message.slice(prefix.length) : message,
        ]);
        continue;
      }
      const output = span.status === "ok" && span.step_key ? outputs.get(span.step_key) : undefined;
      if (output !== undefined) calls.push([callKey, output]);
    }
  }
  return calls;
}

/** `recorded` without, per call key, as many of its first calls as `taken` has of that key. */
function withoutTaken(recorded: Call[], taken: Call[]): Call[] {
  const skip = new Map<string, number>();
  for (const [key] of taken) skip.set(key, (skip.get(key) ?? 0) + 1);
  return recorded.filter(([key]) => {
    const left = skip.get(key) ?? 0;
    if (left > 0) skip.set(key, left - 1);
    return left === 0;
  });
}
