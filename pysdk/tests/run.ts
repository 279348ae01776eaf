import {
  endSpan,
  expandRange,
  type ReplayOrigin,
  readSpanLog,
} from "../../src/engine/store/span-log";
import { nodePython } from "../../src/test-support/node-python";
import { jsonMembers } from "../../src/wire/json-text";
import type {
  JournalEntry,
  PackedJournal,
  RunRequest,
  SpanRecord,
  SpawnEntry,
  WorkerRunOutcome,
} from "../../src/wire/records";
import type { HttpSend } from "../../worker/http";
import type { BatchBytesSink } from "../../worker/python";

export interface RunResult {
  outcome: WorkerRunOutcome;
  /** Final record of each span, in opening order (replayed ones expanded as the engine does). */
  spans: SpanRecord[];
  /** Step key → JSON text of the outputs this run stored. */
  cache: Record<string, string>;
  batches: number;
  /** How many of them Python handed over as bytes (`viaBytes`). */
  bytesTaken: number;
  /** Each batch's records, as they arrived. */
  raw: SpanRecord[][];
  /** The child plays the run asked for. */
  spawns: SpawnEntry[];
}

export interface RunOptions extends Partial<Omit<RunRequest, "step_cache" | "answers">> {
  /**
   * Step key (or `pause:<key>`) → JSON text of a stored output (or answer), in the order the
   * engine would have stored them.
   */
  step_cache?: Record<string, string>;
  /**
   * The stored output rows (`StepOutputs` texts) as they are, in order, for Python instead of
   * `step_cache`'s outputs: a key stored twice (a retry executed it again) keeps both places.
   */
  rows?: string[];
  /**
   * Take batches as bytes where Python can hand them so (as the browser's worker does where the
   * page shares memory with it: see `Outbox` in _run.py); `bytesTaken` counts those.
   */
  viaBytes?: boolean;
  /** Sends the run's `http` calls (as the worker's bridge does; see worker/http.ts). */
  http?: HttpSend;
}

/** Every span a run of this file produced an output with, for expanding later replays. */
const origins = new Map<string, SpanRecord | undefined>();

/** `StepOutputs` JSON text of key → JSON text entries. */
function outputsText(entries: [string, string][]): string {
  return `{${entries.map(([key, text]) => `${JSON.stringify(key)}:${text}`).join(",")}}`;
}

/** Run a flow source once in Node's Pyodide, the way the engine would. */
export async function runFlow(source: string, options: RunOptions = {}): Promise<RunResult> {
  const python = await nodePython();
  const bySid = new Map<string, SpanRecord>();
  const cache: Record<string, string> = {};
  const spawns: SpawnEntry[] = [];
  const given = Object.entries(options.step_cache ?? {});
  const outputs = given.filter(([key]) => !key.startsWith("pause:"));
  const origin = (index: number): ReplayOrigin | undefined => {
    const [stepKey, text] = outputs[index] ?? [];
    if (stepKey === undefined || text === undefined) return undefined;
    return { stepKey, span: origins.get(stepKey), output: JSON.parse(text) };
  };
  let batches = 0;
  let bytesTaken = 0;
  const raw: SpanRecord[][] = [];
  const { viaBytes, http, rows, ...request } = options;
  const take = (spansText: string, outputsText?: string, spawnsText?: string) => {
    const log = readSpanLog(spansText);
    const records = [...log.spans];
    // As the engine keeps them: the texts the SDK wrote, never decoded and written again.
    const finished = jsonMembers(outputsText ?? "{}");
    for (const span of log.spans) bySid.set(span.sid, span);
    for (const end of log.ends) {
      const span = bySid.get(end.sid);
      if (!span) throw new Error(`the end of span ${end.sid} came before its row`);
      const ended = endSpan(span, end);
      bySid.set(span.sid, ended);
      records.push(ended);
    }
    for (const [key, text] of finished) {
      cache[key] = text;
      // The producer: this run's span that executed the key.
      const span = [...bySid.values()].find((s) => s.step_key === key && s.status === "ok");
      origins.set(key, span);
    }
    for (const range of log.ranges) records.push(...expandRange(range, origin));
    raw.push(records);
    for (const record of records) bySid.set(record.sid, record);
    spawns.push(...(JSON.parse(spawnsText ?? "[]") as SpawnEntry[]));
  };
  const decoder = new TextDecoder();
  const bytes: BatchBytesSink = (data, ...lengths) => {
    let at = 0;
    const [spansText = "", outputsText, spawnsText] = lengths.map((length) => {
      if (length < 0) return undefined;
      at += length;
      return decoder.decode(data.subarray(at - length, at));
    });
    bytesTaken += 1;
    take(spansText, outputsText, spawnsText);
    return true;
  };
  const outcome = python.run(
    {
      workflow_name: "demo",
      version_sid: "v1",
      source,
      entry: "main",
      inputs: {},
      ...request,
      step_cache: rows ?? [outputsText(outputs)],
      answers: outputsText(given.filter(([key]) => key.startsWith("pause:"))),
    },
    (spansText, outputsText, spawnsText) => {
      batches += 1;
      take(spansText, outputsText, spawnsText);
    },
    viaBytes ? bytes : undefined,
    http,
  );
  const spans = [...bySid.values()].sort((a, b) => a.seq - b.seq);
  return { outcome, spans, cache, batches: batches + bytesTaken, bytesTaken, raw, spawns };
}

export function byName(spans: SpanRecord[], name: string): SpanRecord[] {
  return spans.filter((s) => s.name === name);
}

/**
 * The `[name, step_key]` pairs of a packed journal; `cacheKeys` are the keys of the step cache
 * the journal's indices point into (the next run's, in order).
 */
export function journalEntries(packed: PackedJournal, cacheKeys: string[]): JournalEntry[] {
  const [runs, steps] = JSON.parse(packed) as [[string, number][], ([number, number] | string)[]];
  const names = runs.flatMap(([name, count]) => Array<string>(count).fill(name));
  const keys = steps.flatMap((step) =>
    typeof step === "string" ? [step] : cacheKeys.slice(step[0], step[0] + step[1]),
  );
  return names.map((name, i) => [name, keys[i] ?? ""]);
}

/** A flow whose step `inner` runs `body` (indented Python), called from a nested span. */
export function nestedFlow(body: string): string {
  return `
from hero_logic import flow
import sys

@flow
def inner():
${body}

@flow
def main():
    with flow.span("group"):
        return inner()
`;
}
