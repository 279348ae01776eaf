import type { HeroDb } from "../../db/schema";
import { HeroError } from "../errors";
import { readOptions, requireId, shownValue } from "../validate";
import { type ChromeTrace, toChromeTrace } from "./chrome";
import { collectTrace } from "./collect";
import { type TracesData, toOtlp } from "./otlp";

/** The trace formats `exportTrace` writes. */
export const TRACE_FORMATS = ["chrome", "otlp"] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export interface TraceOptions {
  /** `chrome`: the Trace Event Format (Perfetto, chrome://tracing); `otlp`: OTLP/JSON `TracesData`. */
  format: TraceFormat;
}

export type { ChromeTrace, TracesData };

/** `exportTrace`'s options, checked whole (a missing or unknown format is refused). */
export function readTraceOptions(options: unknown): TraceOptions {
  const read = readOptions(options, "exportTrace", ["format"]);
  const format = read.format;
  if (!TRACE_FORMATS.includes(format as TraceFormat)) {
    const given = format === undefined ? "no format" : shownValue(format);
    throw new HeroError(
      "invalid_input",
      `exportTrace takes { format: "chrome" } or { format: "otlp" }, not ${given}`,
    );
  }
  return { format: format as TraceFormat };
}

/** A play's trace with its child plays, in the chosen format (see `HeroLogicApi.exportTrace`). */
export async function exportTrace(
  db: HeroDb,
  playSid: unknown,
  options: unknown,
): Promise<ChromeTrace | TracesData> {
  requireId(playSid, "play sid");
  const { format } = readTraceOptions(options);
  const trace = await collectTrace(db, playSid);
  return format === "chrome" ? toChromeTrace(trace) : toOtlp(trace);
}
