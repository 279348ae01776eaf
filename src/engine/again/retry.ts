import type { Play, PlayRetry } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { jsonMembers } from "../../wire/json-text";
import { HeroError, notFound } from "../errors";
import { requireGranted } from "../network/grants";
import { trustKey } from "../run/pool";
import { closeSpans, nextBatchNo, runRecord } from "../run/run-end";
import { loadOutputs, runSpans } from "../store/spans";
import { move } from "../store/transitions";
import { requireId } from "../validate";
import { stepKeyVersion } from "./retry-keys";

/** The statuses a play can be retried from. */
const RETRYABLE = ["failed", "cancelled"] as const;

/**
 * Run a failed or cancelled play once more (`run_count + 1`), in one transaction: its status
 * goes back to `pending` (a second retry, in this tab or another, finds it so and is refused),
 * its error and end are cleared, and its earlier runs stay as they were. The run executes the
 * flow's current version (a play started on a chosen version keeps it) and replays every step
 * that finished, also after an edit of the flow (see `PlayRetry`); the step that failed, and
 * what follows it, execute. Returns the play and the trust key of the code it runs, to queue it.
 */
export async function retryPlay(db: HeroDb, playSid: string): Promise<{ play: Play; key: string }> {
  requireId(playSid, "play sid");
  const tables = [
    ...[db.plays, db.workflows, db.versions, db.runs, db.batches, db.outputs, db.answers],
    db.grants,
  ];
  return db.transaction("rw", tables, async () => {
    const play = await db.plays.get(playSid);
    if (!play) throw notFound("play", playSid);
    const versionSid = await versionToRetry(db, play);
    // A cassette replay sends nothing: its retry needs no grant either.
    if (!play.cassette_of) await requireGrantFor(db, play.workflow_sid, versionSid);
    await closeCancelledRun(db, play);
    const retried: PlayRetry = {
      run_no: play.run_count + 1,
      version_sid: versionSid,
      // Nothing ran yet: nothing is stored to key by anything but the version itself.
      key_version_sid: play.run_count > 0 ? stepKeyVersion(play, play.version_sid) : versionSid,
      forget: await failuresToForget(db, play),
    };
    const patch = { error: null, ended_at: null, pending_pause: null, waiting_on: [], retried };
    const next = await move(db, play, "pending", patch);
    return { play: next, key: trustKey(play.workflow_sid, versionSid) };
  });
}

/** The version a retry of `play` runs, or why it cannot be retried. */
async function versionToRetry(db: HeroDb, play: Play): Promise<string> {
  if (play.imported_at) {
    throw new HeroError(
      "read_only",
      `play ${play.sid} was imported from a bundle: it is a read-only record and cannot be retried here`,
    );
  }
  if (!(RETRYABLE as readonly string[]).includes(play.status)) {
    const instead =
      play.status === "completed"
        ? "Run it again (a new play) instead"
        : "it has not ended; cancel it first to retry it";
    throw new HeroError(
      "not_retryable",
      `play ${play.sid} is ${play.status}: only a failed or cancelled play can be retried (${instead})`,
    );
  }
  const workflow = play.workflow_sid ? await db.workflows.get(play.workflow_sid) : undefined;
  if (!workflow) {
    throw new HeroError(
      "not_retryable",
      `play ${play.sid} cannot be retried: its flow was deleted (or never existed), so there is no code to run`,
    );
  }
  const versionSid = play.pinned_version_sid ?? workflow.current_version_sid;
  const version = await db.versions.get(versionSid);
  if (version?.workflow_sid !== workflow.sid) {
    throw new HeroError(
      "not_retryable",
      `play ${play.sid} cannot be retried: the version it runs (${versionSid}) no longer exists`,
    );
  }
  return versionSid;
}

/**
 * A play cancelled while its run went on has that run's end recorded by the tab that ran it, once
 * its worker has stopped; a play cancelled while its tab closed never gets one. Either way the
 * retry records it now (as `cancelled`, its open spans closed saying why), so that the next run
 * does not start beside a run that looks unfinished. A late record by the stopping tab says the
 * same.
 */
async function closeCancelledRun(db: HeroDb, play: Play): Promise<void> {
  const runNo = play.run_count;
  if (play.status !== "cancelled" || runNo === 0) return;
  if (await db.runs.get([play.sid, runNo])) return;
  const run = { playSid: play.sid, runNo, versionSid: play.version_sid };
  const spans = await runSpans(db, play.sid, runNo, { replayed: false });
  const reason = "the play was cancelled while this span ran";
  await closeSpans(db, run, await nextBatchNo(db, run), spans, "cancelled", reason);
  const endedAt = play.ended_at ?? Date.now();
  await db.runs.put(runRecord(run, spans[0]?.started_at ?? endedAt, endedAt, "cancelled"));
}

/**
 * The places in the play's step cache of the failures its last run ended on that were stored as
 * outputs (a `flow.wait` memoizes a failed child), with those earlier retries forgot: a retry
 * executes the step that failed, and a wait looks at its child again (which may have been
 * retried and completed meanwhile). A failed step stores nothing, so it executes anyway.
 */
async function failuresToForget(db: HeroDb, play: Play): Promise<number[]> {
  const earlier = play.retried?.forget ?? [];
  if (play.run_count === 0) return earlier;
  const spans = await runSpans(db, play.sid, play.run_count);
  const failed = new Set(
    spans.filter((s) => s.status === "failed" && s.step_key).map((s) => s.step_key as string),
  );
  if (failed.size === 0) return earlier;
  const places = new Set(earlier);
  let place = 0;
  for (const text of await loadOutputs(db, play.sid)) {
    for (const [key] of jsonMembers(text)) {
      if (failed.has(key)) places.add(place);
      place++;
    }
  }
  return [...places].sort((a, b) => a - b);
}

/** A retry runs the version's code again: refused while it declares origins not granted. */
async function requireGrantFor(db: HeroDb, workflowSid: string, versionSid: string) {
  const [workflow, version] = await Promise.all([
    db.workflows.get(workflowSid),
    db.versions.get(versionSid),
  ]);
  // versionToRetry found both.
  await requireGranted(db, workflow!, version!);
}
