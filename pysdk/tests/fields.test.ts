import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { FIELD_VECTORS_PATH, fieldVectors } from "../../src/test-support/field-vectors";
import { nodePyodide, nodePython } from "../../src/test-support/node-python";

/**
 * The SDK's verdict on vector `index`, judged in Python: the file is read by Python's json, so
 * an integer is exact and 2.0 is a float, as a flow's own values are. `same` compares types too
 * (the flow of an int field gets an int, never 2.0).
 */
const JUDGE = `
import json
from hero_logic._fields import normalize_fields, validate_fields

def _same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b

def _problems(message):
    detail = message.split("invalid inputs: ", 1)[1]
    return dict(problem.split(": ", 1) for problem in detail.split("; "))

def judge(text, index):
    file = json.loads(text)
    vector = file["vectors"][index]
    fields = vector["fields"]
    fields = normalize_fields(file["field_sets"][fields] if isinstance(fields, str) else fields)
    try:
        verdict = {"accepted": validate_fields(fields, vector["values"], "inputs")}
    except ValueError as e:
        verdict = {"refused": _problems(str(e))}
    if "python_accepted" in vector:
        expected = {"accepted": vector["python_accepted"]}
    else:
        expected = {k: vector[k] for k in ("accepted", "refused") if k in vector}
    return json.dumps({"same": _same(verdict, expected), "got": repr(verdict)})
`;

let judge: (index: number) => { same: boolean; got: string };

beforeAll(async () => {
  await nodePython(); // the SDK is installed
  const py = await nodePyodide();
  const scope = py.globals.get("dict")();
  py.runPython(JUDGE, { globals: scope });
  const text = readFileSync(FIELD_VECTORS_PATH, "utf8");
  const judgeInPython = scope.get("judge");
  judge = (index) => JSON.parse(judgeInPython(text, index));
});

describe("the shared field vectors (src/test-support/field-vectors.json), in the SDK", () => {
  it.each(fieldVectors().map((vector, index) => [vector.case, index] as const))(
    "%s",
    (_, index) => {
      const { same, got } = judge(index);
      expect(same, `validate_fields gave ${got}`).toBe(true);
    },
  );
});
