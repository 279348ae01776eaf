import type { RunOutcome, SpanBatchTexts } from "../../wire/records";
import type { Redactor } from "./redact";

/** A batch as the engine stores it: its spans, step outputs and child plays' requests redacted. */
export function redactBatch(batch: SpanBatchTexts, redactor: Redactor): SpanBatchTexts {
  if (!redactor.active) return batch;
  const redacted: SpanBatchTexts = { spans: redactor.json(batch.spans) };
  if (batch.outputs !== undefined) redacted.outputs = redactor.json(batch.outputs);
  if (batch.spawns !== undefined) redacted.spawns = redactor.json(batch.spawns);
  return redacted;
}

/**
 * An outcome as the engine stores it: the play's output (its text and decoded value), its error
 * and the pause it stopped at redacted. The journal holds step keys (digests) and step names.
 */
export function redactOutcome(outcome: RunOutcome, redactor: Redactor): RunOutcome {
  if (!redactor.active) return outcome;
  switch (outcome.status) {
    case "completed":
      return {
        ...outcome,
        output: redactor.value(outcome.output),
        output_json: redactor.json(outcome.output_json),
      };
    case "failed":
      return {
        ...outcome,
        error: redactor.value(outcome.error),
        ...(outcome.pause ? { pause: redactor.value(outcome.pause) } : {}),
      };
    case "paused":
      return { ...outcome, pause: redactor.value(outcome.pause) };
    default:
      return outcome;
  }
}
