import { Text } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { problemDiagnostics } from "./diagnostics";
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
