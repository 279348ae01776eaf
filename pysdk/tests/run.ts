import type { BatchEntry, RunOutcome, RunRequest, SpanRecord } from "../../worker/api";
import { nodePython } from "../../worker/node-python";
import { toSpanRecord } from "../../worker/records";

export interface RunResult {
  outcome: RunOutcome;
  /** Final record of each span, in opening order. */
  spans: SpanRecord[];
  /** Step key → JSON text, as the engine would store it. */
  cache: Record<string, string>;
  batches: number;
  /** Each batch's records, as they arrived. */
  raw: SpanRecord[][];
}

/** Run a flow source once in Node's Pyodide, the way the engine would. */
export async function runFlow(
  source: string,
  options: Partial<RunRequest> = {},
): Promise<RunResult> {
  const python = await nodePython();
  const bySid = new Map<string, SpanRecord>();
  const cache: Record<string, string> = {};
  let batches = 0;
  const raw: SpanRecord[][] = [];
  const outcome = python.run(
    {
      workflow_name: "demo",
      version_sid: "v1",
      source,
      entry: "main",
      inputs: {},
      step_cache: {},
      ...options,
    },
    (json) => {
      batches += 1;
      const entries = (JSON.parse(json) as BatchEntry[]).map((entry) =>
        toSpanRecord(entry, (key) => cache[key] ?? options.step_cache?.[key]),
      );
      raw.push(entries);
      for (const record of entries) {
        bySid.set(record.sid, record);
        if (record.cache !== undefined && record.step_key) cache[record.step_key] = record.cache;
      }
    },
  );
  const spans = [...bySid.values()].sort((a, b) => a.seq - b.seq);
  return { outcome, spans, cache, batches, raw };
}

export function byName(spans: SpanRecord[], name: string): SpanRecord[] {
  return spans.filter((s) => s.name === name);
}
