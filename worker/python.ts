import type { PyodideAPI } from "pyodide";
import type { PyBuffer, PyProxy } from "pyodide/ffi";
import { messageOf } from "../src/wire/errors";
import { escapeLoneSurrogates, wellFormed } from "../src/wire/json-text";
import type {
  CassetteCalls,
  ChildState,
  PythonAnalysis,
  RunRequest,
  WorkerRunOutcome,
} from "../src/wire/records";
import type { SpanBatchSink, WheelToInstall } from "./api";
import type { HttpSend } from "./http";
import { loadSdkFiles, sdkHashOf } from "./sdk";

/** The SDK's Python files, bundled as text (Vite in the browser, Vitest in Node). */
const sdkFiles = import.meta.glob<string>("../pysdk/hero_logic/*.py", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** The Python side of a worker, over a booted Pyodide; used by the Web Worker and by Node tests. */
export interface PythonRuntime {
  analyze(source: string): PythonAnalysis;
  /** Unpack wheels into site-packages, each package once (see `PythonWorkerApi.install`). */
  install(wheels: WheelToInstall[]): void;
  /**
   * `bytes`, where given, is offered each batch before `onBatch` is (see `BatchBytesSink`);
   * `http` sends the run's `http` calls (worker/http.ts; without it they fail).
   */
  run(
    request: RunRequest,
    onBatch: SpanBatchSink,
    bytes?: BatchBytesSink,
    http?: HttpSend,
  ): WorkerRunOutcome;
}

/**
 * Takes a batch as the UTF-8 bytes of its texts, laid one after the other in `data` (valid only
 * during the call), with their lengths (-1: absent); false when it cannot (the texts then go to
 * the `SpanBatchSink`). Cheaper than texts for Python to hand over (see `Outbox` in _run.py).
 */
export type BatchBytesSink = (
  data: Uint8Array,
  spans: number,
  outputs: number,
  spawns: number,
) => boolean;

/** What Python's `Outbox` calls: the bytes of its buffer, read in place in Pyodide's memory. */
function outboxFor(take: BatchBytesSink, onTaken: () => void) {
  let buffer: PyProxy | undefined;
  let view: PyBuffer | undefined;
  const data = () => {
    // A view of Pyodide's memory goes empty when the memory grows: look again.
    if (!view || view.data.byteLength === 0) {
      view?.release();
      view = (buffer as PyProxy & { getBuffer(type: string): PyBuffer }).getBuffer("u8");
    }
    return view.data as Uint8Array;
  };
  return {
    outbox: {
      attach(proxy: PyProxy) {
        // Kept beyond the call (an argument's proxy is destroyed when the call returns).
        buffer = proxy.copy();
      },
      send(spans: number, outputs: number, spawns: number): boolean {
        if (!take(data(), spans, outputs, spawns)) return false;
        onTaken();
        return true;
      },
    },
    release() {
      view?.release();
      buffer?.destroy();
    },
  };
}

/** A short hash of the SDK's sources: a memory snapshot is only valid for the same SDK. */
export function sdkHash(): string {
  return sdkHashOf(sdkFiles);
}

/** Put the SDK's files in Pyodide's file system and import it (see `loadSdkFiles`). */
export function loadSdk(pyodide: PyodideAPI): void {
  loadSdkFiles(pyodide, sdkFiles);
}

export function installSdk(pyodide: PyodideAPI): PythonRuntime {
  loadSdk(pyodide);
  return pythonRuntime(pyodide);
}

const utf8 = new TextEncoder();

/**
 * The request as JSON, the texts Python wrote (answers, a child's inputs and prefill, children's
 * outputs) spliced in as they are: decoded into JavaScript values, they would not say the same.
 * The step cache goes apart (`cacheBytes`): Python keeps each of its rows' texts.
 */
function requestJson(request: Omit<RunRequest, "expected" | "step_cache">): string {
  const { answers = "{}", children, inputs, inputs_json, ...rest } = request;
  const { prefill, prefill_json, cassette, ...plain } = rest;
  const parts = [
    JSON.stringify(plain).slice(1, -1),
    `"inputs":${inputs_json ?? JSON.stringify(inputs)}`,
    `"prefill":${prefill_json ?? JSON.stringify(prefill ?? {})}`,
    `"children":${childrenJson(children ?? {})}`,
    `"answers":${answers}`,
    cassette ? `"cassette":${cassetteJson(cassette)}` : "",
  ];
  return `{${parts.filter(Boolean).join(",")}}`;
}

/** The request's JSON text as UTF-8 (see `utf8Of`), without its step cache. */
export function requestBytes(request: Omit<RunRequest, "expected" | "step_cache">): Uint8Array {
  return utf8Of([requestJson(request)]);
}

/** The step cache as the JSON text of a list of its rows, as UTF-8 (see `utf8Of`). */
export function cacheBytes(stepCache: string[]): Uint8Array {
  return utf8Of(["[", ...stepCache.flatMap((text, i) => (i === 0 ? [text] : [",", text])), "]"]);
}

/**
 * Texts joined, as UTF-8 (Pyodide copies bytes in at once; a string it converts char by char),
 * each part encoded where it lies: the stored outputs of a long play are megabytes, which one
 * joined string would copy, scan and encode again. Lone surrogates (a Python string may hold
 * them) have no UTF-8: they go as escapes.
 */
function utf8Of(texts: string[]): Uint8Array {
  const parts = texts.map((part) => (wellFormed(part) ? part : escapeLoneSurrogates(part)));
  let most = 0;
  for (const part of parts) most += part.length * 3;
  const bytes = new Uint8Array(most);
  let at = 0;
  for (const part of parts) at += utf8.encodeInto(part, bytes.subarray(at)).written;
  return bytes.subarray(0, at);
}

/** A cassette's calls with their outputs as the texts the recorded play stored. */
function cassetteJson({ play_sid, calls }: CassetteCalls): string {
  const items = calls.map(([key, output, failed]) => {
    const failure = failed === undefined ? "" : `,${JSON.stringify(failed)}`;
    return `[${JSON.stringify(key)},${output}${failure}]`;
  });
  return `{"play_sid":${JSON.stringify(play_sid)},"calls":[${items.join(",")}]}`;
}

/** The children as the SDK reads them: each with its `output` (the text its play stored). */
function childrenJson(children: Record<string, ChildState>): string {
  const entries = Object.entries(children).map(([sid, child]) => {
    const { output_json, ...state } = child;
    return `${JSON.stringify(sid)}:${JSON.stringify(state).slice(0, -1)},"output":${output_json}}`;
  });
  return `{${entries.join(",")}}`;
}

/**
 * A worker whose memory grew past this during a run is replaced after it: a wasm memory never
 * gives anything back, so one greedy flow would otherwise leave every later run short of it.
 */
export const RECYCLE_HEAP_BYTES = 512 * 2 ** 20;

/** The size of Pyodide's wasm memory (Pyodide's private `_module`; 0 when it is not there). */
function heapBytes(pyodide: PyodideAPI): number {
  const module = (pyodide as unknown as { _module?: { HEAPU8?: Uint8Array } })._module;
  return module?.HEAPU8?.byteLength ?? 0;
}

/** A completed outcome's output, decoded from the text Python wrote (which it keeps). */
function withOutput(outcome: WorkerRunOutcome): WorkerRunOutcome {
  if (outcome.status !== "completed") return outcome;
  return { ...outcome, output: JSON.parse(outcome.output_json) };
}

/**
 * The runtime over a Pyodide where the SDK is loaded. Python's `random` is seeded afresh here
 * (and at each run): a Pyodide restored from a memory snapshot has the snapshot's state.
 */
/**
 * Installs wheels into site-packages (not the working directory, which a flow may change),
 * each package once in this interpreter; the import system's caches are cleared so that a
 * directory that appeared is seen.
 */
function wheelInstaller(pyodide: PyodideAPI): (wheels: WheelToInstall[]) => void {
  const installed = new Set<string>();
  let sitePackages: string | undefined;
  return (wheels) => {
    const fresh = wheels.filter((wheel) => !installed.has(wheel.name));
    if (fresh.length === 0) return;
    sitePackages ??= pyodide.runPython("import site; site.getsitepackages()[0]") as string;
    for (const wheel of fresh) {
      try {
        pyodide.unpackArchive(wheel.bytes, "wheel", { extractDir: sitePackages });
      } catch (error) {
        throw new Error(`${wheel.filename} could not be installed: ${messageOf(error)}`);
      }
      installed.add(wheel.name);
    }
    pyodide.runPython("import importlib; importlib.invalidate_caches()");
  };
}

export function pythonRuntime(pyodide: PyodideAPI): PythonRuntime {
  const host = pyodide.pyimport("hero_logic._host");
  host.reseed_randomness();
  return {
    analyze: (source) => JSON.parse(host.analyze(source)) as PythonAnalysis,
    install: wheelInstaller(pyodide),
    run(request, onBatch, bytes, http) {
      let batches = 0;
      const sink: SpanBatchSink = (spans, outputs, spawns) => {
        batches += 1;
        onBatch(spans, outputs, spawns);
      };
      const outbox = bytes
        ? outboxFor(bytes, () => {
            batches += 1;
          })
        : undefined;
      try {
        const { expected = "", step_cache, ...rest } = request;
        let journal = "";
        const onJournal = (names: string, steps: string) => {
          journal = `[${names},${steps}]`;
        };
        const text = host.run_play(
          requestBytes(rest),
          sink,
          () => expected,
          onJournal,
          outbox?.outbox,
          http,
          // A warm run replays from what Python kept: its request carries no step cache.
          request.warm ? undefined : cacheBytes(step_cache),
        );
        const recycle = heapBytes(pyodide) > RECYCLE_HEAP_BYTES;
        const outcome = JSON.parse(text) as WorkerRunOutcome;
        // Once the outcome has gone: the worker waits for the engine to store the run meanwhile.
        if (outcome.memo) setTimeout(() => host.settle_memo(), 0);
        return withOutput({ ...outcome, journal, batches, recycle } as WorkerRunOutcome);
      } catch (error) {
        // Only a fault of the SDK or the runtime gets here (user errors come back as outcomes):
        // this Python may be broken for good, so the engine replaces it.
        const reason = messageOf(error);
        // A recursion limit raised past what the browser's stack holds ends here, not in Python.
        const hint = /call stack/i.test(reason)
          ? " (a recursion went deeper than the browser's stack allows: data nested thousands of levels deep, or a raised sys.setrecursionlimit)"
          : "";
        const message = `Python's runtime failed during the run: ${reason}${hint}; the worker is replaced by a fresh one`;
        const failure = { type: "RuntimeFault", message, traceback: reason };
        return { status: "failed", error: failure, batches, journal: "", recycle: true };
      } finally {
        outbox?.release();
      }
    },
  };
}
