import { gzipSync } from "node:zlib";
import { loadPyodide, version as PYODIDE_VERSION } from "pyodide";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { makeShippedSnapshot, readSdkFiles } from "../scripts/snapshot-plugin";
import { loadSdk, pythonRuntime, sdkHash } from "./python";
import { snapshotKey } from "./sdk";
import {
  fetchShippedSnapshot,
  fileProblem,
  gunzip,
  manifestProblem,
  responseProblem,
  type SnapshotManifest,
} from "./shipped-snapshot";

const root = new URL("..", import.meta.url).pathname;
const SITE = "https://example.test/app/";

/** A small stand-in for a snapshot, shipped as the build ships one. */
async function shipped(raw: Uint8Array, key = "314.0.7-abc") {
  const file = gzipSync(raw);
  const digest = await crypto.subtle.digest("SHA-256", file);
  const manifest: SnapshotManifest = {
    key,
    file: `${key}.bin`,
    format: "gzip",
    size: raw.length,
    compressed_size: file.length,
    sha256: Buffer.from(digest).toString("hex"),
  };
  return { manifest, file: new Uint8Array(file) };
}

const raw = new Uint8Array(200_000).map((_, i) => (i * 7919) % 251);

describe("the shipped snapshot's checks", () => {
  it("takes a manifest for this build's key only", async () => {
    const { manifest } = await shipped(raw);
    expect(manifestProblem(manifest, "314.0.7-abc")).toBeNull();
    // Another Pyodide, another SDK.
    expect(manifestProblem(manifest, "315.0.0-abc")).toMatch(/made for 314.0.7-abc/);
    expect(manifestProblem(manifest, "314.0.7-def")).toMatch(/this app needs 314.0.7-def/);
    expect(manifestProblem({ ...manifest, file: "other.bin" }, "314.0.7-abc")).toMatch(/file/);
    expect(manifestProblem({ ...manifest, format: "br" }, "314.0.7-abc")).toMatch(/format/);
    expect(manifestProblem({ ...manifest, size: -1 }, "314.0.7-abc")).toMatch(/malformed/);
    expect(manifestProblem("<!doctype html>", "314.0.7-abc")).toMatch(/not an object/);
  });

  it("refuses a host's page or error in place of the file", () => {
    const answer = (status: number, type?: string) =>
      new Response(new Uint8Array([1]), { status, headers: type ? { "content-type": type } : {} });
    expect(responseProblem(answer(200, "application/octet-stream"))).toBeNull();
    expect(responseProblem(answer(200))).toBeNull();
    expect(responseProblem(answer(404, "text/plain"))).toMatch(/answered 404/);
    expect(responseProblem(answer(200, "text/html; charset=utf-8"))).toMatch(/text\/html/);
    expect(responseProblem(answer(200, "application/json"))).toMatch(/json/);
  });

  it("refuses a truncated, corrupted, unpacked or doubly compressed file", async () => {
    const { manifest, file } = await shipped(raw);
    expect(await fileProblem(file, manifest)).toBeNull();
    expect(await fileProblem(file.slice(0, file.length - 10), manifest)).toMatch(/bytes/);
    const corrupted = file.slice();
    corrupted[Math.floor(file.length / 2)]! ^= 0xff;
    expect(await fileProblem(corrupted, manifest)).toMatch(/SHA-256/);
    // A host that unpacked it (served it with Content-Encoding: gzip): the snapshot itself.
    expect(await fileProblem(raw, { ...manifest, compressed_size: raw.length })).toMatch(/gzip/);
    // One that compressed it again and served that as the file.
    const twice = new Uint8Array(gzipSync(file));
    expect(await fileProblem(twice, { ...manifest, compressed_size: twice.length })).toMatch(
      /SHA-256/,
    );
  });

  it("unpacks gzip, and a damaged stream throws rather than giving wrong bytes", async () => {
    const { manifest, file } = await shipped(raw);
    expect(await gunzip(file, manifest.size)).toEqual(raw);
    await expect(gunzip(file, manifest.size + 1)).rejects.toThrow(/unpacks to/);
    const damaged = file.slice();
    damaged[file.length - 6]! ^= 0xff; // in the CRC-32 trailer
    await expect(gunzip(damaged, manifest.size)).rejects.toThrow();
  });
});

