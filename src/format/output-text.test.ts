import { describe, expect, it } from "vitest";
import type { FlowField } from "../db/records";
import { otherOutputs, textOutputs } from "./output-text";

const field = (name: string, field_type: FlowField["field_type"]): FlowField =>
  ({ name, field_type }) as FlowField;

describe("textOutputs", () => {
  it("takes the string values of the fields declared text, in declared order", () => {
    const fields = [field("review", "json"), field("code", "text"), field("notes", "text")];
    const output = { notes: "a\nb", code: "def f():\n    return 1\n", review: { lines: 2 } };
    expect(textOutputs(output, fields)).toEqual([
      { name: "code", text: "def f():\n    return 1\n" },
      { name: "notes", text: "a\nb" },
    ]);
  });

  it("skips text fields that hold no string, and outputs without text fields", () => {
    expect(textOutputs({ code: 3 }, [field("code", "text")])).toEqual([]);
    expect(textOutputs({ code: "x" }, [field("code", "str")])).toEqual([]);
    expect(textOutputs({ code: "x" }, undefined)).toEqual([]);
    expect(textOutputs(["x"], [field("code", "text")])).toEqual([]);
    expect(textOutputs({ toString: "x" }, [field("constructor", "text")])).toEqual([]);
  });

  it("takes a bare string when the one declared output is text", () => {
    expect(textOutputs("hi\nthere", [field("summary", "text")])).toEqual([
      { name: "summary", text: "hi\nthere" },
    ]);
    expect(textOutputs("hi", [field("summary", "text"), field("n", "int")])).toEqual([]);
  });
});

describe("otherOutputs", () => {
  it("keeps what is not shown as text", () => {
    const texts = [{ name: "code", text: "x" }];
    expect(otherOutputs({ code: "x", review: { lines: 2 } }, texts)).toEqual({
      review: { lines: 2 },
    });
    expect(otherOutputs({ code: "x" }, texts)).toBeUndefined();
    expect(otherOutputs("x", texts)).toBeUndefined();
  });
});
