import type { SpanRecord } from "../../worker/api";
import type { Span, StepCacheRow } from "../db/records";
import type { HeroDb } from "../db/schema";

export interface RunIdentity {
  playSid: string;
  runNo: number;
  versionSid: string;
}

/**
 * Store one batch of span records from a run in one transaction: the spans, and the cache rows
 * of the steps that finished, so a finished step's result and its span end land together.
 */
export async function persistSpanBatch(db: HeroDb, run: RunIdentity, records: SpanRecord[]) {
  const spans: Span[] = [];
  const rows: StepCacheRow[] = [];
  for (const { cache, ...record } of records) {
    spans.push({
      ...record,
      play_sid: run.playSid,
      run_no: run.runNo,
      version_sid: run.versionSid,
      child_play_sid: null,
    });
    if (cache !== undefined && record.step_key) {
      rows.push({
        play_sid: run.playSid,
        step_key: record.step_key,
        output: cache,
        span_sid: record.sid,
        run_no: run.runNo,
      });
    }
  }
  await db.transaction("rw", db.spans, db.steps, async () => {
    await db.spans.bulkPut(spans);
    if (rows.length > 0) await db.steps.bulkPut(rows);
  });
}

/** The step cache of a play, as the worker takes it: step key → JSON text. */
export async function loadStepCache(db: HeroDb, playSid: string): Promise<Record<string, string>> {
  const rows = await db.steps
    .where("[play_sid+step_key]")
    .between([playSid, ""], [playSid, "\uffff"])
    .toArray();
  const cache: Record<string, string> = {};
  for (const row of rows) cache[row.step_key] = row.output;
  return cache;
}

/** The spans of one run, in opening order. */
export function runSpans(db: HeroDb, playSid: string, runNo: number): Promise<Span[]> {
  return db.spans
    .where("[play_sid+run_no+seq]")
    .between([playSid, runNo, -Infinity], [playSid, runNo, Infinity])
    .toArray();
}
