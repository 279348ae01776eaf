import { describe, expect, it } from "vitest";
import { withScriptHeader } from "../../src/engine/packages/script-header";
import { BAD_HEADERS } from "../../src/test-support/header-vectors";
import { nodePython } from "../../src/test-support/node-python";
import { rejection, testEngine } from "../../src/test-support/test-engine";
import type { AnalyzeResult } from "../../src/wire/records";

/** What `workflows.analyze` returns: Python's reading, and the engine's of the PEP 723 header. */
async function analyze(source: string): Promise<AnalyzeResult> {
  return withScriptHeader(await (await nodePython()).analyze(source), source);
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
      network: [],
      dependencies: [],
      dependency_lines: [],
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

describe("analyze: the origins @flow(network=[...]) declares", () => {
  const declaring = (network: string) => `from hero_logic import flow

@flow(network=${network})
def main():
    return 1
`;

  it("reads them normalized (lower case, no default port, no trailing slash), each once", async () => {
    const result = await analyze(
      declaring(
        '["https://API.Example.com/", "https://api.example.com:443", "http://localhost:8787", "http://127.0.0.1", "https://x.example:8443"]',
      ),
    );
    expect(result).toMatchObject({
      ok: true,
      network: [
        "https://api.example.com",
        "http://localhost:8787",
        "http://127.0.0.1",
        "https://x.example:8443",
      ],
    });
  });

  it.each([
    ['["https://api.example.com/search"]', "has a path"],
    ['["https://api.example.com?q=1"]', "has a path"],
    ['["ftp://files.example.com"]', "scheme 'ftp'"],
    ['["api.example.com"]', "no scheme"],
    ['["http://api.example.com"]', "plain http to another machine"],
    ['["http://10.0.0.1:8080"]', "plain http to another machine"],
    ['["http://[::1]:8080"]', "plain http to another machine"],
    ['["https://*.example.com"]', "not an origin"],
    ['["https://user:pw@api.example.com"]', "not an origin"],
    ['["https://api.example.com:99999"]', "not an origin"],
    ['"https://api.example.com"', "must be a list"],
    ["[1]", "must be a list of origins as text"],
    ["[ORIGIN]", "must be a literal list"],
  ])("refuses network=%s at the decorator's line: %s", async (network, says) => {
    const result = await problem(declaring(network));
    expect(result.code).toBe("invalid_network");
    expect(result.line).toBe(3);
    expect(result.message).toContain("network=");
    expect(result.message).toContain(says);
  });

  it("is refused at save with the same message", async () => {
    const { api } = testEngine();
    const refused = await rejection(
      api.workflows.save({ name: "bad", source: declaring('["https://a.example/x"]') }),
    );
    expect(refused.code).toBe("invalid_network");
    expect(refused.message).toContain(
      "has a path or query: declare the origin only, https://a.example",
    );
    expect(refused.line).toBe(3);
  });
});

describe("analyze: the dependencies of the PEP 723 header", () => {
  const withHeader = (header: string) => `"""A flow with packages."""
${header}
from hero_logic import flow

@flow
def main():
    raise SystemExit("never executed")
`;

  it("reads them as written, with their lines, without running anything", async () => {
    const result = await analyze(
      withHeader(`# /// script
# requires-python = ">=3.12"
# dependencies = [
#   "tinypkg",
#   "attrs>=23",
# ]
# ///`),
    );
    expect(result).toMatchObject({
      ok: true,
      dependencies: ["tinypkg", "attrs>=23"],
      dependency_lines: [5, 6],
    });
  });

  it("reads none without a header, or another kind of block", async () => {
    expect(await analyze(withHeader(""))).toMatchObject({ dependencies: [] });
    const other = await analyze(withHeader('# /// pyproject\n# x = "y"\n# ///'));
    expect(other).toMatchObject({ ok: true, dependencies: [] });
  });

  it.each(BAD_HEADERS)("refuses %j at its line", async (header, line, says) => {
    const result = await problem(withHeader(header));
    expect(result.code).toBe("invalid_dependencies");
    expect(result.line).toBe(line);
    expect(result.message).toContain(`line ${line}:`);
    expect(result.message).toContain(says);
  });

  it("saves them on the workflow and its version; a bad requirement is refused, nothing stored", async () => {
    const { api, db } = testEngine();
    const saved = await api.workflows.save({
      name: "with_packages",
      source: withHeader('# /// script\n# dependencies = ["tinypkg", "attrs>=23"]\n# ///'),
    });
    expect(saved.dependencies).toEqual(["tinypkg", "attrs>=23"]);
    const [version] = await api.workflows.versions("with_packages");
    expect(version?.dependencies).toEqual(["tinypkg", "attrs>=23"]);
    const refused = await rejection(
      api.workflows.save({
        name: "with_packages",
        source: withHeader(
          '# /// script\n# dependencies = [\n#   "ok",\n#   "bad >= one",\n# ]\n# ///',
        ),
      }),
    );
    expect(refused.code).toBe("invalid_dependencies");
    expect(refused.line).toBe(5);
    expect(refused.message).toMatch(/^line 5: 'bad >= one'/);
    const marker = await rejection(
      api.workflows.save({
        name: "with_marker",
        source: withHeader("# /// script\n# dependencies = ['a; python_version > \"3\"']\n# ///"),
      }),
    );
    expect(marker.message).toMatch(/markers/);
    expect(await db.versions.count()).toBe(1);
    expect(await db.workflows.count()).toBe(1);
  });
});
