import type { Play, PlayStatus, Span, Workflow, WorkflowVersion } from "../db/records";
import type { LintFinding } from "../lint/findings";
import type { AnalyzeResult } from "../wire/records";
import type { ForkOptions } from "./again/fork";
import type { PlayDiff } from "./compare/diff";
import type { RestoredExamples } from "./examples";
import type { Packages } from "./packages/packages";
import type { ListOptions, ResumeOptions, RunSummary, StartOptions, WaitOptions } from "./plays";
import type { Bundle, BundleSelection, ExportOptions, ImportReport } from "./portable/bundle";
import type { Limits } from "./portable/bundle-schema";
import type { SharedFlow, SharedLink } from "./portable/share";
import type { Secrets } from "./secrets/secrets";
import type { GivenAnswer } from "./store/answers";
import type { ChromeTrace, TraceOptions, TracesData } from "./trace/export";
import type { SaveWorkflow } from "./workflows";

/**
 * The public engine API, exposed as `window.heroLogic` once the app has loaded. The UI, the
 * tests and people at the devtools console all use this same object. Errors are `HeroError`s
 * with a `code` (`not_found`, `invalid_input`, `syntax_error`, `timeout`, …) and a clear message.
 * Options objects are checked whole: a value of the wrong type or range, an option name a
 * member does not know (a typo is not ignored) or one that cannot be read is `invalid_input`,
 * and a refused call changes nothing stored.
 */
