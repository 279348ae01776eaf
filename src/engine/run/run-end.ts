import type { Play, RunRecord, Span } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { messageOf } from "../../wire/errors";
import type { RunOutcome } from "../../wire/records";
import { allFinished, wakeParent } from "../store/children";
import { appendSpans, type RunIdentity, runSpans } from "../store/spans";
import { isQuotaExceeded } from "../store/storage-errors";
import { transition } from "../store/transitions";

/** `finishRun`'s answer for a play cancelled while its run's outcome was being stored. */
export const CANCELLED = Symbol("cancelled");

/** `finishRun`'s answer for a play no longer running (nothing is stored). */
export const NOT_RUNNING = Symbol("not running");

/**
 * Record how the run ended; returns a play to queue (this one or its parent), if any, or
 * `CANCELLED` when a cancel landed first (then the outcome is not stored at all), or
 * `NOT_RUNNING` when the play is no longer running (nor is it then).
 */
export async function finishRun(
  db: HeroDb,
  run: RunIdentity,
  startedAt: number,
  outcome: RunOutcome,
  storageError: unknown,
): Promise<string | null | typeof CANCELLED | typeof NOT_RUNNING> {
  return db.transaction("rw", db.plays, db.runs, async () => {
    const play = await db.plays.get(run.playSid);
    if (play?.status === "cancelled") return CANCELLED;
    if (play?.status !== "running") return NOT_RUNNING;
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
export async function failRun(
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
export async function endCancelledRun(
  db: HeroDb,
  run: RunIdentity,
  startedAt: number,
): Promise<null> {
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
 * The rows that end a run cut off before its outcome was stored: its open spans end `status`
 * (cancelled unless said; `openReason`), and so does its root when Python had already ended it
 * (`rootReason`), since the outcome the root carries is not the play's; the steps it finished
 * stay ok, and stored.
 */
export function cutOffEnds(
  spans: Span[],
  ended_at: number,
  openReason: string,
  rootReason: string,
  status: "cancelled" | "failed" = "cancelled",
): Span[] {
  const error = (message: string) => ({ type: "Interrupted", message, traceback: "" });
  const ends: Span[] = spans
    .filter((s) => s.status === "running")
    .map((span) => ({ ...span, status, ended_at, error: error(openReason) }));
  const root = spans.find((s) => s.kind === "flow_root" && s.status !== "running");
  if (root) {
    const { output_json: _, ...ended } = root;
    ends.push({ ...ended, status, output: null, error: error(rootReason) });
  }
  return ends;
}

/**
 * A run stopped by a cancel or a time-out: end its open spans, and its root when Python had
 * ended it already (a stop may come after the root's end and before the outcome), and record
 * the end: the run's root never says ok beside a run that ended otherwise.
 */
export async function endStoppedRun(
  db: HeroDb,
  run: RunIdentity,
  batchNo: number,
  startedAt: number,
  reason: "cancelled" | "timeout",
  timeoutMs: number,
): Promise<string | null> {
  return db.transaction("rw", [db.plays, db.runs, db.batches, db.outputs], async () => {
    const ended_at = Date.now();
    const message =
      reason === "timeout"
        ? `the run took longer than its time-out of ${timeoutMs / 1000} s and was stopped`
        : "the play was cancelled";
    const status = reason === "timeout" ? "failed" : "cancelled";
    const spans = await runSpans(db, run.playSid, run.runNo, { replayed: false });
    const ends = cutOffEnds(
      spans,
      ended_at,
      `${message} while this span ran`,
      `${message} before the run's outcome was stored`,
      status,
    );
    if (ends.length > 0) await appendSpans(db, run, batchNo, ends);
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
export async function closeOpenSpans(
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
export function lostBatches(outcome: RunOutcome, received: number): RunOutcome {
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
