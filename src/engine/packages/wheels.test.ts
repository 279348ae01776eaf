import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { strToU8, zipSync } from "fflate";
import lock from "pyodide/pyodide-lock.json";
import { describe, expect, it } from "vitest";
import { HeroDb } from "../../db/schema";
import { rejection } from "../../test-support/test-engine";
import { makeWheel } from "../../test-support/wheels";
import { createPackages } from "./packages";
import { loadableTags, PYODIDE_ABI, PYODIDE_PLATFORM, PYODIDE_PYTHON } from "./pyodide-tags";
import { MAX_WHEEL_BYTES, readWheel } from "./wheels";

const freshPackages = () => {
  const db = new HeroDb("test", { indexedDB: new IDBFactory(), IDBKeyRange });
  return { db, packages: createPackages(db) };
};

describe("this Pyodide's tags", () => {
  it("are the installed Pyodide's (pyodide-lock.json)", () => {
    expect({ python: PYODIDE_PYTHON, abi: PYODIDE_ABI, platform: PYODIDE_PLATFORM }).toEqual({
      python: lock.info.python,
      abi: lock.info.abi_version,
      platform: lock.info.platform,
    });
  });

  it("take pure-Python wheels and Pyodide-built ones for this Python only", () => {
    expect(loadableTags("py3", "none", "any")).toBe(true);
    expect(loadableTags("py2.py3", "none", "any")).toBe(true);
    expect(loadableTags("py2", "none", "any")).toBe(false);
    expect(loadableTags("cp314", "cp314", `pyodide_${PYODIDE_ABI}_wasm32`)).toBe(true);
    expect(loadableTags("cp314", "cp314", `${PYODIDE_PLATFORM}_wasm32`)).toBe(true);
    expect(loadableTags("cp312", "abi3", `pyodide_${PYODIDE_ABI}_wasm32`)).toBe(true);
    expect(loadableTags("cp313", "cp313", "pyodide_2025_0_wasm32")).toBe(false);
    expect(loadableTags("cp314", "cp314", "manylinux_2_17_x86_64")).toBe(false);
    expect(loadableTags("py3", "none", "win_amd64")).toBe(false);
  });
});

describe("readWheel", () => {
  it("reads a wheel's name, version and Requires-Dist", async () => {
    const { bytes, filename } = makeWheel({
      name: "Tiny_Pkg",
      version: "1.0",
      requires: ["base>=1.0", 'extra-thing; extra == "x"'],
    });
    const info = await readWheel(bytes, filename);
    expect(info).toMatchObject({
      name: "tiny-pkg",
      version: "1.0",
      filename: "Tiny_Pkg-1.0-py3-none-any.whl",
      size: bytes.byteLength,
      requires: ["base>=1.0", 'extra-thing; extra == "x"'],
    });
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  const refused = async (bytes: Uint8Array, filename: string) =>
    (await rejection(readWheel(bytes, filename))).message;

  it("refuses what is not a wheel, saying why", async () => {
    const good = makeWheel({ name: "tiny", version: "1.0" });
    expect(await refused(strToU8("not a zip"), "tiny-1.0-py3-none-any.whl")).toMatch(/not a zip/);
    expect(await refused(good.bytes, "tiny.zip")).toMatch(/not a wheel's file name/);
    expect(await refused(good.bytes, "tiny-one-py3-none-any.whl")).toMatch(/not a version/);
    expect(await refused(good.bytes, "tiny-1.0-cp311-cp311-manylinux_2_17_x86_64.whl")).toMatch(
      /cannot load/,
    );
    const noMeta = zipSync({ "tiny/__init__.py": strToU8("") });
    expect(await refused(noMeta, "tiny-1.0-py3-none-any.whl")).toMatch(/dist-info\/METADATA/);
    const otherName = makeWheel({ name: "tiny", version: "1.0", metaName: "other" });
    expect(await refused(otherName.bytes, otherName.filename)).toMatch(/names 'other'/);
    const otherVersion = makeWheel({ name: "tiny", version: "1.0", metaVersion: "2.0" });
    expect(await refused(otherVersion.bytes, otherVersion.filename)).toMatch(/version '2.0'/);
    const badRequire = makeWheel({ name: "tiny", version: "1.0", requires: ["base >= one"] });
    expect(await refused(badRequire.bytes, badRequire.filename)).toMatch(/Requires-Dist/);
    const big = new Uint8Array(MAX_WHEEL_BYTES + 1);
    expect(await refused(big, "tiny-1.0-py3-none-any.whl")).toMatch(/at most/);
  });
});

describe("packages", () => {
  it("adds, lists and deletes wheels; a second wheel of a package is refused", async () => {
    const { packages, db } = freshPackages();
    const one = makeWheel({ name: "tiny", version: "1.0" });
    const added = await packages.add(one.bytes.buffer as ArrayBuffer, one.filename);
    expect(added).toMatchObject({ name: "tiny", version: "1.0" });
    expect(added).not.toHaveProperty("bytes");
    const two = makeWheel({ name: "Tiny", version: "2.0" });
    const again = await rejection(packages.add(two.bytes, two.filename));
    expect(again.code).toBe("invalid_input");
    expect(again.message).toMatch(/already added.*delete it first/);
    expect((await db.packages.get("tiny"))?.version).toBe("1.0");
    expect((await packages.list()).map((p) => p.version)).toEqual(["1.0"]);
    await packages.delete("TINY");
    expect(await packages.list()).toEqual([]);
    expect((await rejection(packages.delete("tiny"))).code).toBe("not_found");
    await packages.add(two.bytes, two.filename);
    expect((await packages.list()).map((p) => p.version)).toEqual(["2.0"]);
  });

  it("stores nothing for a refused wheel", async () => {
    const { packages, db } = freshPackages();
    const error = await rejection(packages.add(strToU8("junk"), "junk-1.0-py3-none-any.whl"));
    expect(error.code).toBe("invalid_input");
    expect((await rejection(packages.add("text" as never, "x.whl"))).code).toBe("invalid_input");
    expect(await db.packages.count()).toBe(0);
  });
});
