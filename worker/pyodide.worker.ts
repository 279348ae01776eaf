/// <reference lib="webworker" />
import * as Comlink from "comlink";
import { loadPyodide, version as PYODIDE_VERSION, type PyodideAPI } from "pyodide";
import { messageOf } from "../src/wire/errors";
import { ringWriter } from "../src/wire/ring";
import type { BatchMessage, BootInfo, PythonWorkerEndpoint, SpanBatchSink, StageSink } from "./api";
import { httpSender } from "./http";
import { isolateGlobals } from "./isolate";
import { type BatchBytesSink, loadSdk, type PythonRuntime, pythonRuntime, sdkHash } from "./python";
import { fetchShippedSnapshot } from "./shipped-snapshot";
import { readSnapshot, storeLater, writeSnapshot } from "./snapshot";

const BOOT_TIMEOUT_MS = 120_000;
const RESTORE_TIMEOUT_MS = 30_000;
/** How long after a boot from the shipped snapshot it is stored (see `storeLater`). */
const STORE_SHIPPED_AFTER_MS = 2_000;
let runtime: Promise<{ python: PythonRuntime; info: BootInfo }> | undefined;

type SnapshotSource = NonNullable<BootInfo["snapshot"]>;

/** The shipped snapshot could not be used (`fetchShippedSnapshot` said why already). */
class NoShippedSnapshot extends Error {}

/**
 * The memory snapshot to restore: the one this browser stored on an earlier visit, else the one
 * shipped with the site (not in `vite dev`, which has none), else none. The shipped one comes
 * as a promise: `loadPyodide` starts fetching its wasm before it awaits the snapshot, so the
 * two downloads run side by side.
 */
async function findSnapshot(
  indexURL: string,
  key: string,
  onStage: StageSink,
): Promise<{ bytes: Promise<Uint8Array>; source: SnapshotSource } | null> {
  const stored = await readSnapshot(key);
  if (stored) return { bytes: Promise.resolve(stored), source: "stored" };
  if (import.meta.env.DEV) return null;
  onStage("downloading-snapshot", { received: 0, expected: null });
  const site = new URL("../", indexURL).href;
  const bytes = fetchShippedSnapshot(site, key, (progress) =>
    onStage("downloading-snapshot", progress),
  ).then((shipped) => {
    if (!shipped) throw new NoShippedSnapshot();
    onStage("loading-runtime");
    return shipped;
  });
  bytes.catch(() => {});
  return { bytes, source: "shipped" };
}

/** Pyodide restored from `snapshot` with the SDK's files back in place, or null if that fails. */
async function restore(
  indexURL: string,
  snapshot: Promise<Uint8Array>,
): Promise<PyodideAPI | null> {
  try {
    const pyodide = await withTimeout(
      loadPyodide({ indexURL, _loadSnapshot: snapshot }),
      RESTORE_TIMEOUT_MS,
    );
    loadSdk(pyodide);
    return pyodide;
  } catch (error) {
    if (!(error instanceof NoShippedSnapshot)) {
      console.warn(
        `hero_logic: a Python snapshot did not restore (${messageOf(error)}); Python starts normally.`,
      );
    }
    return null;
  }
}

/** A normal boot, which also makes the snapshot the next visit restores. */
async function bootAndStore(indexURL: string, key: string): Promise<PyodideAPI> {
  // loadPyodide can hang without rejecting when the wasm fails to instantiate.
  const pyodide = await withTimeout(
    loadPyodide({ indexURL, _makeSnapshot: true }),
    BOOT_TIMEOUT_MS,
  );
  loadSdk(pyodide);
  try {
    await writeSnapshot(key, pyodide.makeMemorySnapshot());
  } catch {
    // No snapshot this time: the next boot is a normal one too.
  }
  return pyodide;
}

// The boot pipeline: runtime (from a memory snapshot when there is one) → SDK → snapshot →
// isolation. User code may run only after the last step.
async function bootPipeline(indexURL: string, onStage: StageSink) {
  const started = performance.now();
  const key = `${PYODIDE_VERSION}-${sdkHash()}`;
  const snapshot = await findSnapshot(indexURL, key, onStage);
  if (snapshot?.source !== "shipped") onStage("loading-runtime");
  // Any trouble with the snapshot (restore, or the SDK on top of it) means a normal boot.
  const restored = snapshot ? await restore(indexURL, snapshot.bytes) : null;
  // Kept unpacked for the next visit, as a normal boot keeps the one it makes: reading it back
  // is quicker than unpacking the shipped one again.
  if (restored && snapshot?.source === "shipped") {
    storeLater(key, await snapshot.bytes, STORE_SHIPPED_AFTER_MS);
  }
  if (!restored) onStage("loading-runtime");
  const pyodide = restored ?? (await bootAndStore(indexURL, key));
  const loadPyodideMs = performance.now() - started;
  onStage("installing-sdk");
  const python = pythonRuntime(pyodide);
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
      fromSnapshot: restored !== null,
      ...(restored && snapshot ? { snapshot: snapshot.source } : {}),
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

// Taken before isolation removes `navigator.locks` from the flow's reach.
const lifelineLocks = (self.navigator as { locks?: LockManager }).locks;

const api: PythonWorkerEndpoint = {
  holdLifeline(name) {
    return new Promise((held) => {
      if (!lifelineLocks) return held();
      // The callback's promise never settles: the lock goes only with the worker.
      void lifelineLocks.request(name, () => {
        held();
        return new Promise<never>(() => {});
      });
    });
  },
  async boot(indexURL, onStage) {
    runtime ??= bootPipeline(indexURL, onStage);
    return (await runtime).info;
  },
  async analyze(source) {
    return (await booted()).python.analyze(source);
  },
  async install(wheels) {
    (await booted()).python.install(wheels);
  },
  async run(request, tag, ring) {
    const { python } = await booted();
    // Python calls this synchronously, from inside the step call that must not start before
    // the batch has left: into the page's shared memory, or a plain post on the port Comlink
    // replies on (see `BatchMessage`).
    const shared = ring ? ringWriter(ring) : null;
    let n = 0;
    const texts: SpanBatchSink = (spans, outputs, spawns) => {
      n += 1;
      if (shared?.write(n, { spans, outputs, spawns })) return;
      const message: BatchMessage = { hero_batch: tag, n, spans, outputs, spawns };
      post(message);
    };
    // Python hands batches over as bytes where they go to shared memory as bytes anyway.
    const bytes: BatchBytesSink | undefined = shared
      ? (data, spans, outputs, spawns) => {
          if (!shared.writeBytes(n + 1, data, spans, outputs, spawns)) return false;
          n += 1;
          return true;
        }
      : undefined;
    // A cassette run answers its calls from a recording: it is not given the sender at all.
    const http = request.cassette ? undefined : sendHttp(request.granted_origins ?? []);
    return python.run(request, texts, bytes, http);
  },
};

// Taken before isolation removes XMLHttpRequest: the flow's `http` calls go through this, which
// refuses every origin not granted for the play (worker/http.ts).
const sendHttp = httpSender(self.XMLHttpRequest);

// Taken before isolation: the flow's code never gets the worker's own post.
const post = self.postMessage.bind(self);
Comlink.expose(api);
