import { isFinished, type Play } from "../../db/records";
import type { TracedPlay, TracedRun } from "./collect";

/**
 * What a play waited for while none of its code ran: a worker (`queued`), a Python worker to
 * get ready (`starting`), someone's answer (`paused`), its child plays (`waiting`), a retry.
 */
export type WaitKind = "queued" | "starting" | "paused" | "waiting" | "retry";

/** A stretch of a play's time that no span covers. Times in milliseconds since the epoch. */
export interface WaitSegment {
  kind: WaitKind;
  /** What a person reads: "queued", "paused at approve", "waiting for 3 child plays". */
  label: string;
  start: number;
  end: number;
}

type Cause = Pick<WaitSegment, "kind" | "label">;

const QUEUED: Cause = { kind: "queued", label: "queued" };
const STARTING: Cause = { kind: "starting", label: "starting: Python worker" };
const QUEUED_OR_STARTING: Cause = {
  kind: "starting",
  label: "queued, then starting: Python worker",
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * The waits of a play, in time order, from its creation until it finished (or `now`): before
 * each run (queued, then the worker getting ready until the run's root span opened) and between
 * runs (what ended the run before). `children` are the play's child plays.
 */
export function waitSegments(traced: TracedPlay, children: Play[], now: number): WaitSegment[] {
  const { play } = traced;
  const segments: WaitSegment[] = [];
  const add = (cause: Cause, start: number, end: number) => {
    if (end > start) segments.push({ ...cause, start, end });
  };
  let free: number | null = play.created_at;
  let cause: Cause | null = QUEUED;
  for (const run of traced.runs) {
    const root = rootSpan(run);
    // A run still going is known from its spans; before its root span opens, not at all.
    const runStart = run.record?.started_at ?? root?.started_at;
    if (runStart === undefined) continue;
    if (cause && free !== null) add(cause, free, runStart);
    if (run.record && root) add(STARTING, runStart, root.started_at);
    if (!run.record) {
      // Still running: nothing after it is known yet.
      free = null;
      cause = null;
      continue;
    }
    free = Math.max(run.record.ended_at, root?.ended_at ?? 0);
    cause = after(run.record, children);
  }
  if (cause && free !== null) {
    const end = isFinished(play) ? (play.ended_at ?? now) : now;
    // A running play whose first root span has not opened yet got its worker at a moment no
    // record keeps yet: it waited in the queue, then for Python. (After a pause or its
    // children, the wait before goes on until the run's root span opens.)
    add(play.status === "running" && cause === QUEUED ? QUEUED_OR_STARTING : cause, free, end);
  }
  return segments;
}

/** The run's root span (the `flow_root` without a parent), if it opened. */
function rootSpan(run: TracedRun) {
  return run.spans.find((span) => span.parent_sid === null && span.kind === "flow_root");
}

/** What the play waited for after a run ended this way (null: nothing, it completed). */
function after(record: NonNullable<TracedRun["record"]>, children: Play[]): Cause | null {
  switch (record.ended_by) {
    case "paused":
      return { kind: "paused", label: `paused at ${record.pause_key ?? "a pause"}` };
    case "waiting": {
      const at = record.ended_at;
      const open = children.filter(
        (child) => child.created_at <= at && !(isFinished(child) && (child.ended_at ?? 0) <= at),
      ).length;
      return { kind: "waiting", label: `waiting for ${plural(Math.max(open, 1), "child play")}` };
    }
    case "interrupted":
      return { kind: "queued", label: "queued again (the run was cut off)" };
    case "failed":
    case "cancelled":
      return { kind: "retry", label: `${record.ended_by}, until retried` };
    default:
      return null;
  }
}
