/// <reference lib="webworker" />
import * as Comlink from "comlink";
import { loadPyodide } from "pyodide";
import type { BootInfo, BootStage, PythonWorkerApi } from "./api";
import { isolateGlobals } from "./isolate";
import { installSdk, type PythonRuntime } from "./python";

const BOOT_TIMEOUT_MS = 120_000;

let runtime: Promise<{ python: PythonRuntime; info: BootInfo }> | undefined;

// The boot pipeline: runtime → SDK → isolation. User code may run only after the last step.
async function bootPipeline(indexURL: string, onStage: (stage: BootStage) => void) {
  const started = performance.now();
  onStage("loading-runtime");
  // loadPyodide can hang without rejecting when the wasm fails to instantiate.
  const pyodide = await withTimeout(loadPyodide({ indexURL }), BOOT_TIMEOUT_MS);
  const loadPyodideMs = performance.now() - started;
  onStage("installing-sdk");
  const python = installSdk(pyodide);
  onStage("isolating");
  isolateGlobals(self);
  const pythonVersion = pyodide.runPython("import sys; sys.version.split()[0]") as string;
  onStage("ready");
  return {
    python,
    info: {
      pythonVersion,
      pyodideVersion: pyodide.version,
      bootMs: performance.now() - started,
      loadPyodideMs,
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Python did not start within ${ms / 1000} s`)),
      ms,
    );
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

function booted() {
  if (!runtime) throw new Error("the Python worker was used before boot()");
  return runtime;
}

const api: PythonWorkerApi = {
  async boot(indexURL, onStage) {
    runtime ??= bootPipeline(indexURL, onStage);
    return (await runtime).info;
  },
  async analyze(source) {
    return (await booted()).python.analyze(source);
  },
  async run(request, onBatch) {
    const { python } = await booted();
    // A plain function: Python calls it synchronously; the Comlink proxy posts the batch.
    return python.run(request, (batch) => void onBatch(batch));
  },
};

Comlink.expose(api);
