import type { Play, PyError, Span } from "../../db/records";
import type { PlayTrace, TracedPlay, TracedRun } from "./collect";
import { spanIdOf, traceIdOf } from "./otlp-ids";
import { errorText, micros, spanEnd, valueText } from "./span-facts";
import { waitSegments } from "./waits";

/*
 * OTLP/JSON, as the OpenTelemetry protocol encodes `TracesData` in JSON: the protobuf JSON
 * mapping (lowerCamelCase field names, 64-bit integers as decimal strings, enums as integers)
 * with trace and span ids as lowercase hex instead of base64. Field names and numbers are those
 * of opentelemetry/proto/trace/v1/trace.proto and common/v1/common.proto.
 */

export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** int64: a decimal string. */
  intValue?: string;
  doubleValue?: number;
}

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface OtlpEvent {
  timeUnixNano: string;
  name: string;
  attributes: KeyValue[];
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  attributes: KeyValue[];
}

export interface OtlpSpan {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** Absent on a trace's root span. */
  parentSpanId?: string;
  name: string;
  /** `Span.SpanKind`: 1 internal, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** fixed64 nanoseconds since the epoch, as a decimal string. */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  events?: OtlpEvent[];
  links?: OtlpLink[];
  /** `Status.StatusCode`: 0 unset, 1 ok, 2 error (with a message). */
  status: { code: number; message?: string };
}

export interface TracesData {
  resourceSpans: {
    resource: { attributes: KeyValue[] };
    scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[];
  }[];
}

export const SPAN_KIND = { internal: 1, client: 3, producer: 4, consumer: 5 } as const;
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

/**
 * A play and its child plays as OTLP/JSON: one trace per play, under a span for the whole play
 * (from its creation to its end) holding its waits and each run's root span; a child play's
 * trace links back to the span that started it, and that span links to the child's trace.
 */
export async function toOtlp(trace: PlayTrace): Promise<TracesData> {
  const bySid = new Map(trace.plays.map((traced) => [traced.play.sid, traced]));
  const resourceSpans = [];
  for (const traced of trace.plays) {
    const spans = await playSpans(traced, bySid, trace.exported_at);
    resourceSpans.push({
      resource: {
        attributes: [
          attr("service.name", traced.workflow),
          attr("service.namespace", "hero_logic"),
          attr("hero_logic.play_sid", traced.play.sid),
        ],
      },
      scopeSpans: [{ scope: { name: "hero_logic" }, spans }],
    });
  }
  return { resourceSpans };
}

/** A run's span's id within its play's trace. */
const runSpanId = (traceId: string, runNo: number, spanSid: string) =>
  spanIdOf(traceId, `run ${runNo} ${spanSid}`);
const playSpanId = (traceId: string) => spanIdOf(traceId, "play");

async function playSpans(
  traced: TracedPlay,
  bySid: Map<string, TracedPlay>,
  now: number,
): Promise<OtlpSpan[]> {
  const { play } = traced;
  const traceId = await traceIdOf(play.sid);
  const rootId = playSpanId(traceId);
  const children = [...bySid.values()]
    .map((p) => p.play)
    .filter((p) => p.parent_play_sid === play.sid);
  const spans: OtlpSpan[] = [await playSpan(traced, traceId, rootId, bySid, now)];
  const waits = waitSegments(traced, children, now);
  for (const [i, wait] of waits.entries()) {
    spans.push({
      traceId,
      spanId: spanIdOf(traceId, `wait ${i}`),
      parentSpanId: rootId,
      name: wait.label,
      kind: SPAN_KIND.internal,
      startTimeUnixNano: nanos(wait.start),
      endTimeUnixNano: nanos(wait.end),
      attributes: [attr("hero_logic.wait", wait.kind)],
      status: { code: STATUS_CODE.unset },
    });
  }
  for (const run of traced.runs) {
    // Spans come in opening order: a parent's id is known before its children ask for it.
    const ids = new Map<string, string>();
    for (const span of run.spans) {
      const parentSpanId = (span.parent_sid && ids.get(span.parent_sid)) || rootId;
      const spanId = runSpanId(traceId, run.run_no, span.sid);
      ids.set(span.sid, spanId);
      const child = span.child_play_sid ? bySid.get(span.child_play_sid) : undefined;
      const links = child ? [await linkTo(child.play.sid, "child play")] : [];
      spans.push(runSpan(span, run, { traceId, spanId, parentSpanId, links }, now));
    }
  }
  return spans;
}

