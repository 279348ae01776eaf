import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { loadPyodide, version as PYODIDE_VERSION } from "pyodide";
import type { Plugin } from "vite";
import { loadSdkFiles, type SdkFiles, snapshotKey } from "../worker/sdk.ts";
import {
  MANIFEST_FILE,
  SNAPSHOT_DIR,
  type SnapshotManifest,
  snapshotFileName,
} from "../worker/shipped-snapshot.ts";

/**
 * The SDK's files under the names `import.meta.glob` gives them in worker/python.ts (relative
 * to worker/): the names are part of the SDK's hash, so both sides must agree.
 */
export function readSdkFiles(root: string): SdkFiles {
  const dir = join(root, "pysdk/hero_logic");
  const names = readdirSync(dir).filter((name) => name.endsWith(".py"));
  return Object.fromEntries(
    names.map((name) => [`../pysdk/hero_logic/${name}`, readFileSync(join(dir, name), "utf8")]),
  );
}

/** The snapshot file and its manifest, as the build ships them. */
export async function makeShippedSnapshot(
  files: SdkFiles,
): Promise<{ manifest: SnapshotManifest; file: Uint8Array }> {
  // The same steps as the worker's normal boot (worker/pyodide.worker.ts, `bootAndStore`), so
  // that restoring this snapshot and restoring one the browser made are the same path.
  const pyodide = await loadPyodide({ _makeSnapshot: true });
  loadSdkFiles(pyodide, files);
  const snapshot = pyodide.makeMemorySnapshot();
  // gzip, because browsers unpack it natively (DecompressionStream) and check its CRC; brotli
  // would be 20% smaller but no browser's DecompressionStream reads it (docs/deploying.md).
  const file = gzipSync(snapshot, { level: 9 });
  const key = snapshotKey(PYODIDE_VERSION, files);
  const manifest: SnapshotManifest = {
    key,
    file: snapshotFileName(key),
    format: "gzip",
    size: snapshot.length,
    compressed_size: file.length,
    sha256: createHash("sha256").update(file).digest("hex"),
  };
  return { manifest, file };
}

/**
 * Ships Python's memory snapshot with the build (`snapshot/` in dist/), so a first visit
 * restores Python instead of starting it from scratch. Only in `vite build`: `vite dev` boots
 * normally and stores its own snapshot.
 */
export function shippedSnapshot(root: string): Plugin {
  return {
    name: "hero-logic-shipped-snapshot",
    apply: "build",
    async generateBundle() {
      const started = performance.now();
      const { manifest, file } = await makeShippedSnapshot(readSdkFiles(root));
      this.emitFile({ type: "asset", fileName: `${SNAPSHOT_DIR}${manifest.file}`, source: file });
      this.emitFile({
        type: "asset",
        fileName: `${SNAPSHOT_DIR}${MANIFEST_FILE}`,
        source: `${JSON.stringify(manifest, null, 2)}\n`,
      });
      const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      this.info(
        `Python memory snapshot ${manifest.key}: ${mb(manifest.size)} MB, ${mb(manifest.compressed_size)} MB gzipped, made in ${seconds} s`,
      );
    },
  };
}
