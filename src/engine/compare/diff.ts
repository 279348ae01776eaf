import type { Play, PlayStatus, PyError, Span, SpanKind, SpanStatus } from "../../db/records";
import type { Plays } from "../plays";
import { sameValue } from "./diff-values";

/**
 * How a span of one play compares with the span at the same place in the other: `same`,
 * `changed` (its status, output or error differs), or found in one play only.
 */
export type SpanChange = "same" | "changed" | "only_a" | "only_b";

/** What a diff keeps of one play's span. */
export interface SpanSide {
  sid: string;
  /** The run of its play the span is in: the latest. */
  run_no: number;
  kind: SpanKind;
  status: SpanStatus;
  /** The output, decoded (a replayed span: the value it replayed). */
  output: unknown;
  /** The output as the JSON text Python wrote, where decoding changed what it says. */
  output_json?: string;
  error: PyError | null;
  /** Answered from the step cache in that run rather than executed. */
  replayed: boolean;
}

/** One place in the two span trees. */
export interface SpanDiff {
  /**
   * Names and occurrences from the root, `main#0/review#0/fetch#2`: the place a step key is
   * made for (without the version an in-process `flow.invoke` adds), the same in both plays.
   */
  path: string;
  name: string;
  /** Which of its parent's children called `name` it is, from 0 (the `#n` of its path). */
  occurrence: number;
  /** How deep the place is: 0 for the root span. */
  depth: number;
  change: SpanChange;
  /** The span in play `a`, null when it has none there. */
  a: SpanSide | null;
  b: SpanSide | null;
}

/** A value of each play side by side. */
export interface ValueDiff<T> {
  a: T;
  b: T;
  /** `a` as the JSON text Python wrote, where decoding changed what it says. */
  a_json?: string;
  b_json?: string;
  change: "same" | "changed";
}

/** What `heroLogic.plays.diff(a, b)` returns. */
export interface PlayDiff {
  status: ValueDiff<PlayStatus>;
  /** The inputs each play was started with. */
  inputs: ValueDiff<Record<string, unknown>>;
  /** A completed play's output; null for a play that has not completed. */
  output: ValueDiff<unknown>;
  /** The error a failed or cancelled play ended with (type and message compared), or null. */
  error: ValueDiff<PyError | null>;
  /** Every place either play's latest run has a span, in the order of `a`'s run. */
  spans: SpanDiff[];
}

/**
 * Compare two plays (`heroLogic.plays.diff`): their records and the spans of the latest run of
 * each, replayed ones with the values they replayed. `not_found` for an unknown sid; a play
 * compared with itself is all `same`.
 */
export async function comparePlays(plays: Pick<Plays, "get" | "spans">, a: string, b: string) {
  const playA = await plays.get(a);
  const playB = await plays.get(b);
  const [spansA, spansB] = await Promise.all([plays.spans(a), plays.spans(b)]);
  return diffPlays(playA, spansA, playB, spansB);
}

/** Compare two plays given as their records and the spans of their latest runs. */
export function diffPlays(a: Play, aSpans: Span[], b: Play, bSpans: Span[]): PlayDiff {
  const output = (play: Play) => (play.status === "completed" ? play.output_data : null);
  const outputJson = (play: Play) => (play.status === "completed" ? play.output_json : undefined);
  return {
    status: valueDiff(a.status, b.status, a.status === b.status),
    inputs: jsonDiff(a.input_data, a.input_json, b.input_data, b.input_json),
    output: jsonDiff(output(a), outputJson(a), output(b), outputJson(b)),
    error: valueDiff(a.error, b.error, sameError(a.error, b.error)),
    spans: alignSpans(aSpans, bSpans),
  };
}

function valueDiff<T>(a: T, b: T, same: boolean): ValueDiff<T> {
  return { a, b, change: same ? "same" : "changed" };
}