export interface HeroLogicApi {
  /** Resolves once the Python runtime has booted (and, on a first visit, the examples are in). */
  ready(): Promise<void>;
  workflows: {
    /** Save a flow: a changed source makes a new version; identical source does not. */
    save(workflow: SaveWorkflow): Promise<Workflow>;
    get(nameOrSid: string): Promise<Workflow | undefined>;
    list(): Promise<Workflow[]>;
    /** Oldest first. */
    versions(nameOrSid: string): Promise<WorkflowVersion[]>;
    delete(nameOrSid: string): Promise<void>;
    /**
     * Give a flow a new name (same rules as `save`); `invalid_input` when another flow has
     * it. Its versions and plays follow (they refer to it by sid).
     */
    rename(nameOrSid: string, newName: string): Promise<Workflow>;
    /**
     * Bring the shipped example flows back: deleted ones are added again, edited ones get the
     * shipped source as a new version. Other flows are not touched.
     */
    restoreExamples(): Promise<RestoredExamples>;
    /**
     * Read a flow source with Python's own parser, running nothing, once the Python runtime
     * has booted: its entry, inputs, outputs and description, or (`ok: false`) the syntax
     * error, missing or ambiguous entry or invalid fields `save` would refuse it for, with the
     * line and column where Python gives them. `invalid_input` when `source` is not text.
     */
    analyze(source: string): Promise<AnalyzeResult>;
    /**
     * Lint a flow source with Ruff (WebAssembly, in a worker of its own; nothing is run):
     * undefined names (F821), unused imports (F401), redefinitions (F811), and imports of modules
     * that are neither the standard library, hero_logic nor a dependency the source's PEP 723
     * header declares (`unresolved-import`). Lines and columns are 1-based (columns in UTF-16
     * code units). `invalid_input` when `source` is not text; `lint_unavailable` when Ruff could
     * not be loaded.
     */
    lint(source: string): Promise<LintFinding[]>;
  };
  plays: {
    /**
     * Validate inputs, create the play and queue it; returns at once (`pending`). Options:
     * `prefill` (pause name → answer), `versionSid` (run that version), `timeoutMs` (per run,
     * 1 to 2^31 − 1), `maxChildren` (child plays this play may start, 0 to the engine's cap).
     */
    start(
      workflowNameOrSid: string,
      inputs?: Record<string, unknown>,
      options?: StartOptions,
    ): Promise<Play>;
    /**
     * Answer the pause the play is parked on (validated against its fields) and run it again;
     * finished steps are replayed. `not_paused` when it is not paused, or (with `pause`) when
     * it is paused at another pause than the one the answer is for.
     */
    resume(
      playSid: string,
      payload: Record<string, unknown>,
      options?: ResumeOptions,
    ): Promise<Play>;
    /** Cancel the play and its unfinished children; a running one stops within a second. */
    cancel(playSid: string): Promise<Play>;
    /**
     * Default `until`: paused, completed, failed, cancelled. Rejects with `timeout` after
     * `timeoutMs` (0 to 2^31 − 1; absent or `Infinity`: no limit); the play goes on.
     */
    wait(playSid: string, options?: WaitOptions): Promise<Play>;
    get(playSid: string): Promise<Play>;
    /** Newest first; `status` is one status or a list, `workflow` a name or sid, `parent` a play sid. */
    list(options?: ListOptions): Promise<Play[]>;
    /** Not while it runs or is queued, nor a child play its parent waits for (`invalid_input`). */
    delete(playSid: string): Promise<void>;
    /** Every finished run of the play, oldest first: what ended it, under which version. */
    runs(playSid: string): Promise<RunSummary[]>;
    /**
     * The answers people gave to the play's pauses, oldest first, each with its pause key and
     * when it was given (prefilled answers are the play's `prefill_resumes`). `not_found` for
     * an unknown play.
     */
    answers(playSid: string): Promise<GivenAnswer[]>;
    /** The spans of one run (default: the latest), in opening order. */
    spans(playSid: string, options?: { runNo?: number }): Promise<Span[]>;
    /**
     * A new play of the same flow, forked from `fromSpan` (a span of any run of the play): the
     * steps that finished before that span started replay from the original's results (pause
     * answers included), in the order it ran them; the span and everything after it execute.
     * Without `fromSpan`, a plain run again. `inputs` (default: the play's) are checked as
     * `start` checks them; with new inputs, steps whose arguments changed execute. `versionSid`
     * (default: the version that span's run executed; without `fromSpan`, the current one).
     * The new play records `forked_from`. Child plays are not carried: a fork starts its own.
     * `not_found` for an unknown play or version, or a play whose flow is not in this library;
     * `invalid_input` for a `fromSpan` that is not a span of the play.
     */
    fork(playSid: string, options?: ForkOptions): Promise<Play>;
    /** The plays forked from this one, newest first. */
    forks(playSid: string): Promise<Play[]>;
    /**
     * Compare two plays: status, inputs, output and error side by side, and the spans of each
     * play's latest run aligned by place (path and occurrence, as step keys count them), each
     * `same`, `changed` (status, output or error differs), `only_a` or `only_b`. Values compare
     * as the JSON texts Python wrote (`1` is not `1.0`). `not_found` for an unknown sid.
     */
    diff(a: string, b: string): Promise<PlayDiff>;
    /**
     * Run a `failed` or `cancelled` play once more (`run_count + 1`, returned `pending`): the
     * flow's current version (or the version the play was started on, when one was chosen)
     * executes, every step that finished replays from the play's cache (also after an edit of
     * the flow), and the step that failed and everything after it execute. Its earlier runs
     * stay. `not_retryable` for any other status or a play whose flow was deleted, `read_only`
     * for an imported play. A retried child play that finishes wakes its waiting parent.
     */
    retry(playSid: string): Promise<Play>;
  };
  /**
   * The secrets flows read with `secret("NAME")`, kept in this browser only: `set(name, value)`
   * (name like `EXAMPLE_KEY`, value 1 to 4096 characters; replaces one of the same name),
   * `delete(name)`, `list()` (names and `updated_at`, never values). Every run gets them all;
   * their values are replaced by `«secret:NAME»` in everything a play stores.
   */
  secrets: Secrets;
  /**
   * The Python wheels added in this browser (kept in IndexedDB, so flows run offline):
   * `add(bytes, filename)` checks a wheel (a zip whose `NAME-VERSION.dist-info/METADATA` matches
   * its file name, tags this Pyodide loads: `py3-none-any` or built for this Pyodide, at most
   * 50 MiB; one wheel per package: delete the added one to replace it) and stores it, else
   * `invalid_input` saying why; `list()` (no bytes); `delete(name)`; `shipped()`: the wheels
   * shipped with the site (`wheels/index.json`), which flows use beside the added ones (an
   * added wheel of the same name wins). A flow that declares dependencies in its PEP 723 header
   * (`# /// script`) gets them, and what they require, installed before its code runs; a
   * requirement no available wheel meets, or a shipped wheel that fails its SHA-256 checksum,
   * fails the play before any of its code runs, naming it. A flow without the header gets the
   * standard library only.
   */
  packages: Packages;
  /**
   * Which origins each flow may call in this browser. A flow declares origins with
   * `@flow(network=[...])`; `plays.start` (and fork, retry, resume) of a flow whose version
   * declares origins not all granted is refused with `needs_grant`. A grant belongs to one
   * workflow: a flow added from a share link or a bundle never brings one, and a bundle that
   * replaces a flow's current version takes its grant away. `not_found` for an unknown flow.
   */
  network: {
    /**
     * Grant the flow the given origins (default: every origin its current version declares);
     * given ones may be declared by any of its versions (a play pinned to an older version
     * runs that one); an origin no version declares is `invalid_input`. Returns every origin
     * now granted.
     */
    allow(nameOrSid: string, origins?: string[]): Promise<string[]>;
    /** Take back the given origins (default: all). Returns the origins still granted. */
    revoke(nameOrSid: string, origins?: string[]): Promise<string[]>;
    /** The origins granted to the flow, in the order they were granted. */
    grants(nameOrSid: string): Promise<string[]>;
    /** Every flow with a grant, by name, with its origins. */
    list(): Promise<{ workflow: string; origins: string[] }[]>;
  };
  /**
   * A JSON-serializable bundle of the chosen workflows (with all their versions) and plays
   * (with their child plays, runs, spans, step outputs, pause answers and the versions they
   * ran), by name or sid; nothing chosen: everything. `not_found` for an unknown one.
   * `options.wheels: true` also carries, in base64, the added wheels the exported flows' current
   * versions need (their dependencies and what those require; `wheels` in the bundle); off by
   * default. At most `limits.wheels` wheels of `limits.wheelBytes` bytes in all (`invalid_input`).
   */
  exportBundle(selection?: BundleSelection, options?: ExportOptions): Promise<Bundle>;
  /**
   * Import a bundle (the object, its JSON text, or a `File` or `Blob` holding that text, refused
   * by its size before it is read). It is validated completely first and written
   * in one transaction: a damaged or foreign bundle is refused with `invalid_input` and changes
   * nothing. Repeating an import adds nothing twice. Imported plays are read-only records: they
   * are never run, resumed or cancelled here (`read_only`). Nothing in a bundle is executed.
   * Carried wheels are checked as `packages.add` checks them; a bad one, or one of a package
   * added here in another version, refuses the whole import; one here in the same version is
   * skipped. The report's `missing_packages`: what the imported flows still lack here.
   */
  importBundle(bundle: unknown): Promise<ImportReport>;
  /**
   * A play's trace, with its child plays, for the tools people already use. `format: "chrome"`:
   * the Trace Event Format (`traceEvents`: complete events `ph: "X"`, `ts`/`dur` in
   * microseconds since the epoch, one track per play, its waits as `cat: "wait"` events, an
   * arrow from the span that started each child play), which the Perfetto UI opens offline.
   * `format: "otlp"`: OTLP/JSON `TracesData` (one trace per play under a span for the whole
   * play, child plays as linked traces; ids as lowercase hex, times as nanosecond strings,
   * enums as integers; input, output and step key as `hero_logic.*` attributes). A play still
   * going is exported as it stands. `not_found` for an unknown play, `invalid_input` for
   * another format.
   */
  exportTrace(playSid: string, options: TraceOptions): Promise<ChromeTrace | TracesData>;
  /**
   * An absolute URL that carries the workflow's current source, name and description in its
   * hash (`#/share/<payload>`, compressed). Synchronous. `not_found` for an unknown workflow,
   * `invalid_input` when the link would be longer than 8 KB (export a file instead).
   */
  shareUrl(workflowNameOrSid: string): string;
  /**
   * The flow a share link carries: its name, source and description (a URL `shareUrl` made,
   * or only the part after `#/share/`), and `missing_packages`: what its PEP 723 header
   * declares that no wheel in this browser meets (normalized names; a play of it would fail
   * before its code runs). Synchronous; nothing is saved or run. `invalid_input`,
   * with a message a person can act on, for a link that is damaged, cut off or too long.
   */
  readShareUrl(url: string): SharedLink;
  /**
   * The most the engine takes: a bundle's JSON text in characters (`bundleChars`; a file's
   * size in bytes), the workflows, versions, plays and other rows (`rows`) a bundle may
   * hold, a flow's source (`sourceChars`) and a description (`textChars`).
   */
  readonly limits: Limits;
}

export type {
  AnalyzeResult,
  Bundle,
  BundleSelection,
  ChromeTrace,
  ExportOptions,
  ForkOptions,
  GivenAnswer,
  ImportReport,
  Limits,
  Play,
  PlayDiff,
  PlayStatus,
  RestoredExamples,
  SharedFlow,
  SharedLink,
  Span,
  TraceOptions,
  TracesData,
  Workflow,
  WorkflowVersion,
};
