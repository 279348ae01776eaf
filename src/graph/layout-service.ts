import ElkConstructor, { type ELK } from "elkjs/lib/elk-api.js";
import {
  fromElkGraph,
  layoutKey,
  type PositionedGraph,
  reuseLayout,
  toElkGraph,
} from "./elk-graph";
import type { SpanGraphModel } from "./model";

/** What ELK's API needs of a worker (a browser Worker, or elkjs's in-process FakeWorker). */
export interface LayoutWorker {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  terminate(): void;
  addEventListener?(type: "error", listener: (event: ErrorEvent) => void): void;
}

export interface LayoutServiceOptions {
  createWorker: () => LayoutWorker;
  /** Longest one layout may take before it is cancelled (default 5 s). */
  timeoutMs?: number;
  /** Longest the worker may take to load ELK (1.6 MB of script; default 30 s). */
  bootTimeoutMs?: number;
}

export interface LayoutRequest {
  /** Abort to cancel: a running layout is stopped by terminating its worker. */
  signal?: AbortSignal;
  timeoutMs?: number;
  /** The name of the performance measure it records (default `hero_logic:layout`). */
  measure?: string;
}

export interface LayoutService {
  /**
   * Positions for `model`. A newer request supersedes this one (it then rejects with
   * `LayoutSupersededError` and its late result is dropped); a layout over the time budget
   * rejects with `LayoutTimeoutError`. A model of the same shape as the last one laid out
   * reuses its positions at once.
   */
  layout(model: SpanGraphModel, request?: LayoutRequest): Promise<PositionedGraph>;
  dispose(): void;
}

export class LayoutSupersededError extends Error {
  override name = "LayoutSupersededError";
}

export class LayoutTimeoutError extends Error {
  override name = "LayoutTimeoutError";
}

/** The worker could not load ELK, or died. */
export class LayoutWorkerError extends Error {
  override name = "LayoutWorkerError";
}

interface Job {
  model: SpanGraphModel;
  key: string;
  timeoutMs: number;
  measure: string;
  settle: (outcome: PositionedGraph | Error) => void;
}

const abortError = () => new DOMException("The graph layout was cancelled.", "AbortError");
/** ELK's errors cross the worker boundary as plain objects. */
const reason = (error: unknown) => {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : String(error);
};

export function createLayoutService(options: LayoutServiceOptions): LayoutService {
  let elk: ElkWorker | null = null;
  let running: Job | null = null;
  let waiting: Job | null = null;
  let last: { key: string; graph: PositionedGraph } | null = null;

  function boot() {
    elk ??= bootElk(options);
    return elk;
  }

  function kill() {
    elk?.api.terminateWorker();
    elk = null;
  }

  function finish(job: Job, outcome: PositionedGraph | Error) {
    if (running !== job) return;
    running = null;
    if (!(outcome instanceof Error)) last = { key: job.key, graph: outcome };
    job.settle(outcome);
    const next = waiting;
    waiting = null;
    if (!next) return;
    if (last && next.key === last.key) next.settle(reuseLayout(next.model, last.graph));
    else start(next);
  }

  function start(job: Job) {
    running = job;
    const worker = boot();
    worker.ready
      .then(async () => {
        if (running !== job) return;
        finish(job, await timedLayout(worker, job));
      })
      .catch((error: unknown) => {
        if (running !== job) return;
        // The worker is stuck or broken: a fresh one serves the next request.
        kill();
        finish(job, layoutFailure(error));
      });
  }

  function layout(model: SpanGraphModel, request: LayoutRequest = {}): Promise<PositionedGraph> {
    return new Promise((resolve, reject) => {
      const { signal } = request;
      if (signal?.aborted) return reject(abortError());
      let settled = false;
      const job: Job = {
        model,
        key: layoutKey(model),
        timeoutMs: request.timeoutMs ?? options.timeoutMs ?? 5_000,
        measure: request.measure ?? "hero_logic:layout",
        settle: (outcome) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener("abort", onAbort);
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        },
      };
      const onAbort = () => {
        if (waiting === job) waiting = null;
        if (running === job) {
          kill();
          finish(job, abortError());
        }
        job.settle(abortError());
      };
      signal?.addEventListener("abort", onAbort);

      const superseded = new LayoutSupersededError("A newer graph layout was requested.");
      waiting?.settle(superseded);
      waiting = null;
      // The running layout goes on (only killing its worker could stop it); its result is
      // kept for reuse but no longer answers anyone.
      running?.settle(superseded);
      if (last && last.key === job.key) job.settle(reuseLayout(model, last.graph));
      else if (running) waiting = job;
      else start(job);
    });
  }

  return {
    layout,
    dispose() {
      waiting?.settle(abortError());
      running?.settle(abortError());
      waiting = running = null;
      kill();
    },
  };
}

/** ELK in its worker: `ready` once it has loaded, `dead` rejected when the worker fails. */
interface ElkWorker {
  api: ELK;
  ready: Promise<void>;
  dead: Promise<never>;
}

/** ELK in a fresh worker; it fails the running job if the worker dies loading. */
function bootElk(options: LayoutServiceOptions): ElkWorker {
  let failed: (error: Error) => void = () => {};
  const dead = new Promise<never>((_, reject) => {
    failed = reject;
  });
  const api = new ElkConstructor({
    workerFactory: () => {
      const worker = options.createWorker();
      worker.addEventListener?.("error", (event) => {
        // A script that fails to load gives a bare Event, with no message.
        const why = event.message || "its script did not load";
        failed(new LayoutWorkerError(`The layout worker failed: ${why}.`));
      });
      return worker as unknown as Worker;
    },
  });
  const bootMs = options.bootTimeoutMs ?? 30_000;
  // The worker answers in order, so a first small request tells when ELK has loaded.
  const ready = withTimeout(
    Promise.race([api.knownLayoutAlgorithms().then(() => undefined), dead]),
    bootMs,
    () => new LayoutTimeoutError(`The layout worker did not start within ${bootMs / 1000} s.`),
  );
  ready.catch(() => {});
  return { api, ready, dead };
}

/** Lay out `job`'s graph in ELK, stopped after its time-out, and measured. */
async function timedLayout(elk: ElkWorker, job: Job): Promise<PositionedGraph> {
  const started = performance.now();
  const laidOut = await withTimeout(
    Promise.race([elk.api.layout(toElkGraph(job.model)), elk.dead]),
    job.timeoutMs,
    () =>
      new LayoutTimeoutError(
        `The graph layout took longer than ${job.timeoutMs / 1000} s ` +
          `(${job.model.nodes.length} nodes) and was stopped.`,
      ),
  );
  const ended = performance.now();
  // For `npm run bench` and the devtools' performance panel.
  performance.measure(job.measure, {
    start: started,
    end: ended,
    detail: { nodes: job.model.nodes.length },
  });
  return fromElkGraph(job.model, laidOut, ended - started);
}

/** A failed layout as the error its caller gets: time-outs and worker failures as they are. */
function layoutFailure(error: unknown): Error {
  return error instanceof LayoutTimeoutError || error instanceof LayoutWorkerError
    ? error
    : new Error(`The graph layout failed: ${reason(error)}`, { cause: error });
}

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
