/// <reference lib="webworker" />
import { loadPyodide } from "pyodide";

/** Bench only: `loadPyodide` alone, from the site's own copy, timed inside the worker. */
self.onmessage = async (event: MessageEvent<{ indexURL: string }>) => {
  const started = performance.now();
  await loadPyodide({ indexURL: event.data.indexURL });
  self.postMessage({ ms: performance.now() - started });
};
