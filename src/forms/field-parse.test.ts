import { describe, expect, it } from "vitest";
import type { FieldType, FlowField } from "../db/records";
import type { HeroError } from "../engine/errors";
import { validateFields } from "../engine/validate";
import {
  engineVerdict,
  expectedVerdict,
  type FieldVector,
  fieldVectors,
  type Verdict,
} from "../test-support/field-vectors";
import { initialRaw, parseFields, parseRaw, type RawValue } from "./field-parse";

function field(field_type: FieldType, extra: Partial<FlowField> = {}): FlowField {
  return {
    name: "x",
    field_type,
    description: "",
    required: true,
    default: null,
    options: [],
    ...extra,
  };
}

/** What the engine says about the value the form would send: null when it accepts it. */
function engineSays(f: FlowField, value: unknown): string | null {
  try {
    validateFields([f], { x: value }, "inputs");
    return null;
  } catch (error) {
    return (error as HeroError).fields.x ?? (error as Error).message;
  }
}

describe("parseRaw", () => {
  it("reads whole numbers written in digits, spaces around them ignored", () => {
    const int = field("int");
    expect(parseRaw(int, " 7 ")).toEqual({ value: 7 });
    expect(parseRaw(int, "+12")).toEqual({ value: 12 });
    expect(parseRaw(int, "-0")).toEqual({ value: 0 });
    expect(Object.is((parseRaw(int, "-0") as { value: number }).value, 0)).toBe(true);
    expect(parseRaw(int, "9007199254740991")).toEqual({ value: 9007199254740991 });
  });

  it("refuses what is not a whole number, saying how to write one", () => {
    const int = field("int");
    expect(parseRaw(int, "2.5")).toEqual({ error: "expected a whole number" });
    expect(parseRaw(int, "1e3")).toEqual({
      error: "expected a whole number in digits, like 1000",
    });
    expect(parseRaw(int, "2.0")).toEqual({ error: "expected a whole number in digits, like 2" });
    expect(parseRaw(int, "1,5")).toEqual({ error: "expected a whole number" });
    expect(parseRaw(int, "0x10")).toEqual({ error: "expected a whole number" });
    expect(parseRaw(int, "9007199254740993")).toEqual({
      error: "too large to keep exactly (at most ±9007199254740991)",
    });
    expect(parseRaw(int, "-9007199254740993")).toEqual({
      error: "too large to keep exactly (at most ±9007199254740991)",
    });
  });

  it("reads decimal numbers and refuses commas, NaN, infinities and overflow", () => {
    const float = field("float");
    expect(parseRaw(float, " 2.5 ")).toEqual({ value: 2.5 });
    expect(parseRaw(float, "1e3")).toEqual({ value: 1000 });
    expect(parseRaw(float, ".5")).toEqual({ value: 0.5 });
    expect(parseRaw(float, "-0.0")).toEqual({ value: 0 });
    expect(parseRaw(float, "1,5")).toEqual({
      error: "expected a number with a dot for decimals, like 1.5",
    });
    expect(parseRaw(float, "NaN")).toEqual({ error: "expected a finite number, like 1.5" });
    expect(parseRaw(float, "-Infinity")).toEqual({ error: "expected a finite number, like 1.5" });
    expect(parseRaw(float, "0x10")).toEqual({ error: "expected a number, like 1.5" });
    expect(parseRaw(float, "1e400")).toEqual({ error: `too large (at most ±${Number.MAX_VALUE})` });
  });

  it("treats only empty text as empty for text fields, spaces being a value as for the engine", () => {
    expect(parseRaw(field("str"), "")).toBeNull();
    expect(parseRaw(field("str"), "   ")).toEqual({ value: "   " });
    expect(engineSays(field("str"), "   ")).toBeNull();
    expect(parseRaw(field("text"), "\n")).toEqual({ value: "\n" });
    expect(parseRaw(field("int"), "  ")).toBeNull();
    expect(parseRaw(field("json"), " \n ")).toBeNull();
  });

  it("says where JSON is broken", () => {
    expect(parseRaw(field("json"), "{")).toMatchObject({
      error: expect.stringMatching(/^invalid JSON: /),
    });
    expect(parseRaw(field("json"), "[1,")).toMatchObject({
      error: expect.stringMatching(/^invalid JSON: /),
    });
    expect(parseRaw(field("json"), ' {"a": [1]} ')).toEqual({ value: { a: [1] } });
    expect(parseRaw(field("json"), "null")).toEqual({
      error: "required (null counts as no value)",
    });
    expect(parseRaw(field("json", { required: false }), "null")).toEqual({ value: null });
  });

  it("accepts a choice only among its options", () => {
    const choice = field("choice", { options: ["fast", "slow"] });
    expect(parseRaw(choice, "")).toBeNull();
    expect(parseRaw(choice, "slow")).toEqual({ value: "slow" });
    expect(parseRaw(choice, "medium")).toEqual({ error: "expected one of fast, slow" });
  });

  it("sends nothing the engine refuses, and refuses nothing the engine accepts for what was typed", () => {
    const texts = [
      "0",
      "-0",
      " 7 ",
      "2.5",
      "1e3",
      "1,5",
      "NaN",
      "Infinity",
      "1e400",
      "9007199254740993",
      "[1,",
      "{}",
      "null",
      "x",
      "   ",
      "true",
    ];
    for (const type of ["str", "text", "int", "float", "json"] as FieldType[]) {
      const f = field(type);
      for (const text of texts) {
        const parsed = parseRaw(f, text);
        if (parsed && "value" in parsed && parsed.value !== null) {
          expect(engineSays(f, parsed.value), `${type} ${JSON.stringify(text)}`).toBeNull();
        }
      }
    }
  });

  it("fills the form from defaults", () => {
    expect(initialRaw(field("json", { default: { a: 1 } }))).toBe('{\n  "a": 1\n}');
    expect(initialRaw(field("bool", { default: true }))).toBe(true);
    expect(initialRaw(field("int", { default: 3 }))).toBe("3");
  });
});