function jsonDiff<T>(a: T, aJson: string | undefined, b: T, bJson: string | undefined) {
  const diff = valueDiff(a, b, sameValue(a, aJson, b, bJson));
  if (aJson !== undefined) diff.a_json = aJson;
  if (bJson !== undefined) diff.b_json = bJson;
  return diff;
}

/** Errors compare by type and message: tracebacks name lines, which an edit moves. */
function sameError(a: PyError | null, b: PyError | null): boolean {
  if (!a || !b) return a === b;
  return a.type === b.type && a.message === b.message;
}

/** A span's place: its parent's place, its name and its occurrence among same-named siblings. */
interface Placed {
  key: string;
  path: string;
  index: number;
  depth: number;
  span: Span;
}

/**
 * The places of a run's spans (in opening order), counted as the SDK counts occurrences: per
 * parent and name, in the order the run asked for them, replayed steps included.
 */
export function placeSpans(spans: Span[]): Placed[] {
  const bySid = new Map<string, Placed>();
  const counts = new Map<string, Map<string, number>>();
  const placed: Placed[] = [];
  for (const span of [...spans].sort((x, y) => x.seq - y.seq)) {
    const parent = span.parent_sid ? bySid.get(span.parent_sid) : undefined;
    const siblings = counts.get(parent?.key ?? "") ?? new Map<string, number>();
    counts.set(parent?.key ?? "", siblings);
    const index = siblings.get(span.name) ?? 0;
    siblings.set(span.name, index + 1);
    const own = `${span.name}#${index}`;
    const place: Placed = {
      // Names may hold "/" or "#": the key keeps the parts apart where the path cannot.
      key: `${parent?.key ?? ""}\u0000${span.name}\u0000${index}`,
      path: parent ? `${parent.path}/${own}` : own,
      index,
      depth: parent ? parent.depth + 1 : 0,
      span,
    };
    bySid.set(span.sid, place);
    placed.push(place);
  }
  return placed;
}

/**
 * The spans of two runs aligned by place: `a`'s order, with the places only `b` has put where
 * `b` has them (after the places both share that come before them in `b`).
 */
export function alignSpans(aSpans: Span[], bSpans: Span[]): SpanDiff[] {
  const as = placeSpans(aSpans);
  const bs = placeSpans(bSpans);
  const inA = new Map(as.map((p) => [p.key, p]));
  const inB = new Map(bs.map((p) => [p.key, p]));
  const done = new Set<string>();
  const out: SpanDiff[] = [];
  let i = 0;
  let j = 0;
  while (i < as.length || j < bs.length) {
    const nextB = bs[j];
    if (nextB && done.has(nextB.key)) {
      j++;
      continue;
    }
    const nextA = as[i];
    if (nextA && !inB.has(nextA.key)) {
      out.push(entry(nextA, nextA, null));
      i++;
    } else if (nextB && !inA.has(nextB.key)) {
      out.push(entry(nextB, null, nextB));
      j++;
    } else if (nextA) {
      out.push(entry(nextA, nextA, inB.get(nextA.key) ?? null));
      done.add(nextA.key);
      i++;
    } else j++;
  }
  return out;
}

function entry(place: Placed, a: Placed | null, b: Placed | null): SpanDiff {
  const change: SpanChange = !a
    ? "only_b"
    : !b
      ? "only_a"
      : sameSpan(a.span, b.span)
        ? "same"
        : "changed";
  return {
    path: place.path,
    name: place.span.name,
    occurrence: place.index,
    depth: place.depth,
    change,
    a: a && side(a.span),
    b: b && side(b.span),
  };
}

function sameSpan(a: Span, b: Span): boolean {
  return (
    a.status === b.status &&
    sameError(a.error, b.error) &&
    sameValue(a.output, a.output_json, b.output, b.output_json)
  );
}

function side(span: Span): SpanSide {
  return {
    sid: span.sid,
    run_no: span.run_no,
    kind: span.kind,
    status: span.status,
    output: span.output,
    ...(span.output_json !== undefined && { output_json: span.output_json }),
    error: span.error,
    replayed: span.replayed,
  };
}
