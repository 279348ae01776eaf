import type { SpanBatchSink } from "../../../worker/api";
import type { Play, RunRecord, Span, Workflow, WorkflowVersion } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { messageOf } from "../../wire/errors";
import type { LibraryEntry, PackedJournal, RunOutcome, RunRequest } from "../../wire/records";
import { retriedKeys } from "../again/retry-keys";
import { allFinished, childStates, wakeParent } from "../store/children";
import { packJournal } from "../store/span-log";
import {
  appendSpans,
  compactOutputs,
  loadStepCache,
  type RunIdentity,
  runSpans,
} from "../store/spans";
import { isQuotaExceeded } from "../store/storage-errors";
import { move, transition } from "../store/transitions";
import { type BatchWriter, createBatchWriter } from "./batch-writer";
import { type PoolLease, type PythonPool, trustKey } from "./pool";
import { WorkerGoneError } from "./python-host";
import type { RunStages } from "./run-stages";
import { measurePhase } from "./timing";

/**
 * Why a run was stopped from outside: a cancel, its time-out, or this tab's code going out of
 * date (another tab upgraded the database; nothing can be stored here any more).
 */
export type StopReason = "cancelled" | "timeout" | "outdated";

export interface RunnerDeps {
  db: HeroDb;
  pool: PythonPool;
  /** Queue a play (a child just created, a parent whose children finished). */
  enqueue(playSid: string): void;
  /** The plays running in this tab, with the way to stop each. */
  running: Map<string, (reason: StopReason) => void>;
  /** Longest a run may take when the play sets no `timeout_ms`. */
  defaultTimeoutMs: number;
  /** How many child plays one play may start (a flow spawning without end fails there). */
  maxChildren: number;
  /** What this tab's plays wait for before their Python begins (the page shows it). */
  stages?: RunStages;
}

/**
 * Execute one run of a play's body on a pooled worker and persist what it produces. The play
 * must be `pending`, or `running` when recovered from a closed tab (the caller holds the
 * play's lock). It ends `completed`, `failed`, `paused` or `waiting`, or is stopped: a cancel,
 * a time-out or the first batch the storage refuses terminates the worker, and a fresh one
 * takes its place. An `outdated` stop writes nothing: the play stays `running` in the stored
 * data and is taken up again (replaying) after the reload, as when a tab closes mid-run.
 */
export async function executeRun(deps: RunnerDeps, playSid: string, key: string): Promise<void> {
  const t0 = performance.now();
  const begun = await beginRun(deps, playSid, key, t0);
  if (!begun) return;
  const { play, run, request, cache, lease, acquired } = begun;
  const startedAt = Date.now();
  recordWaits(deps, play, run, lease, startedAt);
  const t1 = measurePhase("begin", playSid, acquired);

  const watch = watchRun(deps, play, run);
  const running = runOnWorker(
    lease,
    { ...request, step_cache: cache.outputs, answers: cache.answers },
    watch.writer,
  );
  const outcome = await Promise.race([running, watch.stopped]);
  const t2 = performance.now();
  clearTimeout(watch.timer);
  deps.running.delete(playSid);
  deps.stages?.set(playSid, null);

  const result = await takeOutcome(deps, run, lease, watch, outcome, startedAt);
  if (!result) return;
  const { writer } = watch;
  const storageError = writer.error;
  const t3 = measurePhase("batches", playSid, t2);
  await recordEnd(deps, run, startedAt, result, writer.rows + 1, storageError);
  measureRun(playSid, run.runNo, [t0, t1, t2, t3]);
  // Once the end is stored, and a little later: a play resumed or retried at once must not wait
  // for it (its next run reads the step cache, which the merge would hold). The merge touches
  // only this run's rows, in one transaction; a reader meanwhile reads the same outputs from the
  // rows as from the merged row.
  if (!storageError) {
    setTimeout(() => compactOutputs(deps.db, run).catch(() => {}), COMPACT_AFTER_MS);
  }
}

