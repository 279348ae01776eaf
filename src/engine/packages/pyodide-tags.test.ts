import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadableTags, PYODIDE_ABI, PYODIDE_PLATFORM, PYODIDE_PYTHON } from "./pyodide-tags";

interface Lock {
  info: { abi_version: string; platform: string; python: string };
  packages: Record<string, { file_name: string }>;
}

const lock = JSON.parse(
  readFileSync(new URL("../../../node_modules/pyodide/pyodide-lock.json", import.meta.url), "utf8"),
) as Lock;

describe("the tags this Pyodide loads", () => {
  it("are those of the installed Pyodide", () => {
    expect({
      abi_version: PYODIDE_ABI,
      platform: PYODIDE_PLATFORM,
      python: PYODIDE_PYTHON,
    }).toEqual({
      abi_version: lock.info.abi_version,
      platform: lock.info.platform,
      python: lock.info.python,
    });
  });

  it("take every wheel of its own distribution (numpy, pandas, …)", () => {
    const wheels = Object.values(lock.packages)
      .map((p) => p.file_name)
      .filter((name) => name.endsWith(".whl"));
    const refused = wheels.filter((name) => {
      const [python, abi, platform] = name.slice(0, -4).split("-").slice(-3) as [
        string,
        string,
        string,
      ];
      return !loadableTags(python, abi, platform);
    });
    expect(wheels.length).toBeGreaterThan(100);
    expect(refused).toEqual([]);
  });

  it("refuse other platforms and Pythons", () => {
    expect(loadableTags("cp314", "cp314", "manylinux_2_17_x86_64")).toBe(false);
    expect(loadableTags("cp313", "cp313", `pyemscripten_${PYODIDE_ABI}_wasm32`)).toBe(false);
    expect(loadableTags("cp314", "cp314", "pyemscripten_2025_0_wasm32")).toBe(false);
    expect(loadableTags("py2", "none", "any")).toBe(false);
  });
});
