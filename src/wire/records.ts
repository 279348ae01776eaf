/**
 * The records and messages that the page and a Python worker both speak: what a run is asked to
 * do, the span log and step outputs it sends back, how it ends, and the records the engine
 * stores from them. Types only; neither side owns them, so both import them from here (the
 * worker's Comlink contract is in worker/api.ts).
 */

/** Types a flow input, output or pause field can have. */
export type FieldType = "str" | "text" | "int" | "float" | "bool" | "choice" | "json";

/** One input, output or pause-form field, as read from the `@flow(...)` decorator. */
export interface FlowField {
  name: string;
  field_type: FieldType;
  description: string;
  required: boolean;
  default: unknown;
  options: string[];
}

/** What Python's `ast` reads from a source without running it (the worker's `analyze`). */
export type PythonAnalysis =
  | {
      ok: true;
      entry: string;
      inputs: FlowField[];
      outputs: FlowField[];
      description: string;
      /** The origins `@flow(network=[...])` declares, normalized (`scheme://host[:port]`). */
      network: string[];
    }
  | AnalyzeProblem;

/**
 * What `analyze` reads from a source without running it: Python's reading, and the PEP 723
 * header as the engine's one header reader reads it (src/engine/packages/script-header.ts).
 */
export type AnalyzeResult =
  | (Extract<PythonAnalysis, { ok: true }> & {
      /** The `dependencies` of the PEP 723 header (`# /// script`), as written; `[]` without one. */
      dependencies: string[];
      /** The source line each dependency is written on (1-based). */
      dependency_lines: number[];
    })
  | AnalyzeProblem;

export type AnalyzeProblem = {
  ok: false;
  code:
    | "syntax_error"
    | "no_entry"
    | "ambiguous_entry"
    | "invalid_fields"
    | "invalid_network"
    | "invalid_dependencies";
  message: string;
  line: number | null;
  column: number | null;
};

/** One execution of a play's body (a run). */
export interface RunRequest {
  workflow_name: string;
  version_sid: string;
  source: string;
  /** Name of the `@flow` entry function. */
  entry: string;
  inputs: Record<string, unknown>;
  /** The inputs as JSON text (a child's, as its parent wrote them): sent in place of `inputs`. */
  inputs_json?: string;
  /**
   * The step cache: every output the play's earlier runs stored, as the engine keeps them
   * (JSON texts of `StepOutputs`, in storage order). Flattened in that order they give each
   * output an index, by which journals and replayed ranges name it. The worker splices the
   * texts into the request as they are, so nothing decodes them before Python does.
   */
  step_cache: string[];
  /** The play this run belongs to, and the run's number: what a kept step cache is kept for. */
  play_sid?: string;
  run_no?: number;
  /**
   * The step cache is the one the worker's Python kept after this run of the play (see
   * `WarmCache`): `step_cache` is then empty, and Python answers `{ status: "cold" }` without
   * running anything when it holds another.
   */
  warm?: WarmCache;
  /** The answers to the play's pauses (`StepOutputs` text, keys `pause:<key>`), spliced too. */
  answers?: string;
  /** Answers for pauses by name (`approve`) or by occurrence (`approve#1`). */
  prefill?: Record<string, unknown>;
  /** The prefill as JSON text (a child's, as its parent wrote it): sent in place of `prefill`. */
  prefill_json?: string;
  /** With no answer and no prefill, a pause fails the play instead of parking it. */
  prefill_only?: boolean;
  /** The packed journal of the last run under this version, for the replay identity check. */
  expected?: PackedJournal;
  /** The other workflows, by name, for `flow.invoke` and `flow.run_async`. */
  library?: Record<string, LibraryEntry>;
  /** This play's child plays by sid, for `flow.wait`. */
  children?: Record<string, ChildState>;
  /** How many child plays the play may start in all its runs; one more fails the play. */
  max_children?: number;
  /** How many parent plays the play has (a play 32 deep may start no child). */
  depth?: number;
  /**
   * The version the run's step keys contain, when not `version_sid`: a retried play keeps the
   * keys of the run that failed, so its finished steps replay after an edit of the flow.
   */
  key_version_sid?: string;
  /** Places in `step_cache` (flattened) a retry does not replay: stored failures to try again. */
  forget?: number[];
  /**
   * Every secret of this browser, name → value, for `secret("NAME")`. Only in memory: what the
   * run sends back is redacted before it is stored (see src/engine/secrets/redact.ts).
   */
  secrets?: Record<string, string>;
  /**
   * The origins (`scheme://host[:port]`) this play's `http` calls may reach: the worker's bridge
   * refuses every other one (worker/http.ts). Without it, none.
   */
  granted_origins?: string[];
  /**
   * A cassette play's recorded answers (see `Play.cassette_of`): its `rpc` calls (`http`,
   * `instrument()`) take their outputs from these instead of being made, and the worker gives
   * such a run no way to send a request.
   */
  cassette?: CassetteCalls;
}

