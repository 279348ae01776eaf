import type { Span } from "../../db/records";
import type { PlayTrace, TracedPlay, TracedRun } from "./collect";
import { errorText, micros, spanEnd, valueText } from "./span-facts";
import { waitSegments } from "./waits";

/**
 * One event of the Trace Event Format (the JSON that Perfetto and chrome://tracing open):
 * complete events (`X`, `ts` and `dur` in microseconds), metadata (`M`: names of the process
 * and of each track) and flow events (`s` → `f`, an arrow from a span to the child play it
 * started).
 */
export interface TraceEvent {
  name: string;
  ph: "X" | "M" | "s" | "f";
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: number;
  /** On `f`: bind to the slice that encloses it, not the next one. */
  bp?: "e";
  args?: Record<string, unknown>;
}

/** The JSON Object Format of the Trace Event Format. */
export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: "ms";
  otherData: Record<string, string>;
}

const PID = 1;

/**
 * A play and its child plays in the Trace Event Format: one track (thread) per play holding its
 * runs' spans as nested complete events and its waits (`cat: "wait"`) between them, each child
 * play linked by an arrow from the span that started it. Times are microseconds since the epoch.
 */
export function toChromeTrace(trace: PlayTrace): ChromeTrace {
  const tids = new Map(trace.plays.map((traced, i) => [traced.play.sid, i + 1]));
  const meta: TraceEvent[] = [
    { name: "process_name", ph: "M", pid: PID, tid: 0, args: { name: processName(trace.root) } },
  ];
  const events: TraceEvent[] = [];
  for (const traced of trace.plays) {
    const tid = tids.get(traced.play.sid)!;
    meta.push(
      { name: "thread_name", ph: "M", pid: PID, tid, args: { name: trackName(traced) } },
      { name: "thread_sort_index", ph: "M", pid: PID, tid, args: { sort_index: tid } },
    );
    const children = trace.plays
      .map((p) => p.play)
      .filter((p) => p.parent_play_sid === traced.play.sid);
    for (const wait of waitSegments(traced, children, trace.exported_at)) {
      const ts = micros(wait.start);
      events.push({
        name: wait.label,
        ph: "X",
        cat: "wait",
        pid: PID,
        tid,
        ts,
        dur: micros(wait.end) - ts,
        args: { wait: wait.kind, play_sid: traced.play.sid },
      });
    }
    for (const run of traced.runs) events.push(...runEvents(run, tid, trace.exported_at));
  }
  events.push(...childArrows(trace, tids));
  // Perfetto nests complete events of a track by start; a parent that starts in the same
  // microsecond as its child must come first, so ties go to the longer event.
  events.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || (b.dur ?? 0) - (a.dur ?? 0));
  return {
    traceEvents: [...meta, ...events],
    displayTimeUnit: "ms",
    otherData: {
      producer: "hero_logic",
      play_sid: trace.root.play.sid,
      workflow: trace.root.workflow,
      exported_at: new Date(trace.exported_at).toISOString(),
    },
  };
}

const processName = (root: TracedPlay) => `hero_logic: ${root.workflow} (play ${root.play.sid})`;
const trackName = (traced: TracedPlay) => `${traced.workflow} · play ${traced.play.sid}`;

/**
 * The spans of one run as complete events. A child is kept inside its parent's interval: the
 * engine closes spans of a stopped run with the page's clock, which may differ from the worker's
 * by a little, and a viewer drops a slice that sticks out of its parent.
 */
function runEvents(run: TracedRun, tid: number, now: number): TraceEvent[] {
  const bounds = new Map<string, [number, number]>();
  return run.spans.map((span) => {
    let start = micros(span.started_at);
    let end = Math.max(start, micros(spanEnd(span, run, now)));
    const parent = span.parent_sid ? bounds.get(span.parent_sid) : undefined;
    if (parent) {
      start = Math.min(Math.max(start, parent[0]), parent[1]);
      end = Math.min(Math.max(end, start), parent[1]);
    }
    bounds.set(span.sid, [start, end]);
    return {
      name: span.name,
      ph: "X",
      cat: span.replayed ? `${span.kind},replayed` : span.kind,
      pid: PID,
      tid,
      ts: start,
      dur: end - start,
      args: spanArgs(span, run.run_no),
    };
  });
}

/** What the viewer lists under a selected span. Values are the JSON texts Python wrote. */
function spanArgs(span: Span, runNo: number): Record<string, unknown> {
  const args: Record<string, unknown> = {
    span_sid: span.sid,
    run: runNo,
    kind: span.kind,
    status: span.ended_at === null ? `${span.status} (still open)` : span.status,
    input: valueText(span.input, span.input_json),
  };
  if (span.status === "ok") args.output = valueText(span.output, span.output_json);
  if (span.replayed) {
    args.replayed = true;
    if (span.replayed_from_run !== null) args.replayed_from_run = span.replayed_from_run;
  }
  if (span.step_key) args.step_key = span.step_key;
  if (span.error) args.error = errorText(span.error);
  if (span.logs) args.logs = span.logs;
  if (span.source_file) args.source = `${span.source_file}:${span.source_line ?? "?"}`;
  if (span.child_play_sid) args.child_play_sid = span.child_play_sid;
  if (Object.keys(span.attributes).length > 0) args.attributes = span.attributes;
  return args;
}

/**
 * An arrow from the span that started each child play (in the run that first ran it) to the
 * start of the child's track, where its `queued` wait begins.
 */
function childArrows(trace: PlayTrace, tids: Map<string, number>): TraceEvent[] {
  const arrows: TraceEvent[] = [];
  const bySid = new Map(trace.plays.map((traced) => [traced.play.sid, traced]));
  let id = 0;
  for (const { play } of trace.plays) {
    const parent = play.parent_play_sid ? bySid.get(play.parent_play_sid) : undefined;
    if (!parent || !play.parent_span_sid) continue;
    const found = findSpan(parent, play.parent_span_sid);
    if (!found) continue;
    const { span, run } = found;
    const start = micros(span.started_at);
    const end = micros(spanEnd(span, run, trace.exported_at));
    id += 1;
    const common = { name: "child play", cat: "child_play", pid: PID, id };
    arrows.push(
      {
        ...common,
        ph: "s",
        tid: tids.get(parent.play.sid)!,
        ts: Math.min(Math.max(micros(play.created_at), start), end),
      },
      { ...common, ph: "f", bp: "e", tid: tids.get(play.sid)!, ts: micros(play.created_at) },
    );
  }
  return arrows;
}

function findSpan(traced: TracedPlay, sid: string): { span: Span; run: TracedRun } | undefined {
  for (const run of traced.runs) {
    const span = run.spans.find((s) => s.sid === sid);
    if (span) return { span, run };
  }
  return undefined;
}
