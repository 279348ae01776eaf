/**
 * The records the app stores (tables in src/db/schema.ts). Times are milliseconds since the epoch.
 * Field names follow the original server's records, so exported bundles read the same.
 */
import type { FlowField, JournalEntry, PackedJournal, PyError, SpanRecord } from "../wire/records";

export type { FieldType, FlowField, PyError, SpanKind, SpanStatus } from "../wire/records";

export interface Workflow {
  sid: string;
  /** Unique, a Python identifier-like slug. */
  name: string;
  description: string;
  current_version_sid: string;
  inputs: FlowField[];
  outputs: FlowField[];
  /**
   * The origins the current version declares with `@flow(network=[...])`, normalized
   * (`https://api.example.com`, `http://localhost:8080`); `[]` when none. Records stored before
   * it existed lack it: read it with `declaredOrigins`.
   */
  network: string[];
  /**
   * The requirements the current version declares in its PEP 723 header (`# /// script`,
   * `dependencies = [...]`), as written (`"tinypkg"`, `"attrs>=23"`); `[]` without a header.
   * Records stored before it existed lack it: read it as `?? []`.
   */
  dependencies: string[];
  created_at: number;
  updated_at: number;
}

export interface WorkflowVersion {
  sid: string;
  workflow_sid: string;
  source: string;
  /** Name of the `@flow` entry function. */
  entry: string;
  inputs: FlowField[];
  outputs: FlowField[];
  /** The origins this version declares (see `Workflow.network`). */
  network: string[];
  /** The requirements this version declares (see `Workflow.dependencies`). */
  dependencies: string[];
  created_at: number;
}

/** Every status a play can be in, in the order a play usually passes them. */
export const PLAY_STATUSES = [
  "pending",
  "running",
  "paused",
  "waiting",
  "completed",
  "failed",
  "cancelled",
] as const;

export type PlayStatus = (typeof PLAY_STATUSES)[number];

export const FINAL_STATUSES: readonly PlayStatus[] = ["completed", "failed", "cancelled"];

/** Whether a play has finished (completed, failed or cancelled). */
export const isFinished = (play: { status: PlayStatus } | undefined): boolean =>
  !!play && FINAL_STATUSES.includes(play.status);

/**
 * Whether a play goes on in this browser: not finished, and not an imported record (this
 * browser never runs, resumes or cancels those).
 */
export const goesOnHere = (play: Play): boolean => !isFinished(play) && !play.imported_at;

/** The pause a paused play is parked on. */
export interface PendingPause {
  name: string;
  /** Name plus occurrence in the run: `approve`, then `approve#1`, … Answers are stored under it. */
  key: string;
  prompt: string;
  fields: FlowField[];
}

/** One execution of a workflow. */
export interface Play {
  sid: string;
  workflow_sid: string;
  /** The version the latest run executed. */
  version_sid: string;
  /** Set when the play was started on a chosen version: every run executes that one. */
  pinned_version_sid: string | null;
  status: PlayStatus;
  input_data: Record<string, unknown>;
  /**
   * A child play's inputs as the JSON text its parent's run wrote, where `input_data` does not
   * say the same (see `output_json`); its runs get this text. Absent otherwise.
   */
  input_json?: string;
  /** The output, decoded (numbers as JavaScript holds them: see `output_json`). */
  output_data: unknown;
  /**
   * The output as the JSON text the flow's run wrote: exact where `output_data` cannot be
   * (integers beyond 2^53, `1.0` apart from `1`, `-0.0`, the order of integer-like keys). It is
   * what a parent's `flow.wait` returns and what the play's page shows. Set when the play
   * completes; absent before, and on plays completed before it existed.
   */
  output_json?: string;
  error: PyError | null;
  prefill_resumes: Record<string, unknown>;
  /** A child play's `prefill_resumes` as its parent's run wrote them, as `input_json` is. */
  prefill_json?: string;
  prefill_only: boolean;
  pending_pause: PendingPause | null;
  waiting_on: string[];
  parent_play_sid: string | null;
  parent_span_sid: string | null;
  /** How many times the flow body has been executed. */
  run_count: number;
  /** Longest a single run may take before the play fails (null: the engine's default). */
  timeout_ms: number | null;
  /**
   * How many child plays this play may start over all its runs (null: the engine's cap).
   * Absent on plays stored before it existed.
   */
  max_children?: number | null;
  created_at: number;
  /**
   * When the play was last queued (it became `pending`: created, answered, woken by its
   * children, retried). The next run records it as its `queued_at`. Absent on plays stored
   * before it existed.
   */
  queued_at?: number;
  started_at: number | null;
  ended_at: number | null;
  /**
   * Set on a play that came from an imported bundle (when it was imported): a read-only record
   * that this browser never runs, resumes or cancels. Absent on plays made here.
   */
  imported_at?: number;
  /**
   * Set on a play made by `plays.fork`: the play it was forked from, the span it was forked at
   * (null: a plain run again) and the run that span was in. Absent on other plays.
   */
  forked_from?: ForkOrigin;
  /**
   * Set on a cassette play (`plays.start(…, { cassette })`, and the child plays it starts): the
   * play whose recorded calls answer its `http` and `instrument()` calls, none of which is made.
   * Absent on other plays.
   */
  cassette_of?: string;
  /**
   * Set once a run of the play, or of a child play of it, made an `rpc` call (an `http` call or
   * an `instrument()`ed method call, finished or failed): a cassette of this play has calls to
   * answer. Absent on plays that made none, and on plays stored before it existed.
   */
  made_calls?: true;
  /** Set by the latest `plays.retry` of the play (see `PlayRetry`); absent on plays never retried. */
  retried?: PlayRetry;
}