/**
 * Lend the run a worker and begin the run in the stored data. Null when there is no run to
 * execute (another tab ran the play, it ended, or it failed before its run); the worker is
 * given back then.
 */
async function beginRun(deps: RunnerDeps, playSid: string, key: string, t0: number) {
  let lease = await deps.pool.acquire(key);
  const acquired = measurePhase("acquire", playSid, t0);
  const prepared = await startRun(deps.db, playSid, deps.maxChildren).catch((error: unknown) => {
    lease.release();
    throw error;
  });
  if (!prepared || "woken" in prepared) {
    lease.release();
    if (prepared?.woken) deps.enqueue(prepared.woken);
    return null;
  }
  // A version saved while this run waited for its worker: that worker is not the one for it.
  const runKey = trustKey(prepared.play.workflow_sid, prepared.run.versionSid);
  if (runKey !== key) {
    lease.release();
    lease = await deps.pool.acquire(runKey);
  }
  return { ...prepared, lease, acquired };
}

/** What stops a run from outside: a cancel, its time-out, the first batch the storage refuses. */
type Stop = StopReason | "storage";

interface RunWatch {
  /** Resolves with the first reason to stop the run. */
  stopped: Promise<Stop>;
  /** Stores the batches the run sends, in order. */
  writer: BatchWriter;
  timer: ReturnType<typeof setTimeout>;
  timeoutMs: number;
}

/** Store what the run sends, and let a cancel, its time-out or a refused batch stop it. */
function watchRun(deps: RunnerDeps, play: Play, run: RunIdentity): RunWatch {
  let stop: (reason: Stop) => void = () => {};
  const stopped = new Promise<Stop>((resolve) => {
    stop = resolve;
  });
  const writer = createBatchWriter({
    db: deps.db,
    run,
    onChildren: (children) => {
      for (const child of children) deps.enqueue(child);
    },
    // Nothing the flow does from now on can be stored: stop it now, not when it ends.
    onRefused: () => stop("storage"),
  });
  deps.running.set(run.playSid, stop);
  const timeoutMs = play.timeout_ms ?? deps.defaultTimeoutMs;
  const timer = setTimeout(() => stop("timeout"), timeoutMs);
  return { stopped, writer, timer, timeoutMs };
}

/**
 * Run the play's body on the lent worker. Python's runtime failing mid-run (its wasm aborted,
 * `os._exit`) rejects the call: the play fails saying so, and the worker is replaced. A worker
 * gone from outside (terminated, crashed) cuts the run off instead, as a closed tab does.
 */
function runOnWorker(
  lease: PoolLease,
  request: RunRequest,
  writer: BatchWriter,
): Promise<RunOutcome | typeof WORKER_GONE> {
  const onBatch: SpanBatchSink = (spans, outputs, spawns) => writer.add({ spans, outputs, spawns });
  return lease.host
    .run(request, onBatch)
    .catch((error: unknown): RunOutcome | typeof WORKER_GONE => {
      if (error instanceof WorkerGoneError) return WORKER_GONE;
      const reason = messageOf(error);
      const message = `the Python worker stopped in the middle of the run (${reason}); it was replaced by a fresh one`;
      const failure = { type: "WorkerError", message, traceback: "" };
      return {
        status: "failed",
        error: failure,
        batches: writer.received,
        journal: "",
        recycle: true,
      };
    });
}

/**
 * Give the worker back (or replace it) and store every batch the run sent. Returns the outcome
 * to record, or null when there is none to record here: the worker went away, or the run was
 * stopped (a stop records its own end).
 */
