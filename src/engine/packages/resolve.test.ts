import { describe, expect, it } from "vitest";
import { reachWheels } from "./reach";
import { type Candidate, resolveWheels } from "./resolve";

const wheels: Candidate[] = [
  { name: "tinypkg", version: "1.2", requires: ["tinybase>=1.0,<2", 'docs-only; extra == "docs"'] },
  { name: "tinybase", version: "1.5", requires: ['winonly; sys_platform == "win32"'] },
  { name: "old", version: "0.9", requires: [] },
  { name: "needs-missing", version: "1.0", requires: ["ghost>=3"] },
];

describe("resolveWheels", () => {
  it("takes the declared packages and what they require, markers evaluated", () => {
    expect(resolveWheels(["tinypkg>=1"], wheels)).toEqual({
      ok: true,
      names: ["tinypkg", "tinybase"],
    });
    expect(resolveWheels([], wheels)).toEqual({ ok: true, names: [] });
  });

  it("names a package that is not added, who needs it and where to add it", () => {
    const missing = resolveWheels(["nothere>=2"], wheels);
    expect(missing.ok).toBe(false);
    if (missing.ok) return;
    expect(missing.message).toContain("'nothere'");
    expect(missing.message).toContain("nothere>=2");
    expect(missing.message).toContain("heroLogic.packages.add");
    expect(missing.message).toContain("Packages page");
    const deep = resolveWheels(["needs-missing"], wheels);
    expect(!deep.ok && deep.message).toMatch(/'ghost'.*required by needs-missing 1.0/);
    const extra = resolveWheels(["tinypkg[docs]"], wheels);
    expect(!extra.ok && extra.message).toMatch(/'docs-only'/);
  });

  it("names a constraint the added version does not meet", () => {
    const result = resolveWheels(["old>=1.0"], wheels);
    expect(!result.ok && result.message).toMatch(/'old' 0.9 is added, but .* requires old>=1.0/);
    const tight = resolveWheels(["tinypkg", "tinybase>=2"], wheels);
    expect(!tight.ok && tight.message).toMatch(/tinybase' 1.5 is added/);
  });

  it("refuses a declared string that is not a requirement", () => {
    expect(resolveWheels(["not valid!!"], wheels).ok).toBe(false);
  });
});

describe("reachWheels", () => {
  it("goes on past what is missing: every wheel reached, each missing package once", () => {
    const declared = ["needs-missing", "nothere", "old>=1.0", "tinypkg[docs]", "ghost", "bad!!"];
    expect(reachWheels(declared, wheels)).toEqual({
      needed: ["needs-missing", "tinypkg", "tinybase"],
      missing: ["nothere", "old", "ghost", "docs-only"],
    });
  });

  it("finds what resolveWheels installs where nothing is missing", () => {
    expect(reachWheels(["tinypkg>=1"], wheels)).toEqual({
      needed: ["tinypkg", "tinybase"],
      missing: [],
    });
  });
});
