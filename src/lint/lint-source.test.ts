import { describe, expect, it } from "vitest";
import { nodeRuffWorkspace } from "../test-support/ruff-node";
import { declaredDistributions, importNamesOf } from "./dependencies";
import { lintSource } from "./lint-source";

const lint = (source: string) => lintSource(nodeRuffWorkspace(), source);

describe("lintSource", () => {
  it("reports an undefined name, an unused import and a redefinition at their places", () => {
    const source = [
      "import json",
      "from hero_logic import flow, http, secret",
      "",
      "def helper():",
      "    return 1",
      "",
      "def helper():",
      "    return 2",
      "",
      "@flow",
      "def main():",
      "    http.get(secret('A'))",
      "    return totl + len([])",
    ].join("\n");
    expect(lint(source)).toEqual([
      { line: 1, column: 8, code: "F401", message: "`json` imported but unused" },
      {
        line: 7,
        column: 5,
        code: "F811",
        message: "Redefinition of unused `helper` from line 4: `helper` redefined here",
      },
      { line: 13, column: 12, code: "F821", message: "Undefined name `totl`" },
    ]);
  });

  it("counts columns in UTF-16 code units, as the editor does", () => {
    expect(lint('s = "😀"; x = nope\n')).toEqual([
      expect.objectContaining({ line: 1, column: 15, code: "F821" }),
    ]);
  });

  it("reports imports of modules that are not there, but not those the header declares", () => {
    const source = [
      "# /// script",
      '# dependencies = ["Tiny-Pkg>=1", "zope.interface", "attrs[extra]; python_version>\'3\'"]',
      "# ///",
      "import os.path, tiny_pkg as t, requests",
      "from zope.interface import Interface",
      "from attrs import define",
      "from . import sibling",
      "import _thread, __future__",
      "from hero_logic import flow",
      'text = """',
      "import not_an_import",
      '"""',
      "print(os.path, t, requests, Interface, define, sibling, _thread, __future__, flow)",
    ].join("\n");
    expect(lint(source)).toEqual([
      expect.objectContaining({ line: 4, column: 32, code: "unresolved-import" }),
    ]);
    expect(lint(source)[0]!.message).toContain("`requests`");
    expect(lint("import attrs\nprint(attrs)\n")).toEqual([
      expect.objectContaining({ line: 1, column: 8, code: "unresolved-import" }),
    ]);
  });

  it("leaves a syntax error to the syntax check", () => {
    expect(lint("def (:\n")).toEqual([]);
  });
});

describe("declared dependencies", () => {
  it("reads the requirement names of a PEP 723 header, and none from a bad one", () => {
    const header = (toml: string) => `# /// script\n${toml}\n# ///\nprint(1)\n`;
    expect(
      declaredDistributions(header('# dependencies = ["a-b>=2", "c[x]", " d ; os_name==\'x\'"]')),
    ).toEqual(["a-b", "c", "d"]);
    // Saving refuses this header, so the lint reads nothing from it either (one reader).
    expect(declaredDistributions(header("# dependencies = [1, 'ok']"))).toEqual([]);
    expect(declaredDistributions(header("# dependencies = ["))).toEqual([]);
    expect(declaredDistributions('# dependencies = ["loose"]\n')).toEqual([]);
  });

  it("maps a distribution name to its import names by the normalization rule", () => {
    expect(importNamesOf("Typing-Extensions")).toEqual(["typing_extensions"]);
    expect(importNamesOf("zope.interface")).toEqual(["zope_interface", "zope"]);
    expect(importNamesOf("a__b--c")).toEqual(["a_b_c"]);
  });
});
