import * as Comlink from "comlink";
import type {
  BatchMessage,
  BootInfo,
  BootProgress,
  BootStage,
  PythonWorkerApi,
  PythonWorkerEndpoint,
  SpanBatchSink,
  WheelToInstall,
} from "../../../worker/api";
import pythonWorkerUrl from "../../../worker/pyodide.worker.ts?worker&url";
import { messageOf } from "../../wire/errors";
import type { PythonAnalysis, RunRequest, WorkerRunOutcome } from "../../wire/records";
import { createRing, resetRing } from "../../wire/ring";
import { HeroError } from "../errors";
import { type BatchStream, batchStream } from "./batch-stream";

export interface RuntimeStatus {
  stage: BootStage | "not-started" | "failed";
  error: string | null;
  info: BootInfo | null;
  /** The current stage's download, where it has one ("downloading-snapshot"). */
  progress?: BootProgress | null;
}

/** The engine's handle on Python: boots once, reports progress, runs and analyzes. */
export interface PythonHost {
  ready(): Promise<void>;
  status(): RuntimeStatus;
  onStatus(listener: (status: RuntimeStatus) => void): () => void;
  analyze(source: string): Promise<PythonAnalysis>;
  run(request: RunRequest, onBatch: SpanBatchSink): Promise<WorkerRunOutcome>;
  /** Install wheels into this worker's Python, each package once (see `PythonWorkerApi.install`). */
  install(wheels: WheelToInstall[]): Promise<void>;
  /** Hand each running run's `onBatch` the batches still on their way (see `PythonWorkerApi`). */
  collect(): void;
  /** Stop the worker at once (whatever Python is doing); the host is unusable afterwards. */
  terminate(): void;
}

export interface HostOptions {
  /** Where the site's copy of Pyodide is. */
  indexURL?: string;
  terminate?: () => void;
  /** Rejects when the worker itself fails (its script cannot load, it crashes). */
  failure?: Promise<never>;
  /** Rejects with a `WorkerGoneError` once the booted worker is gone (terminated, crashed). */
  gone?: Promise<never>;
}

/**
 * A run's worker ended under it, from outside the run: it was terminated or crashed (not
 * Python failing inside it). Nothing says which steps were in flight, only what the worker
 * sent before: the run is cut off, as when its tab closes.
 */
export class WorkerGoneError extends Error {
  override name = "WorkerGoneError";
  constructor() {
    super("the Python worker running it stopped (it was terminated or crashed)");
  }
}

/** Wrap a worker API (`workerApi` over a Comlink remote in the page, a plain object in Node tests). */
export function createPythonHost(
  api: PythonWorkerApi,
  { indexURL = "", terminate = () => {}, failure, gone }: HostOptions = {},
): PythonHost {
  // A call to a worker that died never returns: race every call against its failure.
  const guard = <T>(promise: Promise<T>): Promise<T> => {
    const ends = [failure, gone].filter((end) => end !== undefined);
    return ends.length > 0 ? Promise.race([promise, ...ends]) : promise;
  };
  let status: RuntimeStatus = { stage: "not-started", error: null, info: null };
  const listeners = new Set<(status: RuntimeStatus) => void>();
  const update = (next: Partial<RuntimeStatus>) => {
    status = { ...status, ...next };
    for (const listener of listeners) listener(status);
  };
  let booting: Promise<void> | undefined;
  // A worker gone between runs is no use to the next one: the pool replaces it.
  gone?.catch(() => update({ stage: "failed", error: "the worker stopped" }));

  const ready = () => {
    booting ??= guard(
      api.boot(
        indexURL,
        Comlink.proxy((stage: BootStage, progress?: BootProgress) =>
          update({ stage, progress: progress ?? null }),
        ),
      ),
    ).then(
      (info) => update({ stage: "ready", info, progress: null }),
      (error: unknown) => {
        const message = messageOf(error);
        update({ stage: "failed", error: message });
        // A worker killed from outside while it booted: a run waiting for it is cut off (and
        // runs again on a fresh worker), as when it dies during the run.
        if (error instanceof WorkerGoneError) throw error;
        throw new HeroError("python_unavailable", `Python could not start: ${message}`);
      },
    );
    return booting;
  };

  return {
    ready,
    status: () => status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async analyze(source) {
      await ready();
      return guard(api.analyze(source));
    },
    async install(wheels) {
      await ready();
      if (!api.install) throw new Error("this Python worker cannot install packages");
      return guard(api.install(wheels));
    },
    async run(request, onBatch) {
      await ready();
      try {
        return await guard(api.run(request, onBatch));
      } catch (error) {
        // The worker died: what it wrote to shared memory before is still there to take.
        api.collect?.();
        throw error;
      }
    },
    collect: () => api.collect?.(),
    terminate() {
      terminate();
      update({ stage: "failed", error: "terminated" });
    },
  };
}

