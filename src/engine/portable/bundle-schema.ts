import * as v from "valibot";
import type {
  CachedStep,
  FlowField,
  OutputBatch,
  PauseAnswer,
  Play,
  RunRecord,
  Span,
  SpanBatch,
  Workflow,
  WorkflowVersion,
} from "../../db/records";
import { PLAY_STATUSES } from "../../db/records";

/**
 * The schema of an exported bundle (format `hero_logic.bundle`, version 1): every record with
 * every field and its type, and limits on sizes, so a damaged or foreign file is refused
 * before anything is written. Records keep the field names they are stored under
 * (src/db/records.ts).
 */

export const BUNDLE_FORMAT = "hero_logic.bundle";
export const BUNDLE_VERSION = 1;

/** Limits: a bundle is a backup or a hand-over, not a database dump of unbounded size. */
export const LIMITS = {
  /**
   * Characters of JSON text, wheels included: the records' 64 MiB (`recordsChars`) and the
   * base64 of the wheels an export may carry (`wheelBytes`: about 133.4 MiB of characters).
   */
  bundleChars: 200 * 1024 * 1024,
  /** Characters of JSON text besides the carried wheels' base64. */
  recordsChars: 64 * 1024 * 1024,
  /** Bytes of the wheels a bundle carries, all together (each at most 50 MiB, as `packages.add`). */
  wheelBytes: 100 * 1024 * 1024,
  /** Wheels a bundle carries. */
  wheels: 100,
  workflows: 10_000,
  versions: 100_000,
  plays: 100_000,
  /** Runs, span batches, output batches and answers, each. */
  rows: 1_000_000,
  sourceChars: 1_000_000,
  textChars: 100_000,
} as const;

export type Limits = typeof LIMITS;

const sid = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "not a valid sid"));
/** Empty where a record points at nothing (a child play whose workflow did not exist). */
const ref = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{0,64}$/, "not a valid sid"));
const name = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "not a valid workflow name"),
);
const text = v.pipe(v.string(), v.maxLength(LIMITS.textChars));
const time = v.pipe(v.number(), v.minValue(0));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const json = v.unknown();
/** A value as JSON text (exact where the decoded value is not: see `Play.output_json`). */
const jsonText = v.pipe(
  v.string(),
  v.check((text) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }, "not JSON text"),
);
const jsonObject = v.record(v.string(), json);

const fieldType = v.picklist(["str", "text", "int", "float", "bool", "choice", "json"]);
const flowField = v.object({
  name: v.pipe(v.string(), v.maxLength(200)),
  field_type: fieldType,
  description: text,
  required: v.boolean(),
  default: json,
  options: v.array(v.string()),
}) satisfies v.GenericSchema<unknown, FlowField>;
/** Fields of a flow's inputs, outputs or pause: also what a saved flow's decorator may declare. */
export const fieldsSchema = v.pipe(v.array(flowField), v.maxLength(1000));
const fields = fieldsSchema;

/**
 * What a run produced (errors, a pause's prompt and fields) is not held to a flow's limits: an
 * export must import again whatever a flow did, and the bundle's size bounds it anyway.
 */
const pauseFields = v.array(
  v.object({ ...flowField.entries, name: v.string(), description: v.string() }),
);

const pyError = v.nullable(
  v.object({
    type: v.string(),
    message: v.string(),
    traceback: v.string(),
  }),
);

/**
 * An origin a flow declares (see `Workflow.network`): https, or http on loopback, as the
 * analyzer normalizes them. Bundles written before flows declared origins have none.
 */
const origin = v.pipe(
  v.string(),
  v.maxLength(300),
  v.regex(
    /^(https:\/\/[a-z0-9.\-[\]:]+|http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?)$/,
    "not an https origin (or http on loopback)",
  ),
);
const network = v.optional(v.pipe(v.array(origin), v.maxLength(100)), []);
/**
 * The requirements a flow declares in its PEP 723 header (see `Workflow.dependencies`), checked
 * again when a play of it runs. Bundles written before flows declared them have none.
 */
const dependencies = v.optional(
  v.pipe(v.array(v.pipe(v.string(), v.maxLength(300))), v.maxLength(100)),
  [],
);

export const workflowSchema = v.object({
  sid,
  name,
  description: text,
  current_version_sid: sid,
  inputs: fields,
  outputs: fields,
  network,
  dependencies,
  created_at: time,
  updated_at: time,
}) satisfies v.GenericSchema<unknown, Workflow>;

export const versionSchema = v.object({
  sid,
  workflow_sid: sid,
  source: v.pipe(v.string(), v.maxLength(LIMITS.sourceChars)),
  entry: v.pipe(v.string(), v.maxLength(200)),
  inputs: fields,
  outputs: fields,
  network,
  dependencies,
  created_at: time,
}) satisfies v.GenericSchema<unknown, WorkflowVersion>;

const playStatus = v.picklist(PLAY_STATUSES);

