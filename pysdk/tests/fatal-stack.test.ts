import { describe, expect, it } from "vitest";
import { runFlow } from "./run";

// Alone in its file: it breaks the file's Python for good (the engine replaces such a worker).
/** A flow whose step `inner` runs `body` (indented Python), called from a nested span. */
function nested(body: string): string {
  return `
from hero_logic import flow
import sys

@flow
def inner():
${body}

@flow
def main():
    with flow.span("group"):
        return inner()
`;
}

describe("a runtime fault", () => {
  it("fails a step output nested too deep for the browser's stack as a runtime fault", async () => {
    const source = nested(
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
