import type { PyodideAPI } from "pyodide";
import type { AnalyzeResult, RunOutcome, RunRequest, SpanBatchSink } from "./api";

const SDK_ROOT = "/hero_sdk";

/** The SDK's Python files, bundled as text (Vite in the browser, Vitest in Node). */
const sdkFiles = import.meta.glob<string>("../pysdk/hero_logic/*.py", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** The Python side of a worker, over a booted Pyodide; used by the Web Worker and by Node tests. */
export interface PythonRuntime {
  analyze(source: string): AnalyzeResult;
  run(request: RunRequest, onBatch: SpanBatchSink): RunOutcome;
}

export function installSdk(pyodide: PyodideAPI): PythonRuntime {
  pyodide.FS.mkdirTree(`${SDK_ROOT}/hero_logic`);
  for (const [path, text] of Object.entries(sdkFiles)) {
    const file = path.slice(path.lastIndexOf("/") + 1);
    pyodide.FS.writeFile(`${SDK_ROOT}/hero_logic/${file}`, text);
  }
  pyodide.runPython(
    `import sys\nif ${JSON.stringify(SDK_ROOT)} not in sys.path: sys.path.insert(0, ${JSON.stringify(SDK_ROOT)})`,
  );
  const host = pyodide.pyimport("hero_logic._host");
  return {
    analyze: (source) => JSON.parse(host.analyze(source)) as AnalyzeResult,
    run(request, onBatch) {
      let batches = 0;
      const sink = (batch: string) => {
        batches += 1;
        onBatch(batch);
      };
      try {
        const outcome = JSON.parse(host.run_play(JSON.stringify(request), sink));
        return { ...outcome, batches } as RunOutcome;
      } catch (error) {
        // Only a fault of the SDK or the runtime gets here; user errors come back as outcomes.
        const message = error instanceof Error ? error.message : String(error);
        const traceback = message;
        const failure = { type: "RuntimeError", message, traceback };
        return { status: "failed", error: failure, batches, journal: [] };
      }
    },
  };
}
