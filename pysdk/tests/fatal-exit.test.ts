import { describe, expect, it } from "vitest";
import { nestedFlow, runFlow } from "./run";

// Alone in its file: it breaks the file's Python for good (the engine replaces such a worker).

describe("a runtime fault", () => {
  it("fails os._exit() as a runtime fault whose worker is replaced", async () => {
    const { outcome } = await runFlow(nestedFlow("    import os; os._exit(3)"));
    expect(outcome).toMatchObject({
      status: "failed",
      recycle: true,
      error: {
        type: "RuntimeFault",
        message:
          "Python's runtime failed during the run: Program terminated with exit(3); the worker is replaced by a fresh one",
      },
    });
  });
});
