import { describe, expect, it, vi } from "vitest";
import { fakeSite } from "../../test-support/fake-site";
import { makeWheel } from "../../test-support/wheels";
import { availableCandidates, resolveWheels } from "./resolve";
import { createSiteWheels, parseSiteIndex, SITE_INDEX_PATH, siteIndexEntry } from "./site-wheels";

const wheel = makeWheel({ name: "Site_Pkg", version: "1.0", requires: ["site-base>=1"] });

async function siteWith(bytes: Uint8Array, entryBytes = bytes) {
  const entry = await siteIndexEntry(entryBytes, wheel.filename);
  return fakeSite({
    [SITE_INDEX_PATH]: JSON.stringify([entry]),
    [`wheels/${wheel.filename}`]: bytes,
  });
}

describe("the site's wheel index", () => {
  it("is read once and lists each wheel with its name normalized and its requirements", async () => {
    const site = await siteWith(wheel.bytes);
    const wheels = createSiteWheels(site.fetchFile);
    const listed = await wheels.list();
    expect(listed).toEqual([
      expect.objectContaining({
        filename: wheel.filename,
        name: "site-pkg",
        version: "1.0",
        size: wheel.bytes.byteLength,
        requires: ["site-base>=1"],
      }),
    ]);
    await wheels.list();
    expect(site.fetched.get(SITE_INDEX_PATH)).toBe(1);
  });

  it("absent, empty or not an index means no shipped wheels, without an error", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await createSiteWheels(fakeSite({}).fetchFile).list()).toEqual([]);
    expect(await createSiteWheels(fakeSite({ [SITE_INDEX_PATH]: "[]" }).fetchFile).list()).toEqual(
      [],
    );
    const html = fakeSite({ [SITE_INDEX_PATH]: "<!doctype html><p>app</p>" });
    expect(await createSiteWheels(html.fetchFile).list()).toEqual([]);
    expect(await createSiteWheels(async () => null).list()).toEqual([]);
    warn.mockRestore();
  });

  it("is read again after a fetch that failed (offline before it was cached)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const site = await siteWith(wheel.bytes);
    let offline = true;
    const wheels = createSiteWheels(async (path) => {
      if (offline) throw new TypeError("Failed to fetch");
      return site.fetchFile(path);
    });
    expect(await wheels.list()).toEqual([]);
    offline = false;
    expect((await wheels.list()).map((w) => w.name)).toEqual(["site-pkg"]);
    warn.mockRestore();
  });

  it("refuses entries that lack a field or carry a path", () => {
    expect(() => parseSiteIndex({})).toThrow(/not a list/);
    expect(() => parseSiteIndex([{ filename: "a.whl", name: "a", version: "1" }])).toThrow(
      /entry 0/,
    );
    const entry = {
      filename: "../a.whl",
      name: "a",
      version: "1",
      sha256: "0".repeat(64),
      size: 1,
    };
    expect(() => parseSiteIndex([entry])).toThrow(/entry 0/);
    expect(parseSiteIndex([{ ...entry, filename: "a-1-py3-none-any.whl" }])[0]!.requires).toEqual(
      [],
    );
  });

  it("checks the build's wheels as packages.add does", async () => {
    await expect(
      siteIndexEntry(new Uint8Array([1, 2, 3]), "x-1.0-py3-none-any.whl"),
    ).rejects.toThrow(/not a zip archive/);
    const foreign = makeWheel({ name: "win", version: "1.0", tags: "cp314-cp314-win_amd64" });
    await expect(siteIndexEntry(foreign.bytes, foreign.filename)).rejects.toThrow(/cannot load/);
  });
});

describe("a shipped wheel's bytes", () => {
  it("are fetched from the site and returned when their SHA-256 is the index's", async () => {
    const site = await siteWith(wheel.bytes);
    const wheels = createSiteWheels(site.fetchFile);
    const [listed] = await wheels.list();
    expect(new Uint8Array(await wheels.bytes(listed!))).toEqual(wheel.bytes);
  });

  it("are refused, naming the wheel and the checksum, when the file changed", async () => {
    const changed = wheel.bytes.slice();
    changed[changed.length - 1]! ^= 1;
    const wheels = createSiteWheels((await siteWith(changed, wheel.bytes)).fetchFile);
    const [listed] = await wheels.list();
    await expect(wheels.bytes(listed!)).rejects.toThrow(
      new RegExp(`${wheel.filename.replace(/\./g, "\\.")}.*checksum`),
    );
  });

  it("are refused, naming the wheel, when the file is missing", async () => {
    const entry = await siteIndexEntry(wheel.bytes, wheel.filename);
    const wheels = createSiteWheels(
      fakeSite({ [SITE_INDEX_PATH]: JSON.stringify([entry]) }).fetchFile,
    );
    const offline = createSiteWheels(async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(offline.bytes(entry)).rejects.toThrow(
      /Site_Pkg-1\.0.*could not be fetched \(Failed to fetch\)/,
    );
    await expect(wheels.bytes(entry)).rejects.toThrow(
      /Site_Pkg-1\.0.*could not be fetched \(HTTP 404\)/,
    );
  });
});

describe("resolving among added and shipped wheels", () => {
  const shipped = [
    { name: "site-pkg", version: "1.0", requires: ["site-base>=1"] },
    { name: "site-base", version: "1.2", requires: [] },
  ];

  it("sees shipped wheels beside added ones; an added wheel of the same name wins", () => {
    const added = [{ name: "site-base", version: "2.0", requires: [] }];
    const available = availableCandidates(added, shipped);
    expect(available.map((w) => [w.name, w.version, w.source])).toEqual([
      ["site-base", "2.0", "added"],
      ["site-pkg", "1.0", "site"],
    ]);
    expect(resolveWheels(["site-pkg"], available)).toEqual({
      ok: true,
      names: ["site-pkg", "site-base"],
    });
    expect(resolveWheels(["site-pkg"], availableCandidates([], shipped)).ok).toBe(true);
  });

  it("says where a wheel that does not meet a constraint comes from", () => {
    const result = resolveWheels(["site-base>=2"], availableCandidates([], shipped));
    expect(!result.ok && result.message).toMatch(
      /'site-base' 1.2 is shipped with the site, but .* requires site-base>=2.*an added wheel replaces the shipped one/,
    );
    const missing = resolveWheels(["ghost"], availableCandidates([], shipped));
    expect(!missing.ok && missing.message).toMatch(
      /not added in this browser nor shipped with the site/,
    );
  });
});
