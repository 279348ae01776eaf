import { describe, expect, it } from "vitest";
import { markerHolds } from "./markers";
import { normalizeName, parseRequirement } from "./requirements";

describe("requirements (PEP 508 subset)", () => {
  it("reads a name, extras and specifiers", () => {
    expect(parseRequirement("Tiny_Pkg", false)).toMatchObject({
      name: "tiny-pkg",
      extras: [],
      specifiers: [],
      marker: null,
    });
    expect(parseRequirement("attrs[tests, Docs] >=23,<24", false)).toMatchObject({
      name: "attrs",
      extras: ["tests", "docs"],
      specifiers: [
        { op: ">=", version: "23" },
        { op: "<", version: "24" },
      ],
    });
    expect(parseRequirement("attrs (>=23)", false)).toMatchObject({
      specifiers: [{ op: ">=", version: "23" }],
    });
  });

  it("refuses what it cannot resolve, saying why", () => {
    expect(parseRequirement("", false)).toMatch(/must start with a package name/);
    expect(parseRequirement(">=1.0", false)).toMatch(/must start with a package name/);
    expect(parseRequirement("pkg >= one", false)).toMatch(/not a version/);
    expect(parseRequirement("pkg @ https://x.example/p.whl", false)).toMatch(/URL requirement/);
    expect(parseRequirement('pkg; python_version >= "3.8"', false)).toMatch(/markers/);
    expect(parseRequirement("pkg!!", false)).toMatch(/not a version specifier/);
  });

  it("keeps a wheel's marker", () => {
    expect(parseRequirement('pkg>=1; extra == "x"', true)).toMatchObject({
      name: "pkg",
      marker: 'extra == "x"',
    });
  });

  it("normalizes names (PEP 503)", () => {
    expect(normalizeName("Foo.Bar__baz")).toBe("foo-bar-baz");
  });
});

describe("markers, for this Pyodide", () => {
  it("evaluates the environment and extras", () => {
    expect(markerHolds('python_version >= "3.8"', [])).toBe(true);
    expect(markerHolds('python_version < "3.8"', [])).toBe(false);
    expect(markerHolds('"3.8" <= python_version', [])).toBe(true);
    expect(markerHolds('sys_platform == "win32"', [])).toBe(false);
    expect(markerHolds('sys_platform == "emscripten" and os_name == "posix"', [])).toBe(true);
    expect(markerHolds('extra == "tests"', [])).toBe(false);
    expect(markerHolds('extra == "tests"', ["tests"])).toBe(true);
    expect(markerHolds('(extra == "a" or extra == "b") and python_version > "3"', ["b"])).toBe(
      true,
    );
    expect(markerHolds("nonsense ~~ here", [])).toBe(false);
  });
});
