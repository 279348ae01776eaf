// The lint's own worker: Ruff compiled to WebAssembly, loaded from this site (never a CDN) the
// first time a source is linted. Neither the page's thread nor Python's worker waits on it.
import initRuff, { PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-web";
import ruffWasmUrl from "@astral-sh/ruff-wasm-web/ruff_wasm_bg.wasm?url";
import * as Comlink from "comlink";
import { RUFF_SETTINGS } from "./findings";
import { lintSource } from "./lint-source";
import type { RuffWorkerApi } from "./linter";

let workspace: Promise<Workspace> | null = null;

/** Ruff, loaded once; a load that failed is tried again on the next call. */
function loadWorkspace(): Promise<Workspace> {
  workspace ??= initRuff({ module_or_path: ruffWasmUrl })
    // Columns in UTF-16 code units: what JavaScript strings and CodeMirror count.
    .then(() => new Workspace(RUFF_SETTINGS, PositionEncoding.Utf16))
    .catch((failure: unknown) => {
      workspace = null;
      throw failure;
    });
  return workspace;
}

const api: RuffWorkerApi = {
  async lint(source) {
    return lintSource(await loadWorkspace(), source);
  },
};

Comlink.expose(api);
