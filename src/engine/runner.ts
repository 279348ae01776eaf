import type { RunOutcome, SpanRecord } from "../../worker/api";
import type { Play } from "../db/records";
import type { HeroDb } from "../db/schema";
import type { PythonHost } from "./python-host";
import { loadStepCache, persistSpanBatch, type RunIdentity } from "./spans";

/**
 * Execute one run of a play's body in Python and persist what it produces. The play must be
 * `pending`, or `running` when recovered from a closed tab (the caller holds the play's lock);
 * it is `running` while Python works and ends `completed` or `failed`.
 */
export async function executeRun(db: HeroDb, python: PythonHost, playSid: string): Promise<void> {
  const prepared = await startRun(db, playSid);
  if (!prepared) return;
  const { play, run, source, entry, workflowName } = prepared;
  const stepCache = await loadStepCache(db, playSid);

  let received = 0;
  let persisted: Promise<void> = Promise.resolve();
  let storageError: unknown = null;
  const onBatch = (json: string) => {
    received += 1;
    const records = JSON.parse(json) as SpanRecord[];
    persisted = persisted
      .then(() => persistSpanBatch(db, run, records))
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
        step_cache: stepCache,
      },
      onBatch,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcome = {
      status: "failed",
      error: { type: "RuntimeError", message, traceback: "" },
      batches: received,
    };
  }
  await allBatches(() => received >= outcome.batches);
  await persisted;
  await finishRun(db, playSid, outcome, storageError);
}

async function startRun(db: HeroDb, playSid: string) {
  return db.transaction("rw", db.plays, db.workflows, db.versions, async () => {
    const play = await db.plays.get(playSid);
    if (!play || (play.status !== "pending" && play.status !== "running")) return null;
    const workflow = await db.workflows.get(play.workflow_sid);
    const versionSid = play.pinned_version_sid ?? workflow?.current_version_sid ?? play.version_sid;
    const version = await db.versions.get(versionSid);
    if (!version) {
      await db.plays.put({
        ...play,
        status: "failed",
        error: {
          type: "NotFound",
          message: "the workflow version of this play no longer exists",
          traceback: "",
        },
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
    const workflowName = workflow?.name ?? "flow";
    return { play: running, run, source: version.source, entry: version.entry, workflowName };
  });
}

async function finishRun(db: HeroDb, playSid: string, outcome: RunOutcome, storageError: unknown) {
  await db.transaction("rw", db.plays, async () => {
    const play = await db.plays.get(playSid);
    if (play?.status !== "running") return;
    const ended_at = Date.now();
    if (storageError) {
      const message = `could not store the play's spans: ${storageError instanceof Error ? storageError.message : String(storageError)}`;
      await db.plays.put({
        ...play,
        status: "failed",
        error: { type: "StorageError", message, traceback: "" },
        ended_at,
      });
    } else if (outcome.status === "completed") {
      await db.plays.put({
        ...play,
        status: "completed",
        output_data: outcome.output,
        error: null,
        ended_at,
      });
    } else {
      await db.plays.put({ ...play, status: "failed", error: outcome.error, ended_at });
    }
  });
}

/** Batches travel on their own port and may trail the outcome by a few tasks. */
async function allBatches(done: () => boolean): Promise<void> {
  for (let i = 0; !done() && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
}