/**
 * The calls a cassette run may take answers from, in the order made: `[call key, output]`, the
 * output as the JSON text the recorded play stored (spliced into the request as it is), or
 * `[call key, "null", message]` for a call that failed (a network error, a refusal, a time-out),
 * which fails again with the same message.
 */
export interface CassetteCalls {
  /** The recorded play, for a call not in the recording to name. */
  play_sid: string;
  calls: CassetteCall[];
}

export type CassetteCall = [callKey: string, output: string, failed?: string];

/** The current version of a workflow, as a flow can call it. */
export interface LibraryEntry {
  version_sid: string;
  source: string;
  entry: string;
  inputs: FlowField[];
  /** The origins this version declares (`@flow(network=...)`), for refusals to name. */
  network?: string[];
  /**
   * Those of them granted to this workflow in this browser: what its `http` calls may reach
   * when another flow runs it in-process (`flow.invoke`), within the play's own grant.
   */
  granted_origins?: string[];
}

/** Where a child play stands, as `flow.wait` sees it. */
export interface ChildState {
  workflow: string;
  status: string;
  /**
   * The child's output as the JSON text its run wrote (`null` until it completes). The worker
   * splices it into the request as it is, as `output`: the parent gets exactly what the child
   * returned (integers of any size, `1.0`, `-0.0`, key order).
   */
  output_json: string;
  error: PyError | null;
}

/** A child play `flow.run_async` asks the engine to create (inputs already validated). */
export interface SpawnRequest {
  sid: string;
  workflow: string;
  inputs: Record<string, unknown>;
  /** Empty for the workflow's current version. */
  version_sid: string;
  prefill: Record<string, unknown>;
}

/** A memo-level step a run asked for: `[name, step_key]`, in the order asked. */
export type JournalEntry = [name: string, stepKey: string];

/**
 * The memo-level steps a run asked for, in order, as the SDK packs them: JSON text of
 * `[names, steps]`, `names` as `[name, count]` runs, `steps` as `[first, count]` runs of
 * step-cache indices (of the cache the next run gets: this run's outputs follow the earlier
 * ones) or, for a step that did not finish, its key (an in-process `flow.invoke` also leaves a
 * mark, `invoked:<place>:<version>`, before its step). The engine stores it and hands it back
 * without decoding it (`packJournal` in src/engine/store/span-log.ts packs the list of
 * `JournalEntry`s that a database written by an earlier build holds).
 */
export type PackedJournal = string;

/** A pause the run stopped at. `key` is the name plus occurrence (`approve`, `approve#1`). */
export interface PauseRequest {
  name: string;
  key: string;
  prompt: string;
  fields: FlowField[];
}

export type SpanKind = "flow_root" | "step" | "rpc" | "subflow" | "other";
export type SpanStatus = "running" | "ok" | "failed" | "paused" | "cancelled";

/** An error as Python saw it: `message` is the last line, `traceback` the user's frames. */
export interface PyError {
  type: string;
  message: string;
  traceback: string;
}

/**
 * A span as the engine stores and shows it (before it is placed in its play and run). A span
 * still running is reported again later with its final status.
 */
export interface SpanRecord {
  sid: string;
  parent_sid: string | null;
  /** Order of opening within the run. */
  seq: number;
  name: string;
  kind: SpanKind;
  status: SpanStatus;
  started_at: number;
  ended_at: number | null;
  input: unknown;
  output: unknown;
  error: PyError | null;
  logs: string;
  source_file: string | null;
  source_line: number | null;
  step_key: string | null;
  replayed: boolean;
  attributes: Record<string, unknown>;
  child_play_sid: string | null;
  /**
   * `input` and `output` as the JSON text the SDK wrote, present only where decoding changed
   * what it says (an integer beyond 2^53, `1.0`, `-0.0`, integer-like keys put first): the span
   * detail shows these texts.
   */
  input_json?: string;
  output_json?: string;
}

