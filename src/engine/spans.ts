import type { SpanRecord, SpawnRequest } from "../../worker/api";
import type { Span, StepCacheRow } from "../db/records";
import type { HeroDb } from "../db/schema";
import { createChildren } from "./children";

export interface RunIdentity {
  playSid: string;
  runNo: number;
  versionSid: string;
}

/**
 * Store one batch of span records from a run in one transaction: the spans, the cache rows of
 * the steps that finished and the child plays they started, so a finished step's result, its
 * span end and its effects land together. Returns the sids of the children to queue.
 */
export async function persistSpanBatch(
  db: HeroDb,
  run: RunIdentity,
  records: SpanRecord[],
  cache: StepCache,
): Promise<string[]> {
  const spans: Span[] = [];
  const rows: StepCacheRow[] = [];
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
      rows.push({
        play_sid: run.playSid,
        step_key: record.step_key,
        output,
        span_sid: record.sid,
        run_no: run.runNo,
      });
    }
  }
  const tables = [db.spans, db.steps, db.plays, db.workflows, db.versions];
  return db.transaction("rw", tables, async () => {
    await db.spans.bulkPut(spans);
    if (rows.length > 0) await db.steps.bulkPut(rows);
    return spawns.length > 0 ? createChildren(db, run, spawns) : [];
  });
}

/** A play's step cache by step key. */
export type StepCache = Map<string, StepCacheRow>;

export async function loadStepCache(db: HeroDb, playSid: string): Promise<StepCache> {
  const rows = await db.steps
    .where("[play_sid+step_key]")
    .between([playSid, ""], [playSid, "\uffff"])
    .toArray();
  return new Map(rows.map((row) => [row.step_key, row]));
}

/** The cache as the worker takes it: step key → JSON text. */
export function cacheOutputs(cache: StepCache): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [key, row] of cache) outputs[key] = row.output;
  return outputs;
}

/** The spans of one run, in opening order. */
export function runSpans(db: HeroDb, playSid: string, runNo: number): Promise<Span[]> {
  return db.spans
    .where("[play_sid+run_no+seq]")
    .between([playSid, runNo, -Infinity], [playSid, runNo, Infinity])
    .toArray();
}
