import { describe, expect, it } from "vitest";
import { BAD_HEADERS } from "../../test-support/header-vectors";
import { declaredDependencies, readScriptHeader } from "./script-header";

const withHeader = (header: string) => `"""A flow with packages."""
${header}
from hero_logic import flow
`;

describe("readScriptHeader: the one reader of a flow's PEP 723 header", () => {
  it("reads the dependencies as written, each at its line", () => {
    const source = withHeader(`# /// script
# requires-python = ">=3.12"
# dependencies = [
#   "tinypkg",
#   "attrs>=23",
# ]
# ///`);
    expect(readScriptHeader(source)).toEqual({
      ok: true,
      dependencies: ["tinypkg", "attrs>=23"],
      lines: [5, 6],
    });
  });

  it("reads none without a header, in another kind of block, or without a dependencies key", () => {
    expect(readScriptHeader(withHeader(""))).toEqual({ ok: true, dependencies: [], lines: [] });
    expect(readScriptHeader(withHeader('# /// pyproject\n# x = "y"\n# ///'))).toMatchObject({
      ok: true,
      dependencies: [],
    });
    expect(readScriptHeader(withHeader('# /// script\n# requires-python = ">=3"\n# ///'))).toEqual({
      ok: true,
      dependencies: [],
      lines: [],
    });
  });

  it.each(BAD_HEADERS)("refuses %j at its line", (header, line, says) => {
    const read = readScriptHeader(withHeader(header));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.line).toBe(line);
    expect(read.message).toContain(`line ${line}:`);
    expect(read.message).toContain(says);
  });

  it("declaredDependencies: what a bad header declares is nothing (saving says why)", () => {
    expect(
      declaredDependencies(withHeader('# /// script\n# dependencies = ["a",,]\n# ///')),
    ).toEqual([]);
    expect(declaredDependencies(withHeader('# /// script\n# dependencies = ["a"]\n# ///'))).toEqual(
      ["a"],
    );
  });
});
