import type { BatchEntry, SpawnRequest } from "../../worker/api";
import { toSpanRecord } from "../../worker/records";
import type { CachedStep, Span } from "../db/records";
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
 * Store one batch from a run in one transaction: its spans, the outputs of the steps that
 * finished and the child plays they started, so a finished step's result, its span end and its
 * effects land together. Returns the sids of the children to queue.
 */
export async function persistSpanBatch(
  db: HeroDb,
  run: RunIdentity,
  batchNo: number,
  entries: BatchEntry[],
  cache: StepCache,
): Promise<string[]> {
  const spans: Span[] = [];
  const outputs: CachedStep[] = [];
  const spawns: { request: SpawnRequest; spanSid: string }[] = [];
  const cachedOutput = (key: string) => cache.get(key)?.output;
  for (const entry of entries) {
    const { cache: output, spawn, ...record } = toSpanRecord(entry, cachedOutput);
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
      outputs.push({ step_key: record.step_key, output, span_sid: record.sid });
    }
  }
  const key = { play_sid: run.playSid, run_no: run.runNo, batch_no: batchNo };
  const tables = [db.batches, db.outputs, db.plays, db.workflows, db.versions];
  return db.transaction("rw", tables, async () => {
    await db.batches.put({ ...key, spans });
    if (outputs.length > 0) await db.outputs.put({ ...key, entries: outputs });
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

/** Every cached step output of the play, and its pause answers under `pause:<key>`. */
export async function loadStepCache(db: HeroDb, playSid: string): Promise<StepCache> {
  const cache: StepCache = new Map();
  const rows = await db.outputs
    .where("[play_sid+run_no+batch_no]")
    .between(...wholePlay(playSid))
    .toArray();
  for (const row of rows) {
    for (const entry of row.entries) cache.set(entry.step_key, { ...entry, run_no: row.run_no });
  }
  const answers = await db.answers
    .where("[play_sid+key]")
    .between([playSid, ""], [playSid, "\uffff"])
    .toArray();
  for (const answer of answers) {
    const key = PAUSE + answer.key;
    cache.set(key, { step_key: key, output: answer.payload, span_sid: "", run_no: 0 });
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