/**
 * What a person gets for typing `vector.typed` (the other fields left as the form shows them):
 * the form's own refusals, or the engine's verdict on what the form sends.
 */
function formVerdict(vector: FieldVector): Verdict & { byForm: boolean } {
  const values: Record<string, unknown> = {};
  const refused: Record<string, string> = {};
  for (const f of vector.fields) {
    const raw: RawValue = vector.typed?.[f.name] ?? initialRaw(f);
    const parsed = parseRaw(f, raw);
    if (parsed && "error" in parsed) refused[f.name] = parsed.error;
    else if (parsed) values[f.name] = parsed.value;
  }
  if (Object.keys(refused).length > 0) return { refused, byForm: true };
  return { ...engineVerdict(vector.fields, values), byForm: false };
}

describe("the shared field vectors (src/test-support/field-vectors.json), typed into the form", () => {
  const typed = fieldVectors().filter((vector) => vector.typed !== undefined);

  it.each(typed.map((vector) => [vector.case, vector] as const))("%s", (_, vector) => {
    const { byForm, ...verdict } = formVerdict(vector);
    if (vector.form_refused) {
      expect(verdict, "the form refuses the text itself").toEqual({ refused: vector.form_refused });
      expect(byForm).toBe(true);
    } else {
      expect(verdict).toEqual(expectedVerdict(vector));
    }
  });
});

describe("parseFields", () => {
  it("types what parses, names what does not, and asks for required fields left empty", () => {
    const fields = [
      field("int", { name: "n" }),
      field("choice", { name: "pick", options: ["a", "b"] }),
      field("int", { name: "bad", required: false }),
      field("str", { name: "later", default: "x" }),
    ];
    const raw: Record<string, string> = { n: "3", pick: "", bad: "1.5", later: "" };
    const { values, problems } = parseFields(fields, (f) => raw[f.name] ?? "");
    expect(values).toEqual({ n: 3 });
    expect(problems.pick).toBe("required: choose one of a, b");
    expect(problems.bad).toBeTruthy();
    expect(Object.keys(problems).sort()).toEqual(["bad", "pick"]);
  });
});
