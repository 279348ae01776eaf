import type { BatchEntry, SpanRecord } from "./api";

/** A batch entry as a full span record; a replayed one takes `cachedOutput` (JSON text). */
export function toSpanRecord(
  entry: BatchEntry,
  cachedOutput: (stepKey: string) => string | undefined,
): SpanRecord {
  if (!Array.isArray(entry)) return entry;
  const [
    sid,
    parent_sid,
    seq,
    name,
    kind,
    step_key,
    started_at,
    ended_at,
    source_file,
    source_line,
    input,
    child_play_sid,
  ] = entry;
  const text = cachedOutput(step_key);
  return {
    sid,
    parent_sid,
    seq,
    name,
    kind,
    status: "ok",
    started_at,
    ended_at,
    input,
    output: text === undefined ? null : JSON.parse(text),
    error: null,
    logs: "",
    source_file,
    source_line,
    step_key,
    replayed: true,
    attributes: {},
    child_play_sid,
  };
}
