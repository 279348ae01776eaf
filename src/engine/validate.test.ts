import { describe, expect, it } from "vitest";
import type { FieldType, FlowField } from "../db/records";
import { engineVerdict, expectedVerdict, fieldVectors } from "../test-support/field-vectors";
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

describe("the shared field vectors (src/test-support/field-vectors.json), in the engine", () => {
  // The SDK's tests run the same vectors in Python (pysdk/tests/fields.test.ts).
  it.each(fieldVectors().map((vector) => [vector.case, vector] as const))("%s", (_, vector) => {
    expect(engineVerdict(vector.fields, vector.values)).toEqual(expectedVerdict(vector));
  });
});

describe("field validation", () => {
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