export const playSchema = v.object({
  sid,
  workflow_sid: ref,
  version_sid: ref,
  pinned_version_sid: v.nullable(sid),
  status: playStatus,
  input_data: jsonObject,
  input_json: v.optional(jsonText),
  output_data: json,
  // Absent in bundles made before it existed.
  output_json: v.optional(jsonText),
  error: pyError,
  prefill_resumes: jsonObject,
  prefill_json: v.optional(jsonText),
  prefill_only: v.boolean(),
  pending_pause: v.nullable(
    v.object({ name: v.string(), key: v.string(), prompt: v.string(), fields: pauseFields }),
  ),
  waiting_on: v.array(sid),
  parent_play_sid: v.nullable(sid),
  parent_span_sid: v.nullable(sid),
  run_count: count,
  timeout_ms: v.nullable(v.pipe(v.number(), v.minValue(0))),
  max_children: v.optional(v.nullable(count)),
  created_at: time,
  queued_at: v.optional(time),
  started_at: v.nullable(time),
  ended_at: v.nullable(time),
  imported_at: v.optional(time),
  // A link, not a reference: the original may be left out of the bundle, or deleted.
  forked_from: v.optional(v.object({ play_sid: sid, span_sid: v.nullable(sid), run_no: count })),
  // A link too: the recorded play may be left out, or deleted.
  cassette_of: v.optional(sid),
  made_calls: v.optional(v.literal(true)),
}) satisfies v.GenericSchema<unknown, Play>;

const runEnd = v.picklist(["completed", "failed", "paused", "waiting", "cancelled", "interrupted"]);
export const runSchema = v.object({
  play_sid: sid,
  run_no: count,
  version_sid: ref,
  started_at: time,
  ended_at: time,
  ended_by: runEnd,
  pause_key: v.nullable(v.string()),
  // The packed form (a JSON text) or, from runs stored before it, `[name, step_key]` pairs.
  journal: v.union(
    [v.string(), v.array(v.tuple([v.string(), v.string()]))],
    "expected the packed journal text or a list of [name, step_key] pairs",
  ),
  queued_at: v.optional(time),
  worker_at: v.optional(time),
  python_at: v.optional(time),
}) satisfies v.GenericSchema<unknown, RunRecord>;

const span = v.object({
  sid,
  play_sid: sid,
  parent_sid: v.nullable(sid),
  seq: count,
  run_no: count,
  version_sid: ref,
  name: v.string(),
  kind: v.picklist(["flow_root", "step", "rpc", "subflow", "other"]),
  status: v.picklist(["running", "ok", "failed", "paused", "cancelled"]),
  started_at: time,
  ended_at: v.nullable(time),
  input: json,
  output: json,
  error: pyError,
  logs: v.string(),
  source_file: v.nullable(v.string()),
  source_line: v.nullable(count),
  step_key: v.nullable(v.string()),
  replayed: v.boolean(),
  attributes: jsonObject,
  child_play_sid: v.nullable(sid),
  replayed_from_run: v.nullable(count),
  replayed_from_span: v.nullable(sid),
  input_json: v.optional(jsonText),
  output_json: v.optional(jsonText),
});

/**
 * A run's spans in a bundle: full span records, replayed ones included, whatever layout the
 * exporting browser stores them in (see `SpanBatch`, whose `spans` layout every version reads).
 */
export type BundleSpanBatch = Omit<SpanBatch, "log" | "version_sid" | "spans"> & { spans: Span[] };
/** Step outputs in a bundle, one entry each (the `entries` layout of `OutputBatch`). */
export type BundleOutputBatch = Omit<OutputBatch, "log" | "entries"> & { entries: CachedStep[] };

export const batchSchema = v.object({
  play_sid: sid,
  run_no: count,
  batch_no: count,
  spans: v.array(span),
}) satisfies v.GenericSchema<unknown, BundleSpanBatch>;

export const outputSchema = v.object({
  play_sid: sid,
  run_no: count,
  batch_no: count,
  entries: v.array(v.object({ step_key: v.string(), output: v.string(), span_sid: v.string() })),
}) satisfies v.GenericSchema<unknown, BundleOutputBatch>;

export const answerSchema = v.object({
  play_sid: sid,
  key: v.string(),
  payload: v.string(),
  answered_at: time,
}) satisfies v.GenericSchema<unknown, PauseAnswer>;

/**
 * A wheel the bundle carries (an export with `{ wheels: true }`): what `packages.list` says of
 * it, and its bytes in base64. Import checks the bytes as `packages.add` does, and that they
 * are what the entry says (name, version, size, SHA-256).
 */
export const wheelSchema = v.object({
  name: v.pipe(v.string(), v.maxLength(200)),
  version: v.pipe(v.string(), v.maxLength(200)),
  filename: v.pipe(v.string(), v.maxLength(300)),
  size: count,
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, "not a SHA-256 in lowercase hex")),
  data: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*={0,2}$/, "not base64")),
});

export type BundleWheel = v.InferOutput<typeof wheelSchema>;

const rows = <T extends v.GenericSchema>(schema: T, max: number) =>
  v.pipe(v.array(schema), v.maxLength(max, `more than ${max} records`));

export const bundleSchema = v.object({
  format: v.literal(BUNDLE_FORMAT),
  version: v.literal(BUNDLE_VERSION),
  exported_at: time,
  workflows: rows(workflowSchema, LIMITS.workflows),
  versions: rows(versionSchema, LIMITS.versions),
  plays: rows(playSchema, LIMITS.plays),
  runs: rows(runSchema, LIMITS.rows),
  batches: rows(batchSchema, LIMITS.rows),
  outputs: rows(outputSchema, LIMITS.rows),
  answers: rows(answerSchema, LIMITS.rows),
  // Only in exports that chose to carry them; older bundles and apps have none.
  wheels: v.optional(rows(wheelSchema, LIMITS.wheels)),
});

/** A validated bundle: everything needed to show (not to run) the plays it carries. */
export type Bundle = v.InferOutput<typeof bundleSchema>;
