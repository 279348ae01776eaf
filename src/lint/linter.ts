import * as Comlink from "comlink";
import type { LintFinding } from "./findings";

/** The lint worker's contract (src/lint/ruff.worker.ts). */
export interface RuffWorkerApi {
  lint(source: string): Promise<LintFinding[]>;
}

/** What lints a flow source for the engine. */
export interface Linter {
  /** Rejects (with a `LintUnavailableError`) when Ruff cannot be loaded or fails. */
  lint(source: string): Promise<LintFinding[]>;
}

export class LintUnavailableError extends Error {
  override name = "LintUnavailableError";
}

interface Started {
  remote: Comlink.Remote<RuffWorkerApi>;
  /** Rejects when the worker fails to load or dies: a call to it would never be answered. */
  died: Promise<never>;
  worker: Worker;
}

/**
 * A linter whose Ruff runs in a worker `createWorker` makes, started on the first call. A worker
 * that cannot start or load Ruff is started again on a later call (the network may be back).
 */
export function createLinter(createWorker: () => Worker): Linter {
  let started: Started | null = null;

  function start(): Started {
    if (started) return started;
    const worker = createWorker();
    const died = new Promise<never>((_, reject) =>
      worker.addEventListener("error", (event) =>
        reject(new Error(event.message || "the worker failed")),
      ),
    );
    died.catch(() => {});
    started = { remote: Comlink.wrap<RuffWorkerApi>(worker), died, worker };
    return started;
  }

  function stop(which: Started) {
    which.worker.terminate();
    if (started === which) started = null;
  }

  return {
    async lint(source) {
      const current = start();
      try {
        return await Promise.race([current.remote.lint(source), current.died]);
      } catch (failure) {
        stop(current);
        const reason = failure instanceof Error ? failure.message : String(failure);
        throw new LintUnavailableError(`The lint (Ruff) could not run: ${reason}`);
      }
    },
  };
}

/** The app's linter: Ruff in a module worker of its own. */
export function createRuffLinter(): Linter {
  if (typeof Worker === "undefined") {
    return {
      lint: async () => {
        throw new LintUnavailableError("The lint needs a browser with Web Workers.");
      },
    };
  }
  return createLinter(
    () =>
      new Worker(new URL("./ruff.worker.ts", import.meta.url), {
        type: "module",
        name: "ruff-lint",
      }),
  );
}
