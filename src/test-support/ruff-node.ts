import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { initSync, PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-web";
import { RUFF_SETTINGS } from "../lint/findings";
import { lintSource } from "../lint/lint-source";
import type { Linter } from "../lint/linter";

let workspace: Workspace | null = null;

/**
 * Tests only: the Ruff the lint worker loads, in this thread, given its wasm's bytes (Node has
 * no fetch of a file URL).
 */
export function nodeRuffWorkspace(): Workspace {
  if (!workspace) {
    const wasm = createRequire(import.meta.url).resolve(
      "@astral-sh/ruff-wasm-web/ruff_wasm_bg.wasm",
    );
    initSync({ module: readFileSync(wasm) });
    workspace = new Workspace(RUFF_SETTINGS, PositionEncoding.Utf16);
  }
  return workspace;
}

/** Tests only: a linter running that Ruff in this thread, as the worker would. */
export const nodeLinter: Linter = {
  lint: async (source) => lintSource(nodeRuffWorkspace(), source),
};
