import { inexactText, jsonItems, mayDecodeInexactly } from "../../wire/json-text";
import type {
  JournalEntry,
  PackedJournal,
  ReplayedRange,
  SpanEnd,
  SpanLogEntry,
  SpanRecord,
  SpanRow,
} from "../../wire/records";

/**
 * A journal in the packed form the SDK reads. A database written by an earlier build holds
 * lists of `[name, step_key]` pairs: they pack with every step named by its key.
 */
export function packJournal(journal: JournalEntry[] | PackedJournal): PackedJournal {
  if (typeof journal === "string") return journal;
  const runs: [string, number][] = [];
  for (const [name] of journal) {
    const last = runs[runs.length - 1];
    if (last && last[0] === name) last[1] += 1;
    else runs.push([name, 1]);
  }
  return JSON.stringify([runs, journal.map(([, key]) => key)]);
}

/** A batch's span log, read. */
export interface SpanLog {
  /** The spans that ran, each as it last stood in the batch. */
  spans: SpanRecord[];
  /** The replayed ranges, as they are. */
  ranges: ReplayedRange[];
  /** Ends of spans whose row is in an earlier batch: apply them with `endSpan`, in order. */
  ends: SpanEndRecord[];
}

const SPAN_ROW_LENGTH = 17;

export function readSpanLog(text: string): SpanLog {
  const reader = spanLogReader(text);
  reader.read(Number.POSITIVE_INFINITY);
  return reader.log;
}

/**
 * `readSpanLog` in parts, for a reader that must not hold its thread for long (the page
 * opening a run whose batches hold thousands of spans): each `read(count)` reads the next
 * `count` entries and says whether any are left; `log` is complete once none are.
 */
export function spanLogReader(text: string): {
  read(count: number): boolean;
  log: SpanLog;
} {
  const log: SpanLog = { spans: [], ranges: [], ends: [] };
  const at = new Map<string, number>();
  const entries = JSON.parse(text) as SpanLogEntry[];
  const texts = mayDecodeInexactly(text) ? jsonItems(text) : null;
  let i = 0;
  const readEntry = (entry: SpanLogEntry, index: number) => {
    if (!Array.isArray(entry)) {
      log.ranges.push(entry);
    } else if (entry.length === SPAN_ROW_LENGTH) {
      const span = spanFromRow(entry as SpanRow);
      at.set(span.sid, log.spans.push(texts ? withExactTexts(span, texts[index]!) : span) - 1);
    } else {
      const end = endFromEntry(entry as SpanEnd, texts?.[index]);
      const opened = at.get(end.sid);
      if (opened === undefined) log.ends.push(end);
      else log.spans[opened] = endSpan(log.spans[opened]!, end);
    }
  };
  return {
    read(count) {
      const stop = Math.min(entries.length, i + count);
      for (; i < stop; i++) readEntry(entries[i]!, i);
      return i < entries.length;
    },
    log,
  };
}

/** What a span's end changes, as a `SpanEnd` says it (with the exact text of the output). */
export type SpanEndRecord = Pick<
  SpanRecord,
  | "sid"
  | "status"
  | "ended_at"
  | "output"
  | "error"
  | "logs"
  | "source_file"
  | "source_line"
  | "child_play_sid"
  | "output_json"
>;

const END_OUTPUT_AT = 3;

function endFromEntry(end: SpanEnd, text: string | undefined): SpanEndRecord {
  const [sid, status, endedAtUs, output, error, logs, source_file, source_line, child_play_sid] =
    end;
  const record: SpanEndRecord = {
    sid,
    status,
    ended_at: endedAtUs / 1000,
    output,
    error,
    logs,
    source_file,
    source_line,
    child_play_sid,
  };
  const outputText = text === undefined ? undefined : jsonItems(text)[END_OUTPUT_AT];
  const outputJson = inexactText(outputText, output);
  if (outputJson !== undefined) record.output_json = outputJson;
  return record;
}

/** `span` as its end left it. */
export function endSpan<T extends SpanRecord>(span: T, end: SpanEndRecord): T {
  const ended = { ...span, ...end };
  if (end.output_json === undefined) delete ended.output_json;
  return ended;
}

const INPUT_AT = 8;
const OUTPUT_AT = 9;

/** `span` with the texts of its input and output where decoding them changed what they say. */
function withExactTexts(span: SpanRecord, rowText: string): SpanRecord {
  const items = jsonItems(rowText);
  const input = inexactText(items[INPUT_AT], span.input);
  const output = inexactText(items[OUTPUT_AT], span.output);
  if (input !== undefined) span.input_json = input;
  if (output !== undefined) span.output_json = output;
  return span;
}

export function spanFromRow(row: SpanRow): SpanRecord {
  const [
    sid,
    parent_sid,
    seq,
    name,
    kind,
    status,
    startedAtUs,
    endedAtUs,
    input,
    output,
    error,
    logs,
    source_file,
    source_line,
    step_key,
    attributes,
    child_play_sid,
  ] = row;
  return {
    sid,
    parent_sid,
    seq,
    name,
    kind,
    status,
    started_at: startedAtUs / 1000,
    ended_at: endedAtUs === null ? null : endedAtUs / 1000,
    input,
    output,
    error,
    logs,
    source_file,
    source_line,
    step_key,
    replayed: false,
    attributes,
    child_play_sid,
  };
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const SID_SPACE = 2 ** 40;

/** The sid of replayed span `offset` of a range: base32 of `base + offset` (40 bits), least
 * significant digit first, like the SDK's `sid_of`. */
export function replayedSid(base: number, offset: number): string {
  let n = (base + offset) % SID_SPACE;
  let sid = "";
  for (let i = 0; i < 8; i++) {
    const digit = n % 32;
    sid += ALPHABET[digit];
    n = (n - digit) / 32;
  }
  return sid;
}

/** Where a replayed output came from: its step key, the span that produced it, the output. */
export interface ReplayOrigin {
  stepKey: string;
  span: SpanRecord | undefined;
  output: unknown;
  /** The output's text, when decoding it changed what it says (see `SpanRecord.output_json`). */
  outputJson?: string;
}

/**
 * The spans of a replayed range. `origin` finds, by step-cache index, the output and the span
 * that produced it; a replayed span shows that span's name, kind, input, source line and child
 * play.
 */
export function expandRange(
  range: ReplayedRange,
  origin: (index: number) => ReplayOrigin | undefined,
): SpanRecord[] {
  const indices = range.replayed.flatMap(([first, count]) =>
    Array.from({ length: count }, (_, i) => first + i),
  );
  return indices.map((index, i) => {
    const found = origin(index);
    const from = found?.span;
    return {
      sid: replayedSid(range.sid_base, i),
      parent_sid: range.parent_sid,
      seq: range.seq + i,
      // Only a damaged database lacks the origin: the span still shows, named for what it is.
      name: from?.name ?? "(replayed step)",
      kind: from?.kind ?? "step",
      status: "ok",
      started_at: range.at / 1000,
      ended_at: range.at / 1000,
      input: from?.input ?? null,
      output: found?.output ?? null,
      error: null,
      logs: "",
      source_file: from?.source_file ?? null,
      source_line: from?.source_line ?? null,
      step_key: found?.stepKey ?? null,
      replayed: true,
      attributes: from?.attributes ?? {},
      child_play_sid: from?.child_play_sid ?? null,
      ...(from?.input_json !== undefined && { input_json: from.input_json }),
      ...(found?.outputJson !== undefined && { output_json: found.outputJson }),
    };
  });
}
