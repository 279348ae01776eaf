import { describe, expect, it } from "vitest";
import type { PackageInfo } from "../engine/packages/packages";
import type { SiteWheel } from "../engine/packages/site-wheels";
import { packageRows } from "./rows";

const added: PackageInfo[] = [
  {
    name: "top",
    version: "2.0",
    filename: "top-2.0-py3-none-any.whl",
    size: 900,
    sha256: "a".repeat(64),
    requires: ["base>=1"],
    added_at: 1,
  },
  {
    name: "numpy",
    version: "2.9",
    filename: "numpy-2.9-py3-none-any.whl",
    size: 100,
    sha256: "b".repeat(64),
    requires: [],
    added_at: 2,
  },
];
const shipped: SiteWheel[] = [
  {
    name: "base",
    version: "1.5",
    filename: "base-1.5-py3-none-any.whl",
    size: 50,
    sha256: "c".repeat(64),
    requires: [],
  },
  {
    name: "numpy",
    version: "2.2.5",
    filename: "numpy-2.2.5-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
    size: 3_000_000,
    sha256: "d".repeat(64),
    requires: [],
  },
];

describe("the Packages page's rows", () => {
  it("lists added and shipped wheels by name; an added wheel replaces a shipped one", () => {
    const { rows } = packageRows(added, shipped, []);
    expect(rows.map((r) => [r.name, r.version, r.source, r.tags, r.replacesShipped])).toEqual([
      ["base", "1.5", "site", "py3-none-any", null],
      [
        "numpy",
        "2.9",
        "added",
        "py3-none-any",
        "numpy-2.2.5-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
      ],
      ["top", "2.0", "added", "py3-none-any", null],
    ]);
  });

  it("names the flows that need each wheel, through requirements too, and what is missing", () => {
    const { rows, missing } = packageRows(added, shipped, [
      { name: "uses_top", dependencies: ["top"] },
      { name: "plain", dependencies: [] },
      { name: "wants_ghost", dependencies: ["ghost>=1", "top"] },
      { name: "old_record", dependencies: undefined as unknown as string[] },
    ]);
    const deep = packageRows(
      [{ ...added[0]!, requires: ["tzdata"] }],
      [],
      [{ name: "uses_top", dependencies: ["top"] }],
    );
    expect(deep.missing).toEqual([{ name: "tzdata", neededBy: ["uses_top"] }]);
    const needed = Object.fromEntries(rows.map((r) => [r.name, r.neededBy]));
    expect(needed).toEqual({ base: ["uses_top"], numpy: [], top: ["uses_top", "wants_ghost"] });
    expect(missing).toEqual([{ name: "ghost", neededBy: ["wants_ghost"] }]);
  });
});