async function takeOutcome(
  deps: RunnerDeps,
  run: RunIdentity,
  lease: PoolLease,
  { writer, timeoutMs }: RunWatch,
  outcome: RunOutcome | typeof WORKER_GONE | Stop,
  startedAt: number,
): Promise<RunOutcome | null> {
  if (outcome === WORKER_GONE) {
    // What it sent before it went is stored; the play stays `running` with no record of this
    // run, and runs again here at once: the next run records this one as interrupted (closing
    // what was in flight) and replays every step stored ok.
    await writer.drained();
    writer.close();
    lease.kill();
    deps.enqueue(run.playSid);
    return null;
  }
  if (typeof outcome === "string") {
    return takeStop(deps, run, lease, writer, outcome, startedAt, timeoutMs);
  }
  if (outcome.recycle) lease.kill();
  else lease.release();
  // Every batch reached the page before the outcome (one port, in order): they are stored
  // before it is. One that never came is said on the play, never stored over in silence.
  writer.close();
  await writer.drained();
  return writer.received === outcome.batches ? outcome : lostBatches(outcome, writer.received);
}

/**
 * A run stopped from outside. A cancel or a time-out records the end here (null); storage that
 * refused a batch makes a failed outcome; an `outdated` stop writes nothing (null).
 */
async function takeStop(
  deps: RunnerDeps,
  run: RunIdentity,
  lease: PoolLease,
  writer: BatchWriter,
  reason: Stop,
  startedAt: number,
  timeoutMs: number,
): Promise<RunOutcome | null> {
  // What the worker wrote to shared memory before the stop is stored (as posts that arrived
  // are). Chromium lets a busy worker go on for up to 2 s after terminate(): what a stopped
  // run's worker still sends would land after (and over) the batch that closed the run.
  lease.host.collect();
  writer.close();
  lease.kill();
  if (reason === "outdated") return null;
  await writer.drained();
  if (reason === "storage") {
    const error = storageFailure(writer.error);
    return { status: "failed", error, batches: writer.received, journal: "", recycle: true };
  }
  const woken = await endStoppedRun(
    deps.db,
    run,
    writer.rows + 1,
    startedAt,
    reason,
    timeoutMs,
  ).catch((error: unknown) => failRun(deps.db, run, startedAt, error));
  if (woken) deps.enqueue(woken);
  return null;
}

/** Store how the run ended (`batchNo`: the next batch's number), and queue what goes on. */
async function recordEnd(
  deps: RunnerDeps,
  run: RunIdentity,
  startedAt: number,
  result: RunOutcome,
  batchNo: number,
  storageError: unknown,
): Promise<void> {
  const { db } = deps;
  // Spans a crashed worker, a broken runtime or a full storage left open would show as running
  // for ever. (If even that small batch does not fit, they stay as they were: nothing is lost.)
  if (result.status === "failed" && (storageError || result.recycle)) {
    const reason = `the run ended while this span ran: ${result.error.message}`;
    await closeOpenSpans(db, run, batchNo, "failed", reason).catch(() => {});
  }
  // The end itself may not fit either (a large output), or the database may have closed.
  const next = await finishRun(db, run, startedAt, result, storageError)
    .then((ended) => (ended === CANCELLED ? endCancelledRun(db, run, startedAt) : ended))
    .catch((error: unknown) => failRun(db, run, startedAt, error));
  if (next) deps.enqueue(next);
}

/**
 * Where a run's time goes, for `npm run bench` and the devtools' performance panel: `[t0, t1,
 * t2, t3]` are when it was queued to run, when its Python began, when Python ended, and when
 * its batches were stored.
 */
function measureRun(playSid: string, runNo: number, [t0, t1, t2, t3]: number[]): void {
  const detail = { play: playSid, run: runNo };
  measurePhase("worker", playSid, t1, t2);
  measurePhase("finish", playSid, t3);
  performance.measure("hero_logic:run:prepare", { start: t0, end: t1, detail });
  performance.measure("hero_logic:run:python", { start: t1, end: t2, detail });
  performance.measure("hero_logic:run:store", { start: t2, end: performance.now(), detail });
}

/** How long after a run's end its output rows are merged into one (see `compactOutputs`). */
export const COMPACT_AFTER_MS = 1_000;

/**
 * Note what the run waited for: the queue until its worker was given (now), then that worker's
 * Python starting, when it had not booted yet (the run's call waits for it). The page shows
 * the boot while it lasts; the run's record keeps the times.
 */