/** The span of the whole play: its creation to its end (or the export, while it goes on). */
async function playSpan(
  traced: TracedPlay,
  traceId: string,
  spanId: string,
  bySid: Map<string, TracedPlay>,
  now: number,
): Promise<OtlpSpan> {
  const { play } = traced;
  const end = play.ended_at !== null && isOver(play) ? play.ended_at : now;
  const attributes = [
    attr("hero_logic.play_sid", play.sid),
    attr("hero_logic.workflow", traced.workflow),
    attr("hero_logic.status", play.status),
    attr("hero_logic.run_count", play.run_count),
    attr("hero_logic.version_sid", play.version_sid),
    attr("hero_logic.input", valueText(play.input_data, play.input_json)),
  ];
  if (play.status === "completed") {
    attributes.push(attr("hero_logic.output", valueText(play.output_data, play.output_json)));
  }
  const span: OtlpSpan = {
    traceId,
    spanId,
    name: traced.workflow,
    kind: play.parent_play_sid ? SPAN_KIND.consumer : SPAN_KIND.internal,
    startTimeUnixNano: nanos(play.created_at),
    endTimeUnixNano: nanos(Math.max(end, play.created_at)),
    attributes,
    status: statusOf(play.status, play.error),
  };
  if (play.error) span.events = [exceptionEvent(play.error, end)];
  const parent = play.parent_play_sid ? bySid.get(play.parent_play_sid) : undefined;
  if (parent) {
    attributes.push(attr("hero_logic.parent_play_sid", parent.play.sid));
    const run = parent.runs.find((r) => r.spans.some((s) => s.sid === play.parent_span_sid));
    const parentTrace = await traceIdOf(parent.play.sid);
    const link = run
      ? {
          traceId: parentTrace,
          spanId: runSpanId(parentTrace, run.run_no, play.parent_span_sid!),
          attributes: [attr("hero_logic.link", "started by")],
        }
      : await linkTo(parent.play.sid, "parent play");
    span.links = [link];
  }
  return span;
}

/** Whether a play's `ended_at` marks its end (a paused play has one too, and goes on). */
const isOver = (play: Play) => ["completed", "failed", "cancelled"].includes(play.status);

async function linkTo(playSid: string, what: string): Promise<OtlpLink> {
  const traceId = await traceIdOf(playSid);
  return {
    traceId,
    spanId: playSpanId(traceId),
    attributes: [attr("hero_logic.link", what)],
  };
}

function runSpan(
  span: Span,
  run: TracedRun,
  ids: { traceId: string; spanId: string; parentSpanId: string; links: OtlpLink[] },
  now: number,
): OtlpSpan {
  const end = Math.max(span.started_at, spanEnd(span, run, now));
  const attributes = [
    attr("hero_logic.span_sid", span.sid),
    attr("hero_logic.run_no", run.run_no),
    attr("hero_logic.kind", span.kind),
    attr("hero_logic.status", span.status),
    attr("hero_logic.input", valueText(span.input, span.input_json)),
  ];
  if (span.status === "ok") {
    attributes.push(attr("hero_logic.output", valueText(span.output, span.output_json)));
  }
  if (span.step_key) attributes.push(attr("hero_logic.step_key", span.step_key));
  if (span.replayed) {
    attributes.push(attr("hero_logic.replayed", true));
    if (span.replayed_from_run !== null) {
      attributes.push(attr("hero_logic.replayed_from_run", span.replayed_from_run));
    }
  }
  if (span.logs) attributes.push(attr("hero_logic.logs", span.logs));
  if (span.source_file) attributes.push(attr("code.file.path", span.source_file));
  if (span.source_line !== null) attributes.push(attr("code.line.number", span.source_line));
  if (span.child_play_sid) attributes.push(attr("hero_logic.child_play_sid", span.child_play_sid));
  for (const [name, value] of Object.entries(span.attributes)) {
    attributes.push(attr(`hero_logic.attributes.${name}`, value));
  }
  const otlp: OtlpSpan = {
    ...ids,
    name: span.name,
    kind: kindOf(span),
    startTimeUnixNano: nanos(span.started_at),
    endTimeUnixNano: nanos(end),
    attributes,
    status: statusOf(span.status, span.error),
  };
  if (ids.links.length === 0) delete otlp.links;
  if (span.error) otlp.events = [exceptionEvent(span.error, end)];
  return otlp;
}

/** An `rpc` call reaches another component; a `subflow` hands work to a child play. */
function kindOf(span: Span): number {
  if (span.kind === "rpc") return SPAN_KIND.client;
  if (span.kind === "subflow") return SPAN_KIND.producer;
  return SPAN_KIND.internal;
}

function statusOf(status: string, error: PyError | null): OtlpSpan["status"] {
  if (status === "ok" || status === "completed") return { code: STATUS_CODE.ok };
  if (status === "failed") {
    return { code: STATUS_CODE.error, message: error ? errorText(error) : "failed" };
  }
  return { code: STATUS_CODE.unset };
}

/** The semantic conventions' `exception` event. */
function exceptionEvent(error: PyError, at: number): OtlpEvent {
  return {
    timeUnixNano: nanos(at),
    name: "exception",
    attributes: [
      attr("exception.type", error.type),
      attr("exception.message", error.message),
      attr("exception.stacktrace", error.traceback),
    ],
  };
}

/** Milliseconds since the epoch as nanoseconds, a decimal string (beyond 2^53 as a number). */
export const nanos = (ms: number): string => (BigInt(micros(ms)) * 1000n).toString();

/** An attribute; values other than text, booleans and numbers are their JSON text. */
export function attr(key: string, value: unknown): KeyValue {
  if (typeof value === "string") return { key, value: { stringValue: value } };
  if (typeof value === "boolean") return { key, value: { boolValue: value } };
  if (typeof value === "number" && Number.isSafeInteger(value)) {
    return { key, value: { intValue: String(value) } };
  }
  if (typeof value === "number" && Number.isFinite(value)) {
    return { key, value: { doubleValue: value } };
  }
  return { key, value: { stringValue: JSON.stringify(value) ?? "null" } };
}
