import type { OutputBatch, RunWaitTimes, Span, SpanBatch } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { inexactText, jsonItems, jsonMembers, mayDecodeInexactly } from "../../wire/json-text";
import type {
  ReplayedRange,
  SpanBatchTexts,
  SpanRecord,
  SpawnEntry,
  StepOutputs,
} from "../../wire/records";
import type { BundleOutputBatch, BundleSpanBatch } from "../portable/bundle-schema";
import { createSlices } from "../run/slices";
import { createChildren, type SpawnWish } from "./children";
import { markMadeCalls, opensCall } from "./made-calls";
import { endSpan, expandRange, type ReplayOrigin, spanLogReader } from "./span-log";

export interface RunIdentity {
  playSid: string;
  runNo: number;
  versionSid: string;
  /** What the run waited for before its Python began, recorded with its end. */
  waits?: RunWaitTimes;
}

const PAUSE = "pause:";
/** Span log entries read between two looks at the clock (a batch may hold thousands). */
const LOG_PART = 400;

/**
 * Store one batch from a run in one transaction: its span log, the outputs of the steps that
 * finished and the child plays they started, so a finished step's result, its span end and its
 * effects land together. The texts are stored as the SDK sent them (decoding them costs more
 * than writing them); reads decode. Returns the sids of the children to queue.
 */
export async function persistSpanBatch(
  db: HeroDb,
  run: RunIdentity,
  batchNo: number,
  batch: SpanBatchTexts,
): Promise<string[]> {
  const key = { play_sid: run.playSid, run_no: run.runNo, batch_no: batchNo };
  const spawns = batch.spawns ? readSpawns(batch.spawns) : [];
  const tables = [db.batches, db.outputs, db.plays, db.workflows, db.versions];
  return db.transaction("rw", tables, async () => {
    await db.batches.put({ ...key, version_sid: run.versionSid, log: batch.spans });
    if (batch.outputs) await db.outputs.put({ ...key, log: batch.outputs });
    if (opensCall(batch.spans)) await markMadeCalls(db, run.playSid);
    return spawns.length > 0 ? createChildren(db, run, spawns) : [];
  });
}

/**
 * The child plays a batch asks for, each with its inputs and prefill as the texts the SDK wrote
 * where decoding them changed what they say (the child runs with those texts).
 */
function readSpawns(text: string): SpawnWish[] {
  const entries = JSON.parse(text) as SpawnEntry[];
  const texts = mayDecodeInexactly(text) ? jsonItems(text) : null;
  return entries.map((entry, i) => {
    const wish: SpawnWish = { request: entry.request, spanSid: entry.span_sid };
    if (!texts) return wish;
    const request = new Map(jsonMembers(texts[i]!)).get("request") ?? "{}";
    const parts = new Map(jsonMembers(request));
    const inputs = inexactText(parts.get("inputs"), entry.request.inputs);
    const prefill = inexactText(parts.get("prefill"), entry.request.prefill);
    if (inputs !== undefined) wish.inputsJson = inputs;
    if (prefill !== undefined) wish.prefillJson = prefill;
    return wish;
  });
}

/** Append a batch of corrected spans (e.g. the open spans of a stopped run). */
export async function appendSpans(db: HeroDb, run: RunIdentity, batchNo: number, spans: Span[]) {
  await db.batches.put({ play_sid: run.playSid, run_no: run.runNo, batch_no: batchNo, spans });
}

const wholePlay = (playSid: string) =>
  [
    [playSid, -Infinity, -Infinity],
    [playSid, Infinity, Infinity],
  ] as const;

function playOutputs(db: HeroDb, playSid: string): Promise<OutputBatch[]> {
  return db.outputs
    .where("[play_sid+run_no+batch_no]")
    .between(...wholePlay(playSid))
    .toArray();
}

/** Step key → JSON text of an output, as a `StepOutputs` text. */
export function outputsText(entries: [key: string, output: string][]): string {
  return `{${entries.map(([key, output]) => `${JSON.stringify(key)}:${output}`).join(",")}}`;
}

/** An output row as the SDK writes it, from either layout. */
function outputLog(row: OutputBatch): string {
  if (row.log !== undefined) return row.log;
  return outputsText((row.entries ?? []).map((e) => [e.step_key, e.output]));
}

