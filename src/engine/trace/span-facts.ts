import type { PyError, Span } from "../../db/records";
import type { TracedRun } from "./collect";

/** A value as the JSON text Python wrote (exact where the decoded value is not). */
export function valueText(value: unknown, json: string | undefined): string {
  return json ?? JSON.stringify(value ?? null);
}

/** An error as one text: "Type: message", then the traceback. */
export function errorText(error: PyError): string {
  const head = error.type ? `${error.type}: ${error.message}` : error.message;
  return error.traceback ? `${head}\n${error.traceback}` : head;
}

/**
 * Where a span ended; a span still open ends when its run did or, in a run still going, at
 * `now` (the moment of the export).
 */
export function spanEnd(span: Span, run: TracedRun, now: number): number {
  return span.ended_at ?? run.record?.ended_at ?? now;
}

/** Milliseconds since the epoch as whole microseconds. */
export const micros = (ms: number): number => Math.round(ms * 1000);
