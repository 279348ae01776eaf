import { describe, expect, it } from "vitest";
import type { FieldType, FlowField } from "../db/records";
import { nodePyodide, nodePython } from "../test-support/node-python";
import { HeroError } from "./errors";
import { validateFields } from "./validate";

function field(name: string, field_type: FieldType, extra: Partial<FlowField> = {}): FlowField {
  return {
    name,
    field_type,
    description: "",
    required: true,
    default: null,
    options: [],
    ...extra,
  };
}

const FIELDS: FlowField[] = [
  field("s", "str"),
  field("t", "text", { required: false }),
  field("i", "int", { default: 3 }),
  field("f", "float", { required: false }),
  field("b", "bool"),
  field("c", "choice", { options: ["red", "blue"], required: false }),
  field("j", "json", { required: false }),
];

/** [values, what the flow receives | the per-field problems]. */
const CASES: [
  Record<string, unknown>,
  Record<string, unknown> | { problems: Record<string, string> },
][] = [
  [{ s: "x" }, { s: "x", i: 3, b: false }],
  [
    { s: "x", t: "long", i: 0, f: 1.5, b: true, c: "red", j: { a: [1] } },
    { s: "x", t: "long", i: 0, f: 1.5, b: true, c: "red", j: { a: [1] } },
  ],
  [
    { s: "x", f: 2, j: [1, "two"] },
    { s: "x", i: 3, f: 2, b: false, j: [1, "two"] },
  ],
  [{}, { problems: { s: "required" } }],
  [{ s: "" }, { problems: { s: "required" } }],
  [{ s: 1 }, { problems: { s: "expected text" } }],
  [{ s: "x", i: 1.5 }, { problems: { i: "expected a whole number" } }],
  [{ s: "x", i: "2" }, { problems: { i: "expected a whole number" } }],
  [{ s: "x", i: true }, { problems: { i: "expected a whole number" } }],
  [{ s: "x", f: "1" }, { problems: { f: "expected a number" } }],
  [{ s: "x", b: "yes" }, { problems: { b: "expected true or false" } }],
  [{ s: "x", c: "green" }, { problems: { c: "expected one of red, blue" } }],
  [{ s: "x", colour: "red" }, { problems: { colour: "unknown field" } }],
  [
    { s: 2, b: 0, zz: 1 },
    { problems: { zz: "unknown field", s: "expected text", b: "expected true or false" } },
  ],
];

function typescriptResult(values: Record<string, unknown>) {
  try {
    return validateFields(FIELDS, values, "inputs");
  } catch (error) {
    if (error instanceof HeroError) return { problems: error.fields };
    throw error;
  }
}

async function pythonResult(values: Record<string, unknown>) {
  await nodePython(); // the SDK is installed
  const py = await nodePyodide();
  py.globals.set("case_json", JSON.stringify({ fields: FIELDS, values }));
  const out = py.runPython(`
import json
from hero_logic._fields import validate_fields
case = json.loads(case_json)
try:
    result = validate_fields(case["fields"], case["values"], "inputs")
except ValueError as e:
    problems = dict(p.split(": ", 1) for p in str(e).split("invalid inputs: ", 1)[1].split("; "))
    result = {"problems": problems}
json.dumps(result)
`);
  return JSON.parse(out as string);
}

describe("field validation", () => {
  it.each(CASES)(
    "checks %j the same way in the engine and in the SDK",
    async (values, expected) => {
      expect(typescriptResult(values)).toEqual(expected);
      expect(await pythonResult(values)).toEqual(expected);
    },
  );

  it("names every bad field in the message", () => {
    expect(() => validateFields(FIELDS, { s: 2, i: "x" }, "inputs")).toThrow(
      "invalid inputs: s: expected text; i: expected a whole number",
    );
  });

  it("refuses a whole number JavaScript cannot hold exactly, instead of rounding it", () => {
    expect(() => validateFields(FIELDS, { s: "x", i: 2 ** 64 }, "inputs")).toThrow(
      "i: too large to keep exactly (at most ±9007199254740991)",
    );
    expect(validateFields(FIELDS, { s: "x", i: -9007199254740991 }, "inputs").i).toBe(
      -9007199254740991,
    );
  });

  it("treats fields named like Object's own members as any other field", () => {
    const fields = [field("constructor", "str"), field("toString", "int", { default: 2 })];
    expect(() => validateFields(fields, {}, "inputs")).toThrow(
      "invalid inputs: constructor: required",
    );
    expect(validateFields(fields, { constructor: "c" }, "inputs")).toEqual({
      constructor: "c",
      toString: 2,
    });
  });

  it("rejects a payload that is not an object", () => {
    expect(() => validateFields(FIELDS, [] as never, "inputs")).toThrow("inputs must be an object");
  });
});