function recordWaits(
  deps: RunnerDeps,
  play: Play,
  run: RunIdentity,
  lease: PoolLease,
  workerAt: number,
): void {
  const waits = { queued_at: play.queued_at ?? play.created_at, worker_at: workerAt };
  run.waits = { ...waits, python_at: workerAt };
  if (lease.host.status().stage === "ready") return;
  deps.stages?.set(play.sid, "starting-python");
  lease.host.ready().then(
    () => {
      run.waits = { ...waits, python_at: Date.now() };
      deps.stages?.set(play.sid, null);
    },
    () => deps.stages?.set(play.sid, null),
  );
}

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

async function startRun(db: HeroDb, playSid: string, maxChildren: number) {
  const tables = [db.plays, db.workflows, db.versions, db.runs, db.batches, db.outputs, db.answers];
  return db.transaction("rw", tables, async () => {
    // Independent reads at once, in two rounds: every IndexedDB round trip costs a turn of the
    // event loop. The library gives the play's workflow and the names of its children's.
    const [play, workflows, childPlays, cache] = await Promise.all([
      db.plays.get(playSid),
      db.workflows.toArray(),
      db.plays.where("parent_play_sid").equals(playSid).toArray(),
      loadStepCache(db, playSid),
    ]);
    if (!play || (play.status !== "pending" && play.status !== "running")) return null;
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
    const [[version, ...currents], expected, depth] = await Promise.all([
      db.versions.bulkGet([versionSid, ...workflows.map((w) => w.current_version_sid)]),
      lastJournal(db, playSid, versionSid),
      playDepth(db, play),
    ]);
    const libraryEntries = library(workflows, currents);
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
    const request = {
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
    };
    return { play: running, run, request, cache };
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
): Record<string, LibraryEntry> {
  const entries: Record<string, LibraryEntry> = {};
  workflows.forEach((workflow, i) => {
    const version = versions[i];
    if (!version) return;
    const { source, entry, inputs } = version;
    entries[workflow.name] = { version_sid: version.sid, source, entry, inputs };
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

/** What a run's call answers when its worker went away under it (see `WorkerGoneError`). */
const WORKER_GONE = Symbol("worker gone");

/** `finishRun`'s answer for a play cancelled while its run's outcome was being stored. */
const CANCELLED = Symbol("cancelled");

/**
 * Record how the run ended; returns a play to queue (this one or its parent), if any, or
 * `CANCELLED` when a cancel landed first: then the outcome is not stored at all.
 */
async function finishRun(
  db: HeroDb,
  run: RunIdentity,
  startedAt: number,
  outcome: RunOutcome,
  storageError: unknown,
): Promise<string | null | typeof CANCELLED> {
  return db.transaction("rw", db.plays, db.runs, async () => {
    const play = await db.plays.get(run.playSid);
    if (play?.status === "cancelled") return CANCELLED;
    if (play?.status !== "running") return null;
    const ended_at = Date.now();
    const record = runRecord(run, startedAt, ended_at, storageError ? "failed" : outcome.status, {
      pause_key: outcome.status === "paused" ? outcome.pause.key : null,
      // A journal names outputs by their place in the store: with a batch missing, nothing.
      journal: storageError ? "" : outcome.journal,
    });
    await db.runs.put(record);
    const from = ["running"] as const;
    let next: Play | null;
    if (storageError) {
      const error = storageFailure(storageError);
      next = await transition(db, run.playSid, "failed", { error, ended_at }, from);
    } else if (outcome.status === "completed") {
      const { output: output_data, output_json } = outcome;
      const patch = { output_data, output_json, error: null, ended_at };
      next = await transition(db, run.playSid, "completed", patch, from);
    } else if (outcome.status === "paused") {
      next = await transition(db, run.playSid, "paused", { pending_pause: outcome.pause }, from);
    } else if (outcome.status === "waiting") {
      // Children that finished while this run went on cannot wake it later: go on at once.
      if (await allFinished(db, outcome.waiting_on)) {
        await transition(db, run.playSid, "waiting", { waiting_on: outcome.waiting_on }, from);
        await transition(db, run.playSid, "pending", { waiting_on: [] }, ["waiting"]);
        return run.playSid;
      }
      next = await transition(db, run.playSid, "waiting", { waiting_on: outcome.waiting_on }, from);
    } else {
      const patch = { error: outcome.error, pending_pause: outcome.pause ?? null, ended_at };
      next = await transition(db, run.playSid, "failed", patch, from);
    }
    return next && (next.status === "completed" || next.status === "failed")
      ? wakeParent(db, next)
      : null;
  });
}

/**
 * When the end of a run could not be stored (its output did not fit, or the database failed):
 * fail the play with the smallest write there is, so it does not stay `running` here. When even
 * that fails (the database closed under an upgrade from another tab), the play stays `running`
 * in the stored data and is taken up again after a reload, like a play whose tab closed.
 */
async function failRun(
  db: HeroDb,
  run: RunIdentity,
  startedAt: number,
  cause: unknown,
): Promise<string | null> {
  try {
    return await db.transaction("rw", db.plays, db.runs, async () => {
      const ended_at = Date.now();
      const error = storageFailure(cause);
      const failed = await transition(db, run.playSid, "failed", { error, ended_at }, ["running"]);
      if (!failed) return null;
      await db.runs.put(runRecord(run, startedAt, ended_at, "failed"));
      return wakeParent(db, failed);
    });
  } catch (error) {
    console.warn(`hero_logic: could not record the end of play ${run.playSid}`, cause, error);
    return null;
  }
}

/**
 * The play's error when what it produced could not be stored. The refused transaction rolled
 * back whole, so what was stored before (earlier batches, other plays) is intact; a full
 * storage says so and what to do, since the user can act on it.
 */
export function storageFailure(cause: unknown): {
  type: string;
  message: string;
  traceback: string;
} {
  if (isQuotaExceeded(cause)) {
    const message =
      "storage is full: the browser refused to store more of this play's spans or result, so the play " +
      "failed. What was stored before is kept (this play's earlier steps, your other flows and " +
      "plays). Free space by deleting plays you no longer need (export them first to keep a " +
      "copy), then run it again.";
    return { type: "StorageFull", message, traceback: "" };
  }
  const reason = messageOf(cause);
  return {
    type: "StorageError",
    message: `could not store the play's spans: ${reason}`,
    traceback: "",
  };
}

/**
 * A run whose play was cancelled after Python returned, while the page still stored what it
 * sent: the cancel came first, so the run ends cancelled (its record, its root, and any span
 * still open) and its outcome is dropped whole, never half stored.
 */
async function endCancelledRun(db: HeroDb, run: RunIdentity, startedAt: number): Promise<null> {
  await db.transaction("rw", db.runs, db.batches, db.outputs, async () => {
    if (await db.runs.get([run.playSid, run.runNo])) return;
    const ended_at = Date.now();
    const spans = await runSpans(db, run.playSid, run.runNo, { replayed: false });
    const ends = cutOffEnds(
      spans,
      ended_at,
      "the play was cancelled while this span ran",
      "the play was cancelled before the run's outcome was stored",
    );
    if (ends.length > 0) await appendSpans(db, run, await nextBatchNo(db, run), ends);
    await db.runs.put(runRecord(run, startedAt, ended_at, "cancelled"));
  });
  return null;
}

/**
 * The rows that end a run cut off before its outcome was stored: its open spans end cancelled
 * (`openReason`), and so does its root when Python had already ended it (`rootReason`), since
 * the outcome the root carries is not the play's; the steps it finished stay ok, and stored.
 */
function cutOffEnds(
  spans: Span[],
  ended_at: number,
  openReason: string,
  rootReason: string,
): Span[] {
  const error = (message: string) => ({ type: "Interrupted", message, traceback: "" });
  const ends: Span[] = spans
    .filter((s) => s.status === "running")
    .map((span) => ({ ...span, status: "cancelled", ended_at, error: error(openReason) }));
  const root = spans.find((s) => s.kind === "flow_root" && s.status !== "running");
  if (root) {
    const { output_json: _, ...ended } = root;
    ends.push({ ...ended, status: "cancelled", output: null, error: error(rootReason) });
  }
  return ends;
}

/** A run stopped by a cancel or a time-out: close its open spans and record the end. */
async function endStoppedRun(
  db: HeroDb,
  run: RunIdentity,
  batchNo: number,
  startedAt: number,
  reason: StopReason,
  timeoutMs: number,
): Promise<string | null> {
  return db.transaction("rw", db.plays, db.runs, db.batches, async () => {
    const ended_at = Date.now();
    const message =
      reason === "timeout"
        ? `the run took longer than its time-out of ${timeoutMs / 1000} s and was stopped`
        : "the play was cancelled";
    const status = reason === "timeout" ? "failed" : "cancelled";
    await closeOpenSpans(db, run, batchNo, status, `${message} while this span ran`);
    await db.runs.put(runRecord(run, startedAt, ended_at, status));
    if (reason !== "timeout") return null;
    const error = { type: "TimeoutError", message, traceback: "" };
    const failed = await transition(db, run.playSid, "failed", { error, ended_at }, ["running"]);
    return failed ? wakeParent(db, failed) : null;
  });
}

/** The batch number after the last one stored for the run (a run cut off knows no count). */
export async function nextBatchNo(db: HeroDb, run: RunIdentity): Promise<number> {
  const last = await db.batches
    .where("[play_sid+run_no+batch_no]")
    .between([run.playSid, run.runNo, -Infinity], [run.playSid, run.runNo, Infinity])
    .last();
  return (last?.batch_no ?? 0) + 1;
}

/**
 * End the spans of a run that are still open, in a batch of their own: they were in flight when
 * the run was cut off, and say why (`Interrupted`).
 */
async function closeOpenSpans(
  db: HeroDb,
  run: RunIdentity,
  batchNo: number,
  status: "failed" | "cancelled",
  reason: string,
): Promise<void> {
  const spans = await runSpans(db, run.playSid, run.runNo, { replayed: false });
  await closeSpans(db, run, batchNo, spans, status, reason);
}

export async function closeSpans(
  db: HeroDb,
  run: RunIdentity,
  batchNo: number,
  spans: Span[],
  status: "failed" | "cancelled",
  reason: string,
): Promise<void> {
  const ended_at = Date.now();
  const open = spans.filter((s) => s.status === "running");
  if (open.length === 0) return;
  const error = { type: "Interrupted", message: reason, traceback: "" };
  await appendSpans(
    db,
    run,
    batchNo,
    open.map((span) => ({ ...span, status, ended_at, error })),
  );
}

/**
 * A run whose outcome came without all the batches it counts: what the missing ones held (steps
 * that finished, their outputs, children asked for) is not stored, so the play must not go on
 * as if it were.
 */
function lostBatches(outcome: RunOutcome, received: number): RunOutcome {
  const message =
    `the run sent ${outcome.batches} span batches but only ${received} reached the page: ` +
    "what the others held (finished steps, their outputs) is not stored, so the play failed " +
    "instead of completing without them";
  const error = { type: "LostBatches", message, traceback: "" };
  return { status: "failed", error, batches: outcome.batches, journal: "", recycle: true };
}

/** The record of a run that ended (no pause and no journal unless given). */
export function runRecord(
  run: RunIdentity,
  startedAt: number,
  endedAt: number,
  endedBy: RunRecord["ended_by"],
  rest: Pick<RunRecord, "pause_key" | "journal"> = { pause_key: null, journal: "" },
): RunRecord {
  return {
    play_sid: run.playSid,
    run_no: run.runNo,
    version_sid: run.versionSid,
    started_at: startedAt,
    ended_at: endedAt,
    ended_by: endedBy,
    ...rest,
    ...run.waits,
  };
}