/**
 * Merge the output rows a finished run wrote batch by batch into one row, in one transaction
 * (the merged row takes the first one's place, so the step cache keeps its order). Every later
 * run reads the play's outputs, and IndexedDB reads one row of 700 KB several times faster
 * than 45 rows of 16 KB. Without it (it failed, or the tab closed first) the rows stay as they
 * were, which reads the same.
 */
export async function compactOutputs(db: HeroDb, run: RunIdentity): Promise<void> {
  const range = [
    [run.playSid, run.runNo, -Infinity],
    [run.playSid, run.runNo, Infinity],
  ] as const;
  await db.transaction("rw", db.outputs, async () => {
    const rows = await db.outputs
      .where("[play_sid+run_no+batch_no]")
      .between(...range)
      .toArray();
    if (rows.length < 2) return;
    const entries = rows.map((row) => outputLog(row).slice(1, -1)).filter((inner) => inner);
    await db.outputs
      .where("[play_sid+run_no+batch_no]")
      .between(...range)
      .delete();
    const first = rows[0]!;
    await db.outputs.put({
      play_sid: run.playSid,
      run_no: run.runNo,
      batch_no: first.batch_no,
      log: `{${entries.join(",")}}`,
    });
  });
}

/** What a run gets of its play's stored results (see `RunRequest`). */
export interface StepCache {
  /** Every stored output, in storage order (`StepOutputs` texts, passed on undecoded). */
  outputs: string[];
  /** The pause answers under `pause:<key>`. */
  answers: string;
}

/**
 * Every output a play stored, step key → the JSON text the SDK wrote (a run executes a key at
 * most once, and a later run replays it: each key is stored once).
 */
export async function storedOutputs(db: HeroDb, playSid: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const row of await playOutputs(db, playSid)) {
    for (const [key, text] of jsonMembers(outputLog(row)))
      if (!texts.has(key)) texts.set(key, text);
  }
  return texts;
}

/** The play's stored outputs as the worker takes them (see `StepCache.outputs`). */
export async function loadOutputs(db: HeroDb, playSid: string): Promise<string[]> {
  return (await playOutputs(db, playSid)).map(outputLog);
}

/** The play's pause answers as the worker takes them (see `StepCache.answers`). */
export async function loadAnswers(db: HeroDb, playSid: string): Promise<string> {
  const answers = await db.answers
    .where("[play_sid+key]")
    .between([playSid, ""], [playSid, "\uffff"])
    .toArray();
  return outputsText(answers.map((a) => [PAUSE + a.key, a.payload]));
}

/** A stored span from a span record of run `runNo`. */
function placed(record: SpanRecord, playSid: string, runNo: number, versionSid: string): Span {
  return {
    ...record,
    play_sid: playSid,
    run_no: runNo,
    version_sid: versionSid,
    replayed_from_run: null,
    replayed_from_span: null,
  };
}

/**
 * The spans of one run, each in its latest state, in opening order. Replayed steps are
 * expanded from their ranges with what the spans that produced their outputs recorded (pass
 * `replayed: false` to leave them out, e.g. to look for spans still open).
 */
