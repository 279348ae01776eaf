import type { SpanBatchSink } from "../../../worker/api";
import type { Play } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { messageOf } from "../../wire/errors";
import type { RunOutcome, RunRequest } from "../../wire/records";
import type { SiteWheels } from "../packages/site-wheels";
import { createRedactor, type Redactor } from "../secrets/redact";
import { redactBatch, redactOutcome, restoreRequest } from "../secrets/redact-run";
import { compactOutputs, loadOutputs, type RunIdentity } from "../store/spans";
import { type BatchWriter, createBatchWriter } from "./batch-writer";
import { type PoolLease, type PythonPool, trustKey } from "./pool";
import { WorkerGoneError } from "./python-host";
import {
  CANCELLED,
  closeOpenSpans,
  endCancelledRun,
  endStoppedRun,
  failRun,
  finishRun,
  lostBatches,
  NOT_RUNNING,
  storageFailure,
} from "./run-end";
import { installPackages } from "./run-packages";
import type { RunStages } from "./run-stages";
import { startRun } from "./run-start";
import { measurePhase } from "./timing";
import { countWarmRun, forgetWarmCache, keepWarmCache, warmCacheOf } from "./warm-cache";

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
  /** The wheels shipped with the site, beside the added ones (none when absent). */
  siteWheels?: SiteWheels;
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
  const { play, run, request, cache, lease, acquired, secrets, dependencies } = begun;
  // What the run sends is redacted before it is stored; what Python replays gets the values back.
  const redactor = createRedactor(secrets);
  const startedAt = Date.now();
  recordWaits(deps, play, run, lease, startedAt);
  const t1 = measurePhase("begin", playSid, acquired);

  const watch = watchRun(deps, play, run, redactor);
  // Whatever this worker's Python kept is replaced by what this run leaves (see `keepAfter`).
  forgetWarmCache(lease.host);
  const running = installThenRun(
    deps,
    run,
    lease,
    dependencies,
    restoreRequest({ ...request, step_cache: cache.outputs, answers: cache.answers }, secrets),
    watch.writer,
  );
  const outcome = await Promise.race([running, watch.stopped]);
  const t2 = performance.now();
  clearTimeout(watch.timer);
  deps.running.delete(playSid);
  deps.stages?.set(playSid, null);

  const taken = await takeOutcome(deps, run, lease, watch, outcome, startedAt);
  if (!taken) return;
  const result = redactOutcome(taken, redactor);
  const { writer } = watch;
  const storageError = writer.error;
  const t3 = measurePhase("batches", playSid, t2);
  const recorded = await recordEnd(deps, run, startedAt, result, writer.rows + 1, storageError);
  // Python's cache holds what the store holds only after a clean end: every batch stored (a
  // lost one turns the outcome into another), then the end.
  if (recorded && !storageError && result.memo && outcome === taken && !result.recycle) {
    keepWarmCache(lease.host, run.playSid, run.runNo);
  }
  measureRun(playSid, run.runNo, [t0, t1, t2, t3], Boolean(request.warm));
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
  const warm = warmCacheOf(lease.host);
  const prepared = await startRun(deps.db, playSid, deps.maxChildren, warm).catch(
    (error: unknown) => {
      lease.release();
      throw error;
    },
  );
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
function watchRun(deps: RunnerDeps, play: Play, run: RunIdentity, redactor: Redactor): RunWatch {
  let stop: (reason: Stop) => void = () => {};
  const stopped = new Promise<Stop>((resolve) => {
    stop = resolve;
  });
  const writer = createBatchWriter({
    db: deps.db,
    run,
    redact: (batch) => redactBatch(batch, redactor),
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
 * Install the packages the version declares into the lent worker, then run the play's body
 * there; a requirement no available wheel meets ends the run failed before any of its code runs.
 * A worker that fails while installing fails the run as one failing mid-run does.
 */
async function installThenRun(
  deps: RunnerDeps,
  run: RunIdentity,
  lease: PoolLease,
  dependencies: string[],
  request: RunRequest,
  writer: BatchWriter,
): Promise<RunOutcome | typeof WORKER_GONE> {
  try {
    const refused = await installPackages(deps, run.playSid, lease, dependencies);
    if (refused) return refused;
  } catch (error) {
    return workerFailure(error, writer);
  }
  // Installing is part of the wait before the flow's Python begins.
  if (dependencies.length > 0 && run.waits) run.waits = { ...run.waits, python_at: Date.now() };
  return runOnWorker(deps, lease, request, writer);
}

/**
 * Run the play's body on the lent worker. Python's runtime failing mid-run (its wasm aborted,
 * `os._exit`) rejects the call: the play fails saying so, and the worker is replaced. A worker
 * gone from outside (terminated, crashed) cuts the run off instead, as a closed tab does.
 */
async function runOnWorker(
  deps: RunnerDeps,
  lease: PoolLease,
  request: RunRequest,
  writer: BatchWriter,
): Promise<RunOutcome | typeof WORKER_GONE> {
  const onBatch: SpanBatchSink = (spans, outputs, spawns) => writer.add({ spans, outputs, spawns });
  const ask = async (asked: RunRequest): Promise<RunOutcome | typeof WORKER_GONE | "cold"> => {
    try {
      const outcome = await lease.host.run(asked, onBatch);
      return outcome.status === "cold" ? "cold" : outcome;
    } catch (error) {
      return workerFailure(error, writer);
    }
  };
  if (request.warm) countWarmRun();
  const outcome = await ask(request);
  if (outcome !== "cold") return outcome;
  // Its Python keeps another cache (or none): nothing ran or was sent; ask again with the
  // stored one. (A warm request has no secrets to restore in it, see `startRun`.)
  countWarmRun(true);
  const { warm: _, ...cold } = request;
  const outputs = await loadOutputs(deps.db, request.play_sid ?? "");
  const again = await ask({ ...cold, step_cache: outputs });
  if (again !== "cold") return again;
  const message = "the Python worker answered a run with its step cache as if it had none";
  const failure = { type: "WorkerError", message, traceback: "" };
  return { status: "failed", error: failure, batches: writer.received, journal: "", recycle: true };
}

/** What a run ends with when its worker's call failed (see `runOnWorker`). */
function workerFailure(error: unknown, writer: BatchWriter): RunOutcome | typeof WORKER_GONE {
  if (error instanceof WorkerGoneError) return WORKER_GONE;
  const reason = messageOf(error);
  const message = `the Python worker stopped in the middle of the run (${reason}); it was replaced by a fresh one`;
  const failure = { type: "WorkerError", message, traceback: "" };
  return { status: "failed", error: failure, batches: writer.received, journal: "", recycle: true };
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

/**
 * Store how the run ended (`batchNo`: the next batch's number), and queue what goes on. Says
 * whether the outcome itself was recorded.
 */
async function recordEnd(
  deps: RunnerDeps,
  run: RunIdentity,
  startedAt: number,
  result: RunOutcome,
  batchNo: number,
  storageError: unknown,
): Promise<boolean> {
  const { db } = deps;
  // Spans a crashed worker, a broken runtime or a full storage left open would show as running
  // for ever. (If even that small batch does not fit, they stay as they were: nothing is lost.)
  if (result.status === "failed" && (storageError || result.recycle)) {
    const reason = `the run ended while this span ran: ${result.error.message}`;
    await closeOpenSpans(db, run, batchNo, "failed", reason).catch(() => {});
  }
  // The end itself may not fit either (a large output), or the database may have closed.
  let recorded = false;
  const next = await finishRun(db, run, startedAt, result, storageError)
    .then((ended) => {
      if (ended === CANCELLED) return endCancelledRun(db, run, startedAt);
      if (ended === NOT_RUNNING) return null;
      recorded = true;
      return ended;
    })
    .catch((error: unknown) => failRun(db, run, startedAt, error));
  if (next) deps.enqueue(next);
  return recorded;
}

/**
 * Where a run's time goes, for `npm run bench` and the devtools' performance panel: `[t0, t1,
 * t2, t3]` are when it was queued to run, when its Python began, when Python ended, and when
 * its batches were stored; `warm`: it was sent warm (see `WarmCache`).
 */
function measureRun(
  playSid: string,
  runNo: number,
  [t0, t1, t2, t3]: number[],
  warm: boolean,
): void {
  const detail = { play: playSid, run: runNo, warm };
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

/** What a run's call answers when its worker went away under it (see `WorkerGoneError`). */
const WORKER_GONE = Symbol("worker gone");
