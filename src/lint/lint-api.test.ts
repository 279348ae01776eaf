import { describe, expect, it } from "vitest";
import { nodeLinter } from "../test-support/ruff-node";
import { rejection, testEngine } from "../test-support/test-engine";

describe("heroLogic.workflows.lint", () => {
  it("returns the findings as { line, column, code, message }, 1-based", async () => {
    const { api } = testEngine({ linter: nodeLinter });
    const source = "from hero_logic import flow\n\n\n@flow\ndef main():\n    return totl\n";
    expect(await api.workflows.lint(source)).toEqual([
      { line: 6, column: 12, code: "F821", message: "Undefined name `totl`" },
    ]);
    expect(await api.workflows.lint("")).toEqual([]);
  });

  it("refuses a source that is not text, and says when Ruff cannot run", async () => {
    const { api } = testEngine({ linter: nodeLinter });
    const refused = await rejection(api.workflows.lint(5 as never));
    expect([refused.code, refused.message]).toEqual([
      "invalid_input",
      "source must be text, not a number",
    ]);
    // Node has no Worker: the app's own linter cannot start Ruff here.
    const unavailable = await rejection(testEngine().api.workflows.lint("x = 1\n"));
    expect([unavailable.code, unavailable.message]).toEqual([
      "lint_unavailable",
      "The lint needs a browser with Web Workers.",
    ]);
  });
});