describe("fetchShippedSnapshot", () => {
  let warn: ReturnType<typeof vi.spyOn>;
  afterEach(() => {
    vi.unstubAllGlobals();
    warn?.mockRestore();
  });

  /** A host serving `files` by path under SITE (404 for anything else). */
  function host(files: Record<string, () => Response>) {
    vi.stubGlobal("fetch", async (url: URL | string) => {
      const path = String(url).slice(SITE.length);
      return files[path]?.() ?? new Response("not found", { status: 404 });
    });
    warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  }

  const bytes =
    (data: Uint8Array, type = "application/octet-stream") =>
    () =>
      new Response(data.slice(), { headers: { "content-type": type } });
  const json = (value: unknown) => () => Response.json(value);

  it("gives the snapshot, reporting the download's progress, and warns of nothing", async () => {
    const { manifest, file } = await shipped(raw);
    host({
      "snapshot/manifest.json": json(manifest),
      "snapshot/314.0.7-abc.bin": bytes(file),
    });
    const progress = vi.fn();
    expect(await fetchShippedSnapshot(SITE, "314.0.7-abc", progress)).toEqual(raw);
    expect(progress).toHaveBeenLastCalledWith({
      received: file.length,
      expected: file.length,
    });
    expect(warn).not.toHaveBeenCalled();
  });

  const cases: [string, (m: SnapshotManifest, f: Uint8Array) => Record<string, () => Response>][] =
    [
      ["no snapshot shipped", () => ({})],
      [
        "another SDK's snapshot",
        (m, f) => ({
          "snapshot/manifest.json": json({ ...m, key: "314.0.7-old", file: "314.0.7-old.bin" }),
          "snapshot/314.0.7-old.bin": bytes(f),
        }),
      ],
      [
        "the host's index page in place of the file",
        (m) => ({
          "snapshot/manifest.json": json(m),
          "snapshot/314.0.7-abc.bin": bytes(new TextEncoder().encode("<html>"), "text/html"),
        }),
      ],
      [
        "a truncated file",
        (m, f) => ({
          "snapshot/manifest.json": json(m),
          "snapshot/314.0.7-abc.bin": bytes(f.slice(0, 1000)),
        }),
      ],
      [
        "a file compressed again",
        (m, f) => ({
          "snapshot/manifest.json": json(m),
          "snapshot/314.0.7-abc.bin": bytes(new Uint8Array(gzipSync(f))),
        }),
      ],
    ];

  for (const [name, files] of cases) {
    it(`falls back with a warning: ${name}`, async () => {
      const { manifest, file } = await shipped(raw);
      host(files(manifest, file));
      expect(await fetchShippedSnapshot(SITE, "314.0.7-abc", () => {})).toBeNull();
      expect(warn).toHaveBeenCalledOnce();
      expect(String(warn.mock.calls[0]![0])).toMatch(/snapshot is not used .*starts normally/);
    });
  }
});

describe("the snapshot the build ships", () => {
  let made: Awaited<ReturnType<typeof makeShippedSnapshot>>;
  beforeAll(async () => {
    made = await makeShippedSnapshot(readSdkFiles(root));
  });

  it("is keyed as the worker keys it: the same Pyodide, the same SDK hash", () => {
    expect(made.manifest.key).toBe(`${PYODIDE_VERSION}-${sdkHash()}`);
    expect(made.manifest.key).toBe(snapshotKey(PYODIDE_VERSION, readSdkFiles(root)));
  });

  it("passes the browser's checks and restores a Python with the SDK imported", async () => {
    const { manifest, file } = made;
    expect(manifestProblem(manifest, made.manifest.key)).toBeNull();
    expect(await fileProblem(file, manifest)).toBeNull();
    const snapshot = await gunzip(file, manifest.size);
    const pyodide = await loadPyodide({ _loadSnapshot: snapshot });
    loadSdk(pyodide);
    expect(pyodide.runPython("import sys; 'hero_logic._host' in sys.modules")).toBe(true);
    const analysis = pythonRuntime(pyodide).analyze(
      "from hero_logic import flow\n\n@flow\ndef main(n: int = 1):\n    return n\n",
    );
    expect(JSON.stringify(analysis)).toContain('"n"');
  });
});
