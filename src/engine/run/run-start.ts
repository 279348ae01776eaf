import type { NetworkGrant, Play, Workflow, WorkflowVersion } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import type { LibraryEntry, PackedJournal, WarmCache } from "../../wire/records";
import { retriedKeys } from "../again/retry-keys";
import { declaredOrigins, originsForRun } from "../network/grants";
import { allSecrets } from "../secrets/secrets";
import { childStates, wakeParent } from "../store/children";
import { packJournal } from "../store/span-log";
import {
  appendSpans,
  loadAnswers,
  loadOutputs,
  type RunIdentity,
  runSpans,
  type StepCache,
} from "../store/spans";
import { move, transition } from "../store/transitions";
import { cassetteFor } from "./cassette";
import { trustKey } from "./pool";
import { cutOffEnds, nextBatchNo, runRecord } from "./run-end";

/**
 * Whether a play needs a run here: it is `pending`, or `running` with no tab running it (its
 * tab closed), and not imported. Then the trust key of the code that run executes: a worker
 * runs the code of one workflow version only (see `PythonPool`), so `executeRun` asks for the
 * one this play will run. Null: no run.
 */
export async function codeToRun(db: HeroDb, playSid: string): Promise<string | null> {
  return db.transaction("r", db.plays, db.workflows, async () => {
    const play = await db.plays.get(playSid);
    if (play?.status !== "pending" && play?.status !== "running") return null;
    if (play.imported_at) return null;
    const workflow = play.pinned_version_sid ? null : await db.workflows.get(play.workflow_sid);
    const versionSid = play.pinned_version_sid ?? workflow?.current_version_sid ?? play.version_sid;
    return trustKey(play.workflow_sid, versionSid);
  });
}

/** How many parent plays `play` has (the SDK refuses a child past its depth limit). */
async function playDepth(db: HeroDb, play: Play): Promise<number> {
  let depth = 0;
  for (let sid = play.parent_play_sid; sid && depth <= 64; depth++) {
    sid = (await db.plays.get(sid))?.parent_play_sid ?? null;
  }
  return depth;
}

/**
 * Begin a run in the stored data, in one transaction: the play moves to `running` with its next
 * run number, and the run gets what Python needs (its request, the stored steps and answers).
 * Null when the play needs no run; `{ woken }` when it failed instead of running (its version
 * is gone, or its runs were cut off too often), with the parent that failure wakes.
 *
 * `warm`: the step cache the worker's Python keeps (see `WarmCache`). When it is this play's
 * after its latest run (no run began since, in any tab: each raises `run_count`) and the run
 * has no secrets (whose values the stored outputs hold redacted), the stored outputs are not
 * read and the request says `warm` instead.
 */
export async function startRun(db: HeroDb, playSid: string, maxChildren: number, warm?: WarmCache) {
  const tables = [
    ...[db.plays, db.workflows, db.versions, db.runs],
    ...[db.batches, db.outputs, db.answers, db.secrets],
    db.grants,
  ];
  return db.transaction("rw", tables, async () => {
    // Independent reads at once, in two rounds: every IndexedDB round trip costs a turn of the
    // event loop. The library gives the play's workflow and the names of its children's.
    const mayBeWarm = warm?.play_sid === playSid;
    const [play, workflows, childPlays, stored, answers, secrets] = await Promise.all([
      db.plays.get(playSid),
      db.workflows.toArray(),
      db.plays.where("parent_play_sid").equals(playSid).toArray(),
      mayBeWarm ? null : loadOutputs(db, playSid),
      loadAnswers(db, playSid),
      allSecrets(db),
    ]);
    if (!play || (play.status !== "pending" && play.status !== "running")) return null;
    const warmCache = mayBeWarm && play.run_count === warm.run_no && secrets.length === 0;
    const outputs = warmCache ? [] : (stored ?? (await loadOutputs(db, playSid)));
    const cache: StepCache = { outputs, answers };
    // An imported play is a record of a run elsewhere; it is never executed here.
    if (play.imported_at) return null;
    if (play.status === "running") {
      const cutOff = await closeInterruptedRun(db, play);
      if (cutOff >= MAX_INTERRUPTED_RUNS) {
        const patch = { error: interruptedTooOften(cutOff), ended_at: Date.now() };
        const failed = await transition(db, playSid, "failed", patch, ["running"]);
        return { woken: failed ? await wakeParent(db, failed) : null };
      }
    }
    const workflow = workflows.find((w) => w.sid === play.workflow_sid);
    const versionSid = play.pinned_version_sid ?? workflow?.current_version_sid ?? play.version_sid;
    const [[version, ...currents], expected, depth, cassette, grants] = await Promise.all([
      db.versions.bulkGet([versionSid, ...workflows.map((w) => w.current_version_sid)]),
      lastJournal(db, playSid, versionSid),
      playDepth(db, play),
      cassetteFor(db, play),
      db.grants.toArray(),
    ]);
    const libraryEntries = library(workflows, currents, grants);
    const children = childStates(childPlays, workflows);
    if (!workflow || !version) {
      const message = "the workflow of this play, or its version, no longer exists";
      const error = { type: "NotFound", message, traceback: "" };
      const failed = await transition(db, playSid, "failed", { error, ended_at: Date.now() });
      return { woken: failed ? await wakeParent(db, failed) : null };
    }
    // The play as read above: nothing in this transaction changed it since.
    const running = await move(db, play, "running", {
      version_sid: version.sid,
      run_count: play.run_count + 1,
      started_at: play.started_at ?? Date.now(),
    });
    const run: RunIdentity = { playSid, runNo: running.run_count, versionSid: version.sid };
    // Read as the run begins: a grant revoked while the play waited is not handed in.
    const grantedOrigins = await originsForRun(db, version);
    const request = {
      play_sid: playSid,
      run_no: running.run_count,
      ...(warmCache && { warm }),
      workflow_name: workflow.name,
      version_sid: version.sid,
      source: version.source,
      entry: version.entry,
      inputs: running.input_data,
      inputs_json: running.input_json,
      prefill_json: running.prefill_json,
      prefill: running.prefill_resumes,
      prefill_only: running.prefill_only,
      expected,
      library: libraryEntries,
      children,
      // The play's own cap (plays.start's maxChildren) may lower the engine's, never raise it.
      max_children: Math.min(running.max_children ?? maxChildren, maxChildren),
      depth,
      ...retriedKeys(running, version.sid),
      secrets: Object.fromEntries(secrets.map(({ name, value }) => [name, value])),
      granted_origins: grantedOrigins,
      ...(cassette && { cassette }),
    };
    // Installed before the code runs (run-packages.ts); absent on versions older than them.
    const dependencies = version.dependencies ?? [];
    return { play: running, run, request, cache, secrets, dependencies };
  });
}

