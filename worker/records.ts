import type {
  JournalEntry,
  PackedJournal,
  ReplayedRange,
  SpanLogEntry,
  SpanRecord,
  SpanRow,
} from "./api";
import { jsonItems, mayDecodeInexactly } from "./json-text";

/**
 * A journal in the packed form the SDK reads. Runs stored before it kept a list of
 * `[name, step_key]` pairs: they pack with every step named by its key.
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

/** A batch's span log, read: the spans that ran in full, the replayed ranges as they are. */
export function readSpanLog(text: string): { spans: SpanRecord[]; ranges: ReplayedRange[] } {
  const spans: SpanRecord[] = [];
  const ranges: ReplayedRange[] = [];
  const entries = JSON.parse(text) as SpanLogEntry[];
  const texts = mayDecodeInexactly(text) ? jsonItems(text) : null;
  entries.forEach((entry, i) => {
    if (!Array.isArray(entry)) ranges.push(entry);
    else if (texts) spans.push(withExactTexts(spanFromRow(entry), texts[i]!));
    else spans.push(spanFromRow(entry));
  });
  return { spans, ranges };
}

const INPUT_AT = 8;
const OUTPUT_AT = 9;

/** `span` with the texts of its input and output where decoding them changed what they say. */
function withExactTexts(span: SpanRecord, rowText: string): SpanRecord {
  const items = jsonItems(rowText);
  const input = items[INPUT_AT]!;
  const output = items[OUTPUT_AT]!;
  if (input !== JSON.stringify(span.input)) span.input_json = input;
  if (output !== JSON.stringify(span.output)) span.output_json = output;
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