/** Where a forked play came from (see `Play.forked_from`). */
export interface ForkOrigin {
  play_sid: string;
  span_sid: string | null;
  run_no: number;
}

/**
 * What a retry changes in how the play's later runs replay. Step keys contain a version, so a
 * retry under a version other than the failed run's would replay nothing: its runs under
 * `version_sid` key their steps by `key_version_sid`, the version the failed run keyed them by,
 * and the steps that finished replay. `forget` names the places in the step cache (the flattened
 * stored outputs) of the failures a retry executes again instead of replaying: a `flow.wait`
 * stores a failed child's failure as its output.
 */
export interface PlayRetry {
  /** The run the retry started (the play's `run_count` after it). */
  run_no: number;
  version_sid: string;
  key_version_sid: string;
  forget: number[];
}

/** A span as stored: what the SDK reported (see `SpanRecord`), placed in its play and run. */
export interface Span extends SpanRecord {
  play_sid: string;
  /** Which execution of the body made it (1-based). */
  run_no: number;
  /** The version the run executed. */
  version_sid: string;
  /** For a replayed span: the run and span that first produced the value. */
  replayed_from_run: number | null;
  replayed_from_span: string | null;
}

/** One execution of a play's body: what ended it, and the steps it asked for. */
export interface RunRecord {
  play_sid: string;
  run_no: number;
  version_sid: string;
  started_at: number;
  ended_at: number;
  /** `interrupted`: its tab closed mid-run; the play ran again from the top. */
  ended_by: "completed" | "failed" | "paused" | "waiting" | "cancelled" | "interrupted";
  /** The pause that ended the run, when it paused. */
  pause_key: string | null;
  /** The steps it asked for, packed (runs stored before the packed form hold a list). */
  journal: PackedJournal | JournalEntry[];
  /**
   * Where the run's time went before its Python began (absent on runs stored before they were
   * recorded): queued from `queued_at` until a worker was given to it at `worker_at`, then
   * that worker's Python starting (and the packages its flow declares installing) until
   * `python_at` (the same time when it was booted and had nothing to install).
   */
  queued_at?: number;
  worker_at?: number;
  python_at?: number;
}

/** The waits a run records before its Python began (see `RunRecord`). */
export type RunWaitTimes = Pick<RunRecord, "queued_at" | "worker_at" | "python_at">;

/** A finished step's output, as a later run replays it. */
export interface CachedStep {
  step_key: string;
  /** JSON text of the output. */
  output: string;
  span_sid: string;
}

/**
 * One batch of a run as it streamed in. Spans are stored as an append-only log of batches (a
 * span still running appears again, finished, in a later batch): one IndexedDB row per batch
 * instead of one per span, which is what makes 10,000-step plays cheap to write and to open.
 *
 * Two layouts, both read: `log`, the batch's span log exactly as the SDK sent it (JSON text of
 * `SpanLogEntry`s: rows of spans that ran, ranges of replayed steps that point at the spans that
 * first produced their outputs), placed by the row's key and `version_sid`; or `spans`, full
 * span records (rows written before the log layout, and the spans the engine itself closes
 * when a run is stopped or was cut off).
 */
export interface SpanBatch {
  play_sid: string;
  run_no: number;
  batch_no: number;
  version_sid?: string;
  log?: string;
  spans?: Span[];
}

/**
 * The outputs of the steps that finished in one batch, stored beside it (same key, same
 * transaction) but apart, so loading a play's step cache does not read its spans. `log` is the
 * JSON text of the batch's `StepOutputs` as the SDK sent it; rows written before that layout
 * hold `entries` instead.
 */
export interface OutputBatch {
  play_sid: string;
  run_no: number;
  batch_no: number;
  log?: string;
  entries?: CachedStep[];
}

/**
 * A value the person stored in this browser for flows to read with `secret("NAME")`. It never
 * leaves the browser: not in bundles, share links, spans, outputs or logs.
 */
export interface SecretRecord {
  /** `EXAMPLE_KEY`: letters, digits and underscores, as an environment variable's name. */
  name: string;
  value: string;
  updated_at: number;
}

/**
 * The origins (`https://api.example.com`) one workflow may call in this browser, as the person
 * allowed them. A flow added from a share link or an import never brings one.
 */
export interface NetworkGrant {
  workflow_sid: string;
  origins: string[];
  updated_at: number;
}

/**
 * A Python wheel the person added in this browser (issue 18), installed into the interpreter of
 * a flow version that declares it (PEP 723 `dependencies`) before the flow's code runs.
 */
export interface PackageRecord {
  /** The distribution's normalized name (PEP 503: lower case, runs of `-_.` as `-`). */
  name: string;
  version: string;
  /** The wheel's file name, as given (`tinypkg-1.0-py3-none-any.whl`). */
  filename: string;
  size: number;
  /** Lowercase hex SHA-256 of the wheel's bytes. */
  sha256: string;
  /** The wheel's `Requires-Dist` lines (without extras' markers it cannot meet). */
  requires: string[];
  added_at: number;
  bytes: ArrayBuffer;
}

/** A person's (or a prefill's) answer to a pause, by pause key; independent of the version. */
export interface PauseAnswer {
  play_sid: string;
  /** `approve`, `approve#1`, … */
  key: string;
  /** JSON text of the answer. */
  payload: string;
  answered_at: number;
}