/** The page's Python: one module worker running Pyodide. */
export function createWorkerPythonHost(): PythonHost {
  const worker = createIsolatedWorker(pythonWorkerUrl, "python");
  // Resolved against the page, so the app works from any sub-path of a static host.
  const indexURL = new URL(`${import.meta.env.BASE_URL}pyodide/`, document.baseURI).href;
  let booted = false;
  const failure = new Promise<never>((_, reject) => {
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      // A booted worker lives on after an uncaught error: one thrown by a flow's own callback
      // (a timer it set) outside any run must not fail the next play given this worker.
      if (booted) {
        console.warn(`hero_logic: an error in a Python worker outside any run: ${event.message}`);
        return;
      }
      const reason = event.message || "its script could not be loaded";
      // A new deploy removes the old build's files; an open tab then cannot start workers.
      reject(new Error(`the Python worker failed (${reason}); reload the page`));
    });
  });
  failure.catch(() => {});
  const { api, remote } = workerApi(worker);
  let lifeline: Promise<void> | undefined;
  const gone = new Promise<never>((_, reject) => {
    // Held by the worker before it boots; granted here only once the worker is gone.
    lifeline = watchLifeline(remote, () => reject(new WorkerGoneError()));
  });
  gone.catch(() => {});
  const host = createPythonHost(
    // Booting waits for the lifeline: no run starts on a worker whose death would go unseen.
    {
      ...api,
      async boot(indexURL, onStage) {
        await lifeline;
        return api.boot(indexURL, onStage);
      },
    },
    { indexURL, terminate: () => worker.terminate(), failure, gone },
  );
  host.onStatus((status) => {
    if (status.stage === "ready") booted = true;
  });
  return host;
}

let lifelines = 0;

/**
 * Have the worker hold a Web Lock of its own, then ask for it here: it is granted once the
 * worker is gone, and then `onGone` is called. Resolves once the worker holds it (at once
 * where the page has no Web Locks).
 */
async function watchLifeline(
  remote: Comlink.Remote<PythonWorkerEndpoint>,
  onGone: () => void,
): Promise<void> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (!locks) return;
  const name = `hero-logic:worker:${crypto.randomUUID()}:${++lifelines}`;
  await remote.holdLifeline(name);
  void locks.request(name, async () => onGone());
}

/**
 * The engine's `PythonWorkerApi` over a worker script: calls through Comlink, a run's batches
 * through shared memory where the page is cross-origin isolated (`src/wire/ring.ts`), else (and
 * when one does not fit there) from the worker's own posts (`BatchMessage`), which arrive in
 * order and before the run's reply.
 */
function workerApi(worker: Worker): {
  api: PythonWorkerApi;
  remote: Comlink.Remote<PythonWorkerEndpoint>;
} {
  const remote = Comlink.wrap<PythonWorkerEndpoint>(worker);
  const streams = new Map<number, BatchStream>();
  let ring: SharedArrayBuffer | undefined;
  let tags = 0;
  worker.addEventListener("message", (event: MessageEvent) => {
    const message = event.data as Partial<BatchMessage> | null;
    if (typeof message?.hero_batch !== "number" || typeof message.n !== "number") return;
    // A message only looks like a batch when its texts are texts (a flow may post anything).
    const { spans, outputs, spawns } = message;
    if (typeof spans !== "string" || !optionalText(outputs) || !optionalText(spawns)) return;
    streams.get(message.hero_batch)?.take(message.n, { spans, outputs, spawns });
  });
  const api: PythonWorkerApi = {
    boot: (indexURL, onStage) => remote.boot(indexURL, onStage),
    analyze: (source) => remote.analyze(source),
    install: (wheels) => remote.install(wheels),
    async run(request, onBatch) {
      const tag = ++tags;
      // One ring per worker, made on its first run: its runs come one after another.
      ring ??= globalThis.crossOriginIsolated ? createRing() : undefined;
      if (ring) resetRing(ring);
      const stream = batchStream(onBatch, ring);
      streams.set(tag, stream);
      try {
        const outcome = await remote.run(request, tag, ring);
        stream.collect();
        return outcome;
      } finally {
        stream.close();
        streams.delete(tag);
      }
    },
    collect() {
      for (const stream of streams.values()) stream.collect();
    },
  };
  return { api, remote };
}

function optionalText(value: unknown): value is string | undefined {
  return value === undefined || typeof value === "string";
}

/**
 * A module worker started from a `blob:` URL whose only line imports the real script. A worker
 * loaded from the site gets its Content-Security-Policy from its own response's headers (a
 * static host sends none); a `blob:` worker inherits the page's, meta tag included. So flows
 * run under the page's policy: no request to another origin (connect-src 'self'), no code
 * from one and no eval (script-src 'self' 'wasm-unsafe-eval').
 */
function createIsolatedWorker(scriptUrl: string, name: string): Worker {
  const absolute = new URL(scriptUrl, import.meta.url).href;
  const blob = new Blob([`import ${JSON.stringify(absolute)};\n`], { type: "text/javascript" });
  const url = URL.createObjectURL(blob);
  try {
    return new Worker(url, { type: "module", name });
  } finally {
    // The worker holds on to its script from the moment it is constructed.
    URL.revokeObjectURL(url);
  }
}
