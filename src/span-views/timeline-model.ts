import type { Play, Span } from "../db/records";
import type { RunSummary } from "../engine/plays";

/**
 * The timeline's arithmetic: where the time of a run went (its spans, and the waits before and
 * after its Python ran), on one axis. No JSX, so it is tested on its own.
 */

/** A stretch of time on the axis, in epoch ms: the whole run, or the part zoomed to. */
export type TimeWindow = { start: number; end: number };

/** A stretch of a play's time in which none of its code ran. */
export interface WaitSegment {
  kind: "children" | "queued" | "python" | "prepare";
  start: number;
  end: number;
  label: string;
}

/** What the waits of one play's run are read from. */
export interface RunWaitSource {
  play: Play;
  runNo: number;
  /** The play's finished runs (`plays.runs`). */
  runs: readonly RunSummary[];
  /** When the run's first span started (its Python began), if it did. */
  firstSpanAt: number | undefined;
  now: number;
  /** This tab is booting the Python of the play's run (see `RunStages`). */
  startingPython: boolean;
}

const CHILDREN = "waiting for child plays";

/**
 * The waits of a run: the children its previous run waited for, its time in the queue, its
 * worker's Python starting, the run being prepared in it and, while the play waits for children after it, that wait so far.
 * A run still going has no record yet: its queue and boot show as one segment up to its first
 * span (or now).
 */
export function runWaits(source: RunWaitSource): WaitSegment[] {
  const { play, runNo, runs, now } = source;
  const run = runs.find((r) => r.run_no === runNo);
  const previous = runs.find((r) => r.run_no === runNo - 1);
  const segments: WaitSegment[] = [];
  const add = (
    kind: WaitSegment["kind"],
    start: number | undefined,
    end: number,
    label: string,
  ) => {
    if (start !== undefined && end > start) segments.push({ kind, start, end, label });
  };
  const queuedAt = run ? run.queued_at : runNo === play.run_count ? play.queued_at : undefined;
  if (previous?.ended_by === "waiting" && queuedAt !== undefined) {
    add("children", previous.ended_at, queuedAt, CHILDREN);
  }
  if (run?.worker_at !== undefined) {
    add("queued", run.queued_at, run.worker_at, "queued: waiting for a worker");
    add("python", run.worker_at, run.python_at ?? run.worker_at, "starting Python");
    // From Python ready to the flow's first span: the request reaching the worker, the SDK
    // setting up and the flow's module executing its top level.
    if (source.firstSpanAt !== undefined) {
      add("prepare", run.python_at, source.firstSpanAt, "preparing the run");
    }
  } else if (!run && runNo === play.run_count && queuedAt !== undefined) {
    const until = source.firstSpanAt ?? now;
    add("queued", queuedAt, until, source.startingPython ? "queued: starting Python" : "queued");
  }
  if (run?.ended_by === "waiting" && play.status === "waiting" && runNo === play.run_count) {
    add("children", run.ended_at, now, CHILDREN);
  }
  return segments;
}

/** The stretch of time the timeline shows: every span and every wait, and a run still going up to now. */
export function timeRange(
  spans: readonly Span[],
  waits: readonly WaitSegment[],
  now: number,
): { start: number; end: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    start = Math.min(start, span.started_at);
    end = Math.max(end, span.ended_at ?? (span.status === "running" ? now : span.started_at));
  }
  for (const wait of waits) {
    start = Math.min(start, wait.start);
    end = Math.max(end, wait.end);
  }
  if (!Number.isFinite(start)) return { start: now, end: now + 1 };
  return { start, end: Math.max(end, start + 1) };
}

/** Where a stretch sits in the window, in percent of its width (clipped to it). */
export function place(
  start: number,
  end: number,
  window: { start: number; end: number },
): { left: number; width: number } | null {
  const span = window.end - window.start;
  const from = Math.max(start, window.start);
  const to = Math.min(end, window.end);
  if (to < from || span <= 0) return null;
  return { left: ((from - window.start) / span) * 100, width: ((to - from) / span) * 100 };
}

/**
 * The ruler's ticks: a round step (1, 2 or 5 times a power of ten milliseconds) that leaves at
 * least `minGapPx` between labels, each labelled by its offset from `origin` (the run's start).
 */
export function rulerTicks(
  window: { start: number; end: number },
  widthPx: number,
  origin: number,
  minGapPx = 80,
): { at: number; label: string }[] {
  const length = window.end - window.start;
  if (length <= 0 || widthPx <= 0) return [];
  const wanted = (length * minGapPx) / widthPx;
  const power = 10 ** Math.floor(Math.log10(wanted));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= wanted) ?? 10 * power;
  const ticks: { at: number; label: string }[] = [];
  const first = Math.ceil((window.start - origin) / step) * step;
  for (let offset = first; origin + offset <= window.end; offset += step) {
    ticks.push({ at: origin + offset, label: tickLabel(offset, step) });
  }
  return ticks;
}

/** "0", "250 ms", "1.5 s", "2 min": as precise as the step needs, no more. */
export function tickLabel(offsetMs: number, stepMs: number): string {
  if (offsetMs === 0) return "0";
  const sign = offsetMs < 0 ? "−" : "";
  const ms = Math.abs(offsetMs);
  if (stepMs < 1) return `${sign}${ms.toFixed(Math.ceil(-Math.log10(stepMs)))} ms`;
  if (stepMs < 1000 && ms < 1000) return `${sign}${Math.round(ms)} ms`;
  if (ms < 60_000) {
    const digits = stepMs >= 1000 ? 0 : Math.ceil(-Math.log10(stepMs / 1000));
    return `${sign}${(ms / 1000).toFixed(digits)} s`;
  }
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${sign}${minutes} min${seconds ? ` ${seconds} s` : ""}`;
}

/** The window that shows a span whole, with a little room either side. */
export function zoomTo(
  span: Span,
  now: number,
  within: { start: number; end: number },
): { start: number; end: number } {
  const end = span.ended_at ?? (span.status === "running" ? now : span.started_at);
  const pad = Math.max((end - span.started_at) * 0.05, 0.05);
  return {
    start: Math.max(within.start, span.started_at - pad),
    end: Math.min(within.end, end + pad),
  };
}
