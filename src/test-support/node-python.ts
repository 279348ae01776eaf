import { loadPyodide, type PyodideAPI } from "pyodide";
import type { PythonWorkerApi } from "../../worker/api";
import { installSdk, type PythonRuntime } from "../../worker/python";

/** Tests only: Pyodide booted in Node with the SDK installed, shared by the tests of a file. */
let pyodide: Promise<PyodideAPI> | undefined;
let shared: Promise<PythonRuntime> | undefined;

export function nodePyodide(): Promise<PyodideAPI> {
  pyodide ??= loadPyodide();
  return pyodide;
}

export function nodePython(): Promise<PythonRuntime> {
  shared ??= nodePyodide().then(installSdk);
  return shared;
}

/** The worker contract served in-process by Node's Pyodide, for engine tests. */
export function nodeWorkerApi(): PythonWorkerApi {
  return {
    async boot() {
      await nodePython();
      return {
        pythonVersion: "node",
        pyodideVersion: "node",
        bootMs: 0,
        loadPyodideMs: 0,
        fromSnapshot: false,
      };
    },
    analyze: async (source) => (await nodePython()).analyze(source),
    install: async (wheels) => (await nodePython()).install(wheels),
    run: async (request, onBatch) => (await nodePython()).run(request, onBatch),
  };
}