/**
 * A span that ran in this run, as the SDK sends it: a `SpanRecord`'s fields in this order, not
 * replayed, its times in whole microseconds since the epoch (a list of integers costs a
 * fraction of what objects and floats cost to encode).
 */
export type SpanRow = [
  sid: string,
  parentSid: string | null,
  seq: number,
  name: string,
  kind: SpanKind,
  status: SpanStatus,
  startedAtUs: number,
  endedAtUs: number | null,
  input: unknown,
  output: unknown,
  error: PyError | null,
  logs: string,
  sourceFile: string | null,
  sourceLine: number | null,
  stepKey: string | null,
  attributes: Record<string, unknown>,
  childPlaySid: string | null,
];

/**
 * Consecutive steps under one parent answered from the step cache. `replayed` lists the
 * outputs they returned as `[first, count]` runs of indices into the run's step cache;
 * replayed span `i` has seq `seq + i` and the sid `replayedSid(sid_base, i)`; it is `ok`, took
 * no time at `at` (microseconds since the epoch), and everything else (step key, name, kind,
 * input, source line, child play, output) is that of the span that produced that output.
 */
export interface ReplayedRange {
  replayed: [first: number, count: number][];
  parent_sid: string;
  seq: number;
  /** 40 random bits. */
  sid_base: number;
  at: number;
}

/**
 * The end of a span whose row went out when it opened (every span's does): what may have changed
 * since, the rest as in that row. The SDK sends a span's row before its body starts, so that a
 * long step shows as running and the steps before it are stored; its end follows in this form.
 */
export type SpanEnd = [
  sid: string,
  status: SpanStatus,
  endedAtUs: number,
  output: unknown,
  error: PyError | null,
  logs: string,
  sourceFile: string | null,
  sourceLine: number | null,
  childPlaySid: string | null,
];

/** One entry of a batch's span log (a `SpanRow` has 17 items, a `SpanEnd` 9). */
export type SpanLogEntry = SpanRow | SpanEnd | ReplayedRange;

/**
 * The outputs of the steps that finished in one batch: step key → output. The span that
 * produced each is the one of its run with that step key (a run executes a key at most once).
 */
export type StepOutputs = Record<string, unknown>;

/** A child play a step asked for, with the span of that step. */
export interface SpawnEntry {
  span_sid: string;
  request: SpawnRequest;
}

/**
 * One batch of a run, as JSON texts: `spans` a list of `SpanLogEntry`s, `outputs` the
 * `StepOutputs` of the steps that finished in it, `spawns` a list of `SpawnEntry`s. The
 * engine stores the texts as they are; a step's output and its span's end come in one batch.
 */
export interface SpanBatchTexts {
  spans: string;
  outputs?: string;
  spawns?: string;
}

/**
 * A play's step cache as a worker's Python keeps it after a run of that play that may go on
 * (its outputs before the run, then the run's own): the next run of the play on that worker
 * replays from it, and the engine neither reads nor sends the stored outputs. Named by the
 * run that left it.
 */
export interface WarmCache {
  play_sid: string;
  run_no: number;
}

/**
 * How a run ended. A prefill-only run that met an unanswered pause fails and names that
 * `pause`, so a person can still answer it. `batches` counts the span batches sent through
 * `onBatch`: they travel on their own message port, so the engine waits until it has received
 * that many.
 */
export type RunOutcome = {
  batches: number;
  journal: PackedJournal;
  /** Python kept this run's step cache for the play's next run (see `WarmCache`). */
  memo?: boolean;
  /**
   * The worker should not run anything else: the runtime itself failed, or the run grew its
   * memory (a wasm memory never shrinks). The engine replaces it with a fresh one.
   */
  recycle?: boolean;
} & (
  | {
      status: "completed";
      /** The output decoded, for the API (`Play.output_data`). */
      output: unknown;
      /** The output as the JSON text Python wrote (`Play.output_json`), exact. */
      output_json: string;
    }
  | { status: "failed"; error: PyError; pause?: PauseRequest }
  | { status: "paused"; pause: PauseRequest }
  | { status: "waiting"; waiting_on: string[] }
);

/**
 * What a worker answers a run: its outcome, or `cold` for a warm request whose step cache its
 * Python does not hold (nothing ran, nothing was sent): the engine asks again with the cache.
 */
export type WorkerRunOutcome = RunOutcome | (Omit<RunOutcome, "status"> & { status: "cold" });
