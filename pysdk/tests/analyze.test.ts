import { describe, expect, it } from "vitest";
import { nodePython } from "../../src/test-support/node-python";
import type { AnalyzeResult } from "../../src/wire/records";

async function analyze(source: string): Promise<AnalyzeResult> {
  return (await nodePython()).analyze(source);
}

/** The problem of a failed analysis (fails the test when it succeeded). */
async function problem(source: string) {
  const result = await analyze(source);
  if (result.ok) throw new Error(`expected a problem, got entry ${result.entry}`);
  return result;
}

describe("analyze: reading a flow without running it", () => {
  it("reads inputs and outputs from @flow(inputs=, outputs=), with defaults filled", async () => {
    const result = await analyze(`"""Greets people."""
from hero_logic import flow

@flow(
    inputs=[
        {"name": "who", "field_type": "str", "default": "Ada", "description": "Whom to greet"},
        {"name": "tone", "field_type": "choice", "options": ["plain", "loud"]},
        {"name": "note", "field_type": "text", "required": False},
    ],
    outputs=[{"name": "message", "field_type": "text"}],
)
def main(who, tone, note=None):
    raise SystemExit("never executed")
`);
    expect(result).toEqual({
      ok: true,
      entry: "main",
      description: "Greets people.",
      inputs: [
        {
          name: "who",
          field_type: "str",
          description: "Whom to greet",
          required: true,
          default: "Ada",
          options: [],
        },
        {
          name: "tone",
          field_type: "choice",
          description: "",
          required: true,
          default: null,
          options: ["plain", "loud"],
        },
        {
          name: "note",
          field_type: "text",
          description: "",
          required: false,
          default: null,
          options: [],
        },
      ],
      outputs: [
        {
          name: "message",
          field_type: "text",
          description: "",
          required: true,
          default: null,
          options: [],
        },
      ],
    });
  });

  it("reads inputs from the entry's signature: annotations give types, defaults make them optional", async () => {
    const result = await analyze(`from hero_logic import flow

@flow
def helper(x):
    return x

@flow
def run(topic: str, count: int = 3, ratio: float = 0.5, loud: bool = False,
        tags: list = ["a"], *, extra: dict = {"k": 1}, anything=None):
    """Docstring of the entry."""
    return helper(topic)
`);
    if (!result.ok) throw new Error(result.message);
    expect(result.entry).toBe("run");
    expect(result.description).toBe("Docstring of the entry.");
    expect(result.outputs).toEqual([]);
    expect(result.inputs.map((f) => [f.name, f.field_type, f.required, f.default])).toEqual([
      ["topic", "str", true, null],
      ["count", "int", false, 3],
      ["ratio", "float", false, 0.5],
      ["loud", "bool", false, false],
      ["tags", "json", false, ["a"]],
      ["extra", "json", false, { k: 1 }],
      ["anything", "str", false, null],
    ]);
  });

  it("gives a syntax error with its line and column, and Python's own message", async () => {
    const broken = await problem(
      'from hero_logic import flow\n\n@flow\ndef main():\n    return {"a": 1\n',
    );
    expect(broken.code).toBe("syntax_error");
    expect(broken.line).toBe(5);
    expect(broken.column).toBeGreaterThan(0);
    expect(broken.message).toMatch(/^line 5: '\{' was never closed/);

    const indent = await problem("from hero_logic import flow\n@flow\ndef main():\nreturn 1\n");
    expect(indent).toMatchObject({ code: "syntax_error", line: 4 });
    expect(indent.message).toMatch(/expected an indented block/);
  });

  it("says when there is no @flow entry, and when the entry is ambiguous", async () => {
    const none = await problem("def main():\n    return 1\n");
    expect(none).toMatchObject({ code: "no_entry", line: null });
    expect(none.message).toMatch(/no @flow function/);

    const two = await problem(
      "from hero_logic import flow\n@flow\ndef a():\n    pass\n\n@flow\ndef b():\n    pass\n",
    );
    expect(two).toMatchObject({ code: "ambiguous_entry", line: 7 });
    expect(two.message).toMatch(/several @flow functions could be the entry \(a, b\)/);
  });

  it("rejects fields that are not literal, or of an unknown type, at the decorator's line", async () => {
    const computed = await problem(
      "from hero_logic import flow\nFIELDS = []\n@flow(inputs=FIELDS)\ndef main():\n    pass\n",
    );
    expect(computed).toMatchObject({ code: "invalid_fields", line: 3 });
    expect(computed.message).toMatch(/inputs= must be a literal list of dicts/);

    const unknown = await problem(
      'from hero_logic import flow\n@flow(inputs=[{"name": "x", "field_type": "date"}])\ndef main(x):\n    pass\n',
    );
    expect(unknown).toMatchObject({ code: "invalid_fields", line: 2 });
    expect(unknown.message).toMatch(/unknown field_type 'date'/);
  });

  it("names the line of half a surrogate pair (pasted text) instead of failing", async () => {
    const broken = await problem(
      'from hero_logic import flow\n@flow\ndef main():\n    return "a\udcffb"\n',
    );
    expect(broken).toMatchObject({ code: "syntax_error", line: 4, column: 14 });
    expect(broken.message).toMatch(/^line 4: a broken character \(U\+DCFF/);
  });
});
