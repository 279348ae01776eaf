/**
 * The contract between the engine (page side) and a Python worker, over Comlink. Types only.
 *
 * A worker boots Pyodide once, installs the `hero_logic` SDK, removes every global that
 * reaches stored data (IndexedDB, the Cache API, nested workers, channels, locks) and then
 * executes play bodies on request. It never touches the database: span records stream back
 * to the engine in batches and the engine persists them.
 */

import type { PythonAnalysis, RunRequest, WorkerRunOutcome } from "../src/wire/records";

/** A wheel handed to a worker to install: its package's normalized name and its bytes. */
export interface WheelToInstall {
  name: string;
  filename: string;
  bytes: ArrayBuffer;
}

/**
 * Stages reported while a worker boots, for the "Python is starting…" indicator. A first visit
 * downloads the memory snapshot shipped with the site before it loads the runtime.
 */
export type BootStage =
  | "downloading-snapshot"
  | "loading-runtime"
  | "installing-sdk"
  | "isolating"
  | "ready";

/** Bytes of a boot's download received, of those expected (null: the host did not say). */
export interface BootProgress {
  received: number;
  expected: number | null;
}

/** Told each stage as a boot reaches it; "downloading-snapshot" comes with its progress, often. */
export type StageSink = (stage: BootStage, progress?: BootProgress) => void;

export interface BootInfo {
  pythonVersion: string;
  pyodideVersion: string;
  /**
   * From the start of boot() to ready, and the part spent starting Pyodide with the SDK
   * (restoring a snapshot, or a normal start that also makes one).
   */
  bootMs: number;
  loadPyodideMs: number;
  /** Restored from a memory snapshot made by an earlier boot. */
  fromSnapshot: boolean;
  /**
   * Which snapshot it restored: the one shipped with the site (a first visit) or the one an
   * earlier boot stored in this browser; absent after a normal boot.
   */
  snapshot?: "shipped" | "stored";
}

/** Receives each batch of a run (Python calls it with the three texts, the last two optional). */
export type SpanBatchSink = (spans: string, outputs?: string, spawns?: string) => void;

/**
 * A batch as the worker posts it on its own global port, tagged with the run it belongs to. The
 * worker's Comlink replies travel on the same port, so every batch of a run reaches the page
 * before the run's outcome does: the page waits for batches by that order, never by polling.
 * Where the page gave the run a ring of shared memory (`src/wire/ring.ts`), batches go there and
 * only those that do not fit are posted; `n` (the batch's number in the run, from 1) puts the
 * two streams back in order.
 */
export interface BatchMessage {
  hero_batch: number;
  n: number;
  spans: string;
  outputs?: string;
  spawns?: string;
}

/**
 * What the worker script exposes through Comlink: `PythonWorkerApi`, except that a run's batches
 * are posted as `BatchMessage`s tagged `tag` (a Comlink-proxied callback would send each batch
 * on a port of its own, out of order with the reply, at several times the cost of a post).
 */
export interface PythonWorkerEndpoint extends Omit<PythonWorkerApi, "run" | "collect" | "install"> {
  run(request: RunRequest, tag: number, ring?: SharedArrayBuffer): Promise<WorkerRunOutcome>;
  install(wheels: WheelToInstall[]): Promise<void>;
  /**
   * Take the Web Lock `name` and hold it for the worker's whole life; resolves once it is held.
   * A terminated or crashed worker gives its locks back, and nothing else tells the page (no
   * event fires on a `Worker` that died): the page asks for the same lock and learns of the
   * death when it is granted. Resolves without a lock where the worker has no Web Locks.
   */
  holdLifeline(name: string): Promise<void>;
}

/** What a Python worker offers the engine (in the page through `PythonWorkerEndpoint`). */
export interface PythonWorkerApi {
  /**
   * Boot Pyodide from `indexURL` (the site's own copy of the runtime) and install the SDK;
   * resolves once user code may run. Safe to call twice.
   */
  boot(indexURL: string, onStage: StageSink): Promise<BootInfo>;
  /** Parse a flow source (Python's own parser and `ast`; nothing is executed). */
  analyze(source: string): Promise<PythonAnalysis>;
  /**
   * Execute one run of a play body. Every span batch arrives through `onBatch`, in order, before
   * the returned promise resolves; the outcome's `batches` says how many were sent.
   */
  run(request: RunRequest, onBatch: SpanBatchSink): Promise<WorkerRunOutcome>;
  /**
   * Install wheels (added by the person, see `heroLogic.packages`) into this interpreter's
   * site-packages, each package once per interpreter: a later call with one already installed
   * skips it. Only ever called on a worker bound to the flow version that declares them.
   */
  install?(wheels: WheelToInstall[]): Promise<void>;
  /**
   * Hand `onBatch` every batch a run has sent that is still on its way (in shared memory), at
   * once: for a run being stopped, or whose worker died, before its batches stop being taken.
   */
  collect?(): void;
}
