import { describe, expect, it } from "vitest";
import { createLinter, LintUnavailableError } from "./linter";

/** A worker that fails to load its script: it fires `error` and never answers. */
function brokenWorker(started: string[]): Worker {
  const target = new EventTarget();
  started.push("worker");
  let terminated = false;
  const worker = Object.assign(target, {
    postMessage() {
      if (terminated) throw new Error("posted to a terminated worker");
      queueMicrotask(() => {
        const event = new Event("error") as Event & { message: string };
        event.message = "could not fetch ruff_wasm_bg.wasm";
        target.dispatchEvent(event);
      });
    },
    terminate() {
      terminated = true;
    },
  });
  return worker as unknown as Worker;
}

describe("createLinter", () => {
  it("rejects with the reason when its worker fails, and starts a new worker on the next call", async () => {
    const started: string[] = [];
    const linter = createLinter(() => brokenWorker(started));
    const first = linter.lint("x = 1\n");
    await expect(first).rejects.toBeInstanceOf(LintUnavailableError);
    await expect(first).rejects.toThrow(
      "The lint (Ruff) could not run: could not fetch ruff_wasm_bg.wasm",
    );
    await expect(linter.lint("x = 1\n")).rejects.toBeInstanceOf(LintUnavailableError);
    expect(started).toEqual(["worker", "worker"]);
  });
});
