import type { ChildState, RunOutcome, RunRequest, SpanBatchTexts } from "../../wire/records";
import { type NamedSecret, type Redactor, restoreSecrets, restoreValue } from "./redact";

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

/**
 * The request as Python gets it: what the run reads back from what runs stored (step outputs,
 * its children's outputs, its own inputs and prefill when a parent's run asked for it) with
 * the secrets' current values where marks stand, so a replay returns what the first execution
 * returned. Only in memory: the request is never stored.
 */
export function restoreRequest(request: RunRequest, secrets: NamedSecret[]): RunRequest {
  if (secrets.length === 0) return request;
  const text = (stored: string) => restoreSecrets(stored, secrets);
  const restored: RunRequest = {
    ...request,
    step_cache: request.step_cache.map(text),
    inputs: restoreValue(request.inputs, secrets),
  };
  if (request.inputs_json !== undefined) restored.inputs_json = text(request.inputs_json);
  if (request.prefill !== undefined) restored.prefill = restoreValue(request.prefill, secrets);
  if (request.prefill_json !== undefined) restored.prefill_json = text(request.prefill_json);
  if (request.children) {
    const children: Record<string, ChildState> = {};
    for (const [sid, child] of Object.entries(request.children)) {
      children[sid] = { ...child, output_json: text(child.output_json) };
    }
    restored.children = children;
  }
  return restored;
}
