import { Text } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { lintDiagnostics, problemDiagnostics } from "./diagnostics";
import { analysisProblem } from "./syntax-check";

const doc = Text.of(["from hero_logic import flow", "", "@flow", "def main():", "    x = (1,"]);

describe("problemDiagnostics", () => {
  it("marks from Python's column to the end of the problem's line", () => {
    const [mark] = problemDiagnostics(doc, { message: "'(' was never closed", line: 5, column: 9 });
    expect(mark).toMatchObject({ severity: "error", message: "'(' was never closed" });
    expect(doc.sliceString(mark!.from, mark!.to)).toBe("(1,");
    expect(doc.lineAt(mark!.from).number).toBe(5);
  });

  it("marks the line from its first non-blank character when the column is unknown", () => {
    const [mark] = problemDiagnostics(doc, { message: "bad", line: 5, column: null });
    expect(doc.sliceString(mark!.from, mark!.to)).toBe("x = (1,");
  });

  it("keeps a mark inside a document that changed since Python read it", () => {
    const [past] = problemDiagnostics(doc, { message: "bad", line: 40, column: 99 });
    expect(doc.lineAt(past!.from).number).toBe(5);
    expect(past!.to).toBe(doc.length);
    const [empty] = problemDiagnostics(doc, { message: "bad", line: 2, column: 7 });
    expect([empty!.from, empty!.to]).toEqual([doc.line(2).from, doc.line(2).from]);
  });

  it("marks nothing for no problem, or one without a line", () => {
    expect(problemDiagnostics(doc, null)).toEqual([]);
    expect(problemDiagnostics(doc, { message: "no @flow", line: null, column: null })).toEqual([]);
  });
});

describe("analysisProblem", () => {
  it("is null for a source Python reads, and the message and place otherwise", () => {
    expect(
      analysisProblem({
        ok: true,
        entry: "main",
        inputs: [],
        outputs: [],
        description: "",
        network: [],
        dependencies: [],
        dependency_lines: [],
      }),
    ).toBeNull();
    expect(
      analysisProblem({
        ok: false,
        code: "syntax_error",
        message: "line 5: '(' was never closed",
        line: 5,
        column: 9,
      }),
    ).toEqual({ message: "line 5: '(' was never closed", line: 5, column: 9 });
  });
});

describe("lintDiagnostics", () => {
  const flow = Text.of(["import json", "def main():", "    return totl + 1", "x = 1"]);

  it("marks the name at each finding's place, with the rule's code and message", () => {
    const [unused, undefinedName] = lintDiagnostics(flow, [
      { line: 1, column: 8, code: "F401", message: "`json` imported but unused" },
      { line: 3, column: 12, code: "F821", message: "Undefined name `totl`" },
    ]);
    expect(flow.sliceString(unused!.from, unused!.to)).toBe("json");
    expect(flow.sliceString(undefinedName!.from, undefinedName!.to)).toBe("totl");
    expect(flow.lineAt(undefinedName!.from).number).toBe(3);
    expect(undefinedName).toMatchObject({
      severity: "warning",
      message: "F821: Undefined name `totl`",
      source: "Ruff",
      markClass: "lint-mark lint-F821",
    });
  });

  it("marks to the end of the line where no name starts, and clamps a stale place", () => {
    const [operator, past] = lintDiagnostics(flow, [
      { line: 3, column: 17, code: "F821", message: "m" },
      { line: 9, column: 40, code: "F811", message: "m" },
    ]);
    expect(flow.sliceString(operator!.from, operator!.to)).toBe("+ 1");
    expect([past!.from, past!.to]).toEqual([flow.length, flow.length]);
  });

  it("marks nothing for no findings", () => {
    expect(lintDiagnostics(flow, [])).toEqual([]);
  });
});
