import type {
  ReplayedRange,
  SpanBatchTexts,
  SpanRecord,
  SpawnEntry,
  StepOutputRow,
} from "../../worker/api";
import { expandRange, type ReplayOrigin, readSpanLog } from "../../worker/records";
import type { OutputBatch, Span, SpanBatch } from "../db/records";
import type { HeroDb } from "../db/schema";
import { createChildren } from "./children";

export interface RunIdentity {
  playSid: string;
  runNo: number;
  versionSid: string;
}

const PAUSE = "pause:";

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
  const spawns = batch.spawns
    ? (JSON.parse(batch.spawns) as SpawnEntry[]).map((s) => ({
        request: s.request,
        spanSid: s.span_sid,
      }))
    : [];
  const tables = [db.batches, db.outputs, db.plays, db.workflows, db.versions];
  return db.transaction("rw", tables, async () => {
    await db.batches.put({ ...key, version_sid: run.versionSid, log: batch.spans });
    if (batch.outputs) await db.outputs.put({ ...key, log: batch.outputs });
    return spawns.length > 0 ? createChildren(db, run, spawns) : [];
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

/** An output row as the SDK writes it, from either layout. */
function outputLog(row: OutputBatch): string {
  if (row.log !== undefined) return row.log;
  const rows = (row.entries ?? []).map(
    (e) => `[${JSON.stringify(e.step_key)},${JSON.stringify(e.span_sid)},${e.output}]`,
  );
  return `[${rows.join(",")}]`;
}

/**
 * The play's step cache as the worker takes it: every stored output (JSON texts of
 * `StepOutputRow`s, passed on undecoded) and the pause answers under `pause:<key>`.
 */
export async function loadStepCache(db: HeroDb, playSid: string): Promise<string[]> {
  const texts = (await playOutputs(db, playSid)).map(outputLog);
  const answers = await db.answers
    .where("[play_sid+key]")
    .between([playSid, ""], [playSid, "\uffff"])
    .toArray();
  if (answers.length > 0) {
    const rows = answers.map((a) => `[${JSON.stringify(PAUSE + a.key)},"",${a.payload}]`);
    texts.push(`[${rows.join(",")}]`);
  }
  return texts;
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
  await db.batches
    .where("[play_sid+run_no+batch_no]")
    .between([playSid, runNo, -Infinity], [playSid, runNo, Infinity])
    .each((batch: SpanBatch) => {
      for (const span of batch.spans ?? []) latest.set(span.sid, span);
      if (batch.log === undefined) return;
      const versionSid = batch.version_sid ?? "";
      const log = readSpanLog(batch.log);
      for (const span of log.spans) latest.set(span.sid, placed(span, playSid, runNo, versionSid));
      for (const range of log.ranges) ranges.push({ range, versionSid });
    });
  if (replayed && ranges.length > 0) {
    const origin = await replayOrigins(db, playSid);
    for (const { range, versionSid } of ranges) {
      for (const record of expandRange(range, origin.find)) {
        const from = origin.outputs.get(record.step_key ?? "");
        latest.set(record.sid, {
          ...placed(record, playSid, runNo, versionSid),
          replayed_from_run: from?.run_no ?? null,
          replayed_from_span: from?.span_sid ?? null,
        });
      }
    }
  }
  return [...latest.values()].sort((a, b) => a.seq - b.seq);
}

/** Every stored output of a play by step key, and a finder for the spans that produced them. */
async function replayOrigins(db: HeroDb, playSid: string) {
  const outputs = new Map<string, { span_sid: string; run_no: number; output: unknown }>();
  for (const row of await playOutputs(db, playSid)) {
    for (const [step_key, span_sid, output] of JSON.parse(outputLog(row)) as StepOutputRow[]) {
      outputs.set(step_key, { span_sid, run_no: row.run_no, output });
    }
  }
  const spansByRun = new Map<number, Map<string, Span>>();
  for (const { run_no } of outputs.values()) {
    if (spansByRun.has(run_no)) continue;
    const spans = await runSpans(db, playSid, run_no, { replayed: false });
    spansByRun.set(run_no, new Map(spans.map((s) => [s.sid, s])));
  }
  const find = (stepKey: string): ReplayOrigin | undefined => {
    const from = outputs.get(stepKey);
    if (!from) return undefined;
    return { span: spansByRun.get(from.run_no)?.get(from.span_sid), output: from.output };
  };
  return { outputs, find };
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
}