export async function runSpans(
  db: HeroDb,
  playSid: string,
  runNo: number,
  { replayed = true }: { replayed?: boolean } = {},
): Promise<Span[]> {
  const latest = new Map<string, Span>();
  const ranges: { range: ReplayedRange; versionSid: string }[] = [];
  // All rows in one read, decoded after it in slices: a run of 10,000 steps is a few MB of
  // span logs, too much to decode in one task of the page.
  const slices = createSlices();
  const rows: SpanBatch[] = await db.batches
    .where("[play_sid+run_no+batch_no]")
    .between([playSid, runNo, -Infinity], [playSid, runNo, Infinity])
    .toArray();
  for (const batch of rows) {
    await slices.between();
    for (const span of batch.spans ?? []) latest.set(span.sid, span);
    if (batch.log === undefined) continue;
    const versionSid = batch.version_sid ?? "";
    const reader = spanLogReader(batch.log);
    while (reader.read(LOG_PART)) await slices.between();
    const log = reader.log;
    for (const span of log.spans) latest.set(span.sid, placed(span, playSid, runNo, versionSid));
    for (const end of log.ends) {
      const span = latest.get(end.sid);
      if (span) latest.set(span.sid, endSpan(span, end));
    }
    for (const range of log.ranges) ranges.push({ range, versionSid });
  }
  if (replayed && ranges.length > 0) {
    const origin = await replayOrigins(db, playSid, runNo);
    for (const { range, versionSid } of ranges) {
      await slices.between();
      for (const record of expandRange(range, origin)) {
        const from = record.step_key ? origin.byKey.get(record.step_key) : undefined;
        latest.set(record.sid, {
          ...placed(record, playSid, runNo, versionSid),
          replayed_from_run: from?.runNo ?? null,
          replayed_from_span: from?.span?.sid ?? null,
        });
      }
    }
  }
  return [...latest.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The step cache run `runNo` got (the outputs of the earlier runs, in storage order), by index,
 * each with the span that produced it: the span of the output's run that executed that step
 * key (a run executes a key at most once).
 */
async function replayOrigins(db: HeroDb, playSid: string, runNo: number) {
  const cache: ReplayOrigin[] = [];
  const byKey = new Map<string, ReplayOrigin & { runNo: number }>();
  const producers = new Map<number, Map<string, Span>>();
  for (const row of await playOutputs(db, playSid)) {
    if (row.run_no >= runNo) continue;
    let spans = producers.get(row.run_no);
    if (!spans) {
      const ran = (await runSpans(db, playSid, row.run_no, { replayed: false })).filter(
        (s) => s.step_key && !s.replayed && s.status === "ok",
      );
      spans = new Map(ran.map((s) => [s.step_key!, s]));
      producers.set(row.run_no, spans);
    }
    const log = outputLog(row);
    const batch = JSON.parse(log) as StepOutputs;
    const texts = mayDecodeInexactly(log) ? new Map(jsonMembers(log)) : null;
    for (const stepKey in batch) {
      const output = batch[stepKey];
      const outputJson = inexactText(texts?.get(stepKey), output);
      const entry = {
        stepKey,
        span: spans.get(stepKey),
        output,
        ...(outputJson !== undefined && { outputJson }),
        runNo: row.run_no,
      };
      cache.push(entry);
      byKey.set(stepKey, entry);
    }
  }
  return Object.assign((index: number): ReplayOrigin | undefined => cache[index], { byKey });
}

/** Remove everything a play's runs stored. Runs inside the caller's transaction. */
export async function deletePlayData(db: HeroDb, playSid: string): Promise<void> {
  await db.batches
    .where("[play_sid+run_no+batch_no]")
    .between(...wholePlay(playSid))
    .delete();
  await db.outputs
    .where("[play_sid+run_no+batch_no]")
    .between(...wholePlay(playSid))
    .delete();
  await db.answers.where("[play_sid+key]").between([playSid, ""], [playSid, "\uffff"]).delete();
  await db.runs
    .where("[play_sid+run_no]")
    .between([playSid, -Infinity], [playSid, Infinity])
    .delete();
}

/**
 * A play's spans and step outputs in the layout every version of the app reads, whatever this
 * one stores: each run's spans in full (replayed ones expanded) as one batch, each output as an
 * entry naming the span that produced it. For bundles, which outlive the storage layout.
 */
export async function portablePlayData(
  db: HeroDb,
  playSid: string,
): Promise<{ batches: BundleSpanBatch[]; outputs: BundleOutputBatch[] }> {
  const keys = await db.batches
    .where("[play_sid+run_no+batch_no]")
    .between(...wholePlay(playSid))
    .primaryKeys();
  const runNos = [...new Set(keys.map(([, runNo]) => runNo))].sort((a, b) => a - b);
  const batches: BundleSpanBatch[] = [];
  const producers = new Map<string, string>();
  for (const runNo of runNos) {
    const spans = await runSpans(db, playSid, runNo);
    batches.push({ play_sid: playSid, run_no: runNo, batch_no: 0, spans });
    for (const span of spans) {
      if (span.step_key && !span.replayed) producers.set(`${runNo}:${span.step_key}`, span.sid);
    }
  }
  const outputs = (await playOutputs(db, playSid)).map((row) => ({
    play_sid: playSid,
    run_no: row.run_no,
    batch_no: row.batch_no,
    // The texts as the SDK wrote them: decoded and written again, they would not say the same.
    entries: jsonMembers(outputLog(row)).map(([key, output]) => ({
      step_key: key,
      output,
      span_sid: producers.get(`${row.run_no}:${key}`) ?? "",
    })),
  }));
  return { batches, outputs };
}
