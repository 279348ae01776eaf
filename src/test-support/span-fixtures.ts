import type { Span } from "../db/records";

export const T0 = 1_700_000_000_000;

/** Spans of one run, built in opening order: each gets the next `seq`. */
export function runBuilder(playSid = "play1") {
  const spans: Span[] = [];
  const add = (sid: string, parent: string | null, name: string, extra: Partial<Span> = {}) => {
    const seq = spans.length;
    const span: Span = {
      sid,
      play_sid: playSid,
      parent_sid: parent,
      run_no: 1,
      seq,
      name,
      kind: parent ? "step" : "flow_root",
      status: "ok",
      started_at: T0 + seq,
      ended_at: T0 + seq + 1,
      input: null,
      output: null,
      error: null,
      logs: "",
      source_file: null,
      source_line: null,
      step_key: null,
      replayed: false,
      version_sid: "v1",
      child_play_sid: null,
      attributes: {},
      replayed_from_run: null,
      replayed_from_span: null,
      ...extra,
    };
    spans.push(span);
    return span;
  };
  return { spans, add };
}
