import type { JournalEntry, RunOutcome, SpanRecord } from "../../worker/api";
import type { Play, RunRecord } from "../db/records";
import type { HeroDb } from "../db/schema";
import type { PythonHost } from "./python-host";
import { cacheOutputs, loadStepCache, persistSpanBatch, type RunIdentity } from "./spans";

/**
 * Execute one run of a play's body in Python and persist what it produces. The play must be
 * `pending`, or `running` when recovered from a closed tab (the caller holds the play's lock);
 * it is `running` while Python works and ends `completed`, `failed` or `paused`.
 */
export async function executeRun(db: HeroDb, python: PythonHost, playSid: string): Promise<void> {
  const prepared = await startRun(db, playSid);
  if (!prepared) return;
  const { play, run, source, entry, workflowName, expected } = prepared;
  const cache = await loadStepCache(db, playSid);
  const startedAt = Date.now();

  let received = 0;
  let persisted: Promise<void> = Promise.resolve();
  let storageError: unknown = null;
  const onBatch = (json: string) => {
    received += 1;
    const records = JSON.parse(json) as SpanRecord[];
    persisted = persisted
      .then(() => persistSpanBatch(db, run, records, cache))
      .catch((error: unknown) => {
        storageError ??= error;
      });
  };

  let outcome: RunOutcome;
  try {
    outcome = await python.run(
      {
        workflow_name: workflowName,
        version_sid: run.versionSid,
        source,
        entry,
        inputs: play.input_data,
        step_cache: cacheOutputs(cache),
        prefill: play.prefill_resumes,
        prefill_only: play.prefill_only,
        expected,
      },
      onBatch,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failure = { type: "RuntimeError", message, traceback: "" };
    outcome = { status: "failed", error: failure, batches: received, journal: [] };
  }
  await allBatches(() => received >= outcome.batches);
  await persisted;
  await finishRun(db, run, startedAt, outcome, storageError);
}

async function startRun(db: HeroDb, playSid: string) {
  return db.transaction("rw", [db.plays, db.workflows, db.versions, db.runs], async () => {
    const play = await db.plays.get(playSid);
    if (!play || (play.status !== "pending" && play.status !== "running")) return null;
    const workflow = await db.workflows.get(play.workflow_sid);
    const versionSid = play.pinned_version_sid ?? workflow?.current_version_sid ?? play.version_sid;
    const version = await db.versions.get(versionSid);
    if (!version) {
      const message = "the workflow version of this play no longer exists";
      await db.plays.put({
        ...play,
        status: "failed",
        error: { type: "NotFound", message, traceback: "" },
        ended_at: Date.now(),
      });
      return null;
    }
    const running: Play = {
      ...play,
      status: "running",
      version_sid: version.sid,
      run_count: play.run_count + 1,
      started_at: play.started_at ?? Date.now(),
    };
    await db.plays.put(running);
    const run: RunIdentity = { playSid, runNo: running.run_count, versionSid: version.sid };
    return {
      play: running,
      run,
      source: version.source,
      entry: version.entry,
      workflowName: workflow?.name ?? "flow",
      expected: await lastJournal(db, playSid, version.sid),
    };
  });
}

/** The steps the latest finished run under `versionSid` asked for, in order. */
async function lastJournal(
  db: HeroDb,
  playSid: string,
  versionSid: string,
): Promise<JournalEntry[]> {
  const last = await db.runs
    .where("[play_sid+run_no]")
    .between([playSid, -Infinity], [playSid, Infinity])
    .last();
  return last?.version_sid === versionSid ? last.journal : [];
}

async function finishRun(
  db: HeroDb,
  run: RunIdentity,
  startedAt: number,
  outcome: RunOutcome,
  storageError: unknown,
) {
  await db.transaction("rw", db.plays, db.runs, async () => {
    const play = await db.plays.get(run.playSid);
    if (play?.status !== "running") return;
    const ended_at = Date.now();
    const record: RunRecord = {
      play_sid: run.playSid,
      run_no: run.runNo,
      version_sid: run.versionSid,
      started_at: startedAt,
      ended_at,
      ended_by: storageError ? "failed" : outcome.status,
      pause_key: outcome.status === "paused" ? outcome.pause.key : null,
      journal: outcome.journal,
    };
    await db.runs.put(record);
    if (storageError) {
      const reason = storageError instanceof Error ? storageError.message : String(storageError);
      const message = `could not store the play's spans: ${reason}`;
      const error = { type: "StorageError", message, traceback: "" };
      await db.plays.put({ ...play, status: "failed", error, ended_at });
    } else if (outcome.status === "completed") {
      await db.plays.put({
        ...play,
        status: "completed",
        output_data: outcome.output,
        error: null,
        ended_at,
      });
    } else if (outcome.status === "paused") {
      await db.plays.put({ ...play, status: "paused", pending_pause: outcome.pause });
    } else {
      const pending_pause = outcome.pause ?? null;
      await db.plays.put({
        ...play,
        status: "failed",
        error: outcome.error,
        pending_pause,
        ended_at,
      });
    }
  });
}

/** Batches travel on their own port and may trail the outcome by a few tasks. */
async function allBatches(done: () => boolean): Promise<void> {
  for (let i = 0; !done() && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
}