/**
 * A play whose runs were cut off this many times in a row (its tab or worker died each time) is
 * failed instead of run again: a flow that crashes its tab would otherwise crash every tab that
 * opens after it, for ever.
 */
export const MAX_INTERRUPTED_RUNS = 3;

/**
 * A play still `running` when a worker takes it up was cut off (its tab closed, crashed or
 * reloaded mid-run): the spans it had open end `cancelled`, saying so, and the run is recorded
 * as interrupted, before the play runs again. Returns how many runs in a row ended that way.
 */
async function closeInterruptedRun(db: HeroDb, play: Play): Promise<number> {
  const runNo = play.run_count;
  if (runNo === 0 || (await db.runs.get([play.sid, runNo]))) return 0;
  const ended_at = Date.now();
  const run = { playSid: play.sid, runNo, versionSid: play.version_sid };
  const reason =
    "the run was cut off while this span ran: the tab running the play closed, crashed or " +
    "reloaded, or its Python worker died";
  const spans = await runSpans(db, play.sid, runNo, { replayed: false });
  const lost = "the run was cut off before its outcome was stored";
  const ends = cutOffEnds(spans, ended_at, reason, lost);
  if (ends.length > 0) await appendSpans(db, run, await nextBatchNo(db, run), ends);
  const startedAt = spans[0]?.started_at ?? play.started_at ?? ended_at;
  await db.runs.put(runRecord(run, startedAt, ended_at, "interrupted"));
  const runs = await db.runs
    .where("[play_sid+run_no]")
    .between([play.sid, -Infinity], [play.sid, Infinity])
    .reverse()
    .toArray();
  const streak = runs.findIndex((r) => r.ended_by !== "interrupted");
  return streak === -1 ? runs.length : streak;
}

/** The error of a play failed for its runs being cut off `count` times in a row. */
function interruptedTooOften(count: number) {
  const message =
    `this play's last ${count} runs ended without an outcome: each time, the tab running it ` +
    "closed or crashed, or its Python worker died (a flow that exhausts the browser's memory " +
    "crashes its tab). It was failed instead of being run again, so that it cannot take the " +
    "app down with it; its stored steps are kept.";
  return { type: "Interrupted", message, traceback: "" };
}

/** The current version of every workflow, for `flow.invoke` and `flow.run_async`. */
function library(
  workflows: Workflow[],
  versions: (WorkflowVersion | undefined)[],
  grants: NetworkGrant[],
): Record<string, LibraryEntry> {
  const granted = new Map(grants.map((grant) => [grant.workflow_sid, new Set(grant.origins)]));
  const entries: Record<string, LibraryEntry> = {};
  workflows.forEach((workflow, i) => {
    const version = versions[i];
    if (!version) return;
    const { source, entry, inputs } = version;
    const network = declaredOrigins(version);
    const own = granted.get(workflow.sid);
    const granted_origins = network.filter((origin) => own?.has(origin));
    entries[workflow.name] = {
      version_sid: version.sid,
      source,
      entry,
      inputs,
      network,
      granted_origins,
    };
  });
  return entries;
}

/** The steps the latest finished run under `versionSid` asked for, in order. */
async function lastJournal(
  db: HeroDb,
  playSid: string,
  versionSid: string,
): Promise<PackedJournal> {
  const last = await db.runs
    .where("[play_sid+run_no]")
    .between([playSid, -Infinity], [playSid, Infinity])
    .last();
  return last?.version_sid === versionSid ? packJournal(last.journal) : "";
}
