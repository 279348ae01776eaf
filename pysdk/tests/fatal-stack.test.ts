import { describe, expect, it } from "vitest";
import { nestedFlow, runFlow } from "./run";

// Alone in its file: it breaks the file's Python for good (the engine replaces such a worker).

describe("a runtime fault", () => {
  it("fails a step output nested too deep for the browser's stack as a runtime fault", async () => {
    const source = nestedFlow(
      "    x = []\n    for _ in range(100_000):\n        x = [x]\n    return x",
    );
    const { outcome } = await runFlow(source);
    expect(outcome).toMatchObject({ status: "failed", recycle: true });
    if (outcome.status === "failed") {
      expect(outcome.error.message).toBe(
        "Python's runtime failed during the run: Maximum call stack size exceeded (a recursion " +
          "went deeper than the browser's stack allows: data nested thousands of levels deep, or " +
          "a raised sys.setrecursionlimit); the worker is replaced by a fresh one",
      );
    }
  });
});
