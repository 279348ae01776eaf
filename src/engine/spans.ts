import type { SpanRecord, SpawnRequest } from "../../worker/api";
import type { CachedStep, Span, SpanBatch } from "../db/records";
import type { HeroDb } from "../db/schema";
import { createChildren } from "./children";

export interface RunIdentity {
  playSid: string;
  runNo: number;
  versionSid: string;
}

/** A play's step cache by step key, with the run that produced each entry. */
export type StepCache = Map<string, CachedStep & { run_no: number }>;

const PAUSE = "pause:";

/**
 * Store one batch of span records from a run in one transaction: the spans with the cached
 * outputs of the steps that finished, and the child plays they started, so a finished step's
 * result, its span end and its effects land together. Returns the sids of the children to queue.
 */
export async function persistSpanBatch(
  db: HeroDb,
  run: RunIdentity,
  batchNo: number,
  records: SpanRecord[],
  cache: StepCache,
): Promise<string[]> {
  const spans: Span[] = [];
  const cached: CachedStep[] = [];
  const spawns: { request: SpawnRequest; spanSid: string }[] = [];
  for (const { cache: output, spawn, ...record } of records) {
    if (spawn) spawns.push({ request: spawn, spanSid: record.sid });
    const origin = record.replayed && record.step_key ? cache.get(record.step_key) : undefined;
    spans.push({
      ...record,
      play_sid: run.playSid,
      run_no: run.runNo,
      version_sid: run.versionSid,
      replayed_from_run: origin?.run_no ?? null,
      replayed_from_span: origin?.span_sid ?? null,
    });
    if (output !== undefined && record.step_key) {
      cached.push({ step_key: record.step_key, output, span_sid: record.sid });
    }
  }
  const batch: SpanBatch = {
    play_sid: run.playSid,
    run_no: run.runNo,
    batch_no: batchNo,
    spans,
    cache: cached,
  };
  const tables = [db.batches, db.plays, db.workflows, db.versions];
  return db.transaction("rw", tables, async () => {
    await db.batches.put(batch);
    return spawns.length > 0 ? createChildren(db, run, spawns) : [];
  });
}

/** Append a batch of corrected spans (e.g. the open spans of a stopped run). */
export async function appendSpans(db: HeroDb, run: RunIdentity, batchNo: number, spans: Span[]) {
  await db.batches.put({
    play_sid: run.playSid,
    run_no: run.runNo,
    batch_no: batchNo,
    spans,
    cache: [],
  });
}

function playBatches(db: HeroDb, playSid: string) {
  return db.batches
    .where("[play_sid+run_no+batch_no]")
    .between([playSid, -Infinity, -Infinity], [playSid, Infinity, Infinity]);
}

/** Every cached step output of the play, and its pause answers under `pause:<key>`. */
export async function loadStepCache(db: HeroDb, playSid: string): Promise<StepCache> {
  const cache: StepCache = new Map();
  await playBatches(db, playSid).each((batch) => {
    for (const entry of batch.cache) cache.set(entry.step_key, { ...entry, run_no: batch.run_no });
  });
  const answers = await db.answers
    .where("[play_sid+key]")
    .between([playSid, ""], [playSid, "\uffff"])
    .toArray();
  for (const answer of answers) {
    cache.set(PAUSE + answer.key, {
      step_key: PAUSE + answer.key,
      output: answer.payload,
      span_sid: "",
      run_no: 0,
    });
  }
  return cache;
}

/** The cache as the worker takes it: step key → JSON text. */
export function cacheOutputs(cache: StepCache): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [key, entry] of cache) outputs[key] = entry.output;
  return outputs;
}

/** The spans of one run, each in its latest state, in opening order. */
export async function runSpans(db: HeroDb, playSid: string, runNo: number): Promise<Span[]> {
  const latest = new Map<string, Span>();
  await db.batches
    .where("[play_sid+run_no+batch_no]")
    .between([playSid, runNo, -Infinity], [playSid, runNo, Infinity])
    .each((batch) => {
      for (const span of batch.spans) latest.set(span.sid, span);
    });
  return [...latest.values()].sort((a, b) => a.seq - b.seq);
}

/** Remove everything a play's runs stored. Runs inside the caller's transaction. */
export async function deletePlayData(db: HeroDb, playSid: string): Promise<void> {
  await playBatches(db, playSid).delete();
  await db.answers.where("[play_sid+key]").between([playSid, ""], [playSid, "\uffff"]).delete();
}
