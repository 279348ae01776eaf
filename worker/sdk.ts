import type { PyodideAPI } from "pyodide";

/**
 * The SDK's Python files by path (as `import.meta.glob` names them from worker/: the paths are
 * part of the hash), and how a Pyodide gets them. Free of bundler features, so the build (which
 * makes the shipped memory snapshot under Node, scripts/snapshot-plugin.ts) loads the SDK with
 * exactly the code the worker uses.
 */
export type SdkFiles = Record<string, string>;

const SDK_ROOT = "/hero_sdk";

/** A short hash of the SDK's sources: a memory snapshot is only valid for the same SDK. */
export function sdkHashOf(files: SdkFiles): string {
  let hash = 0x811c9dc5;
  for (const [path, text] of Object.entries(files).sort()) {
    for (const ch of path + text) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

/** What a memory snapshot is keyed by: the Pyodide it was made by and the SDK inside it. */
export function snapshotKey(pyodideVersion: string, files: SdkFiles): string {
  return `${pyodideVersion}-${sdkHashOf(files)}`;
}

/**
 * Put the SDK's files in Pyodide's file system and import it. Creates no proxies, so a memory
 * snapshot may be taken right after; on a Pyodide restored from such a snapshot it only puts
 * the files back (for tracebacks), the modules being imported already.
 */
export function loadSdkFiles(pyodide: PyodideAPI, files: SdkFiles): void {
  pyodide.FS.mkdirTree(`${SDK_ROOT}/hero_logic`);
  for (const [path, text] of Object.entries(files)) {
    const file = path.slice(path.lastIndexOf("/") + 1);
    pyodide.FS.writeFile(`${SDK_ROOT}/hero_logic/${file}`, text);
  }
  const root = JSON.stringify(SDK_ROOT);
  pyodide.runPython(
    `import sys\nif ${root} not in sys.path: sys.path.insert(0, ${root})\nimport hero_logic._host`,
  );
}
