#!/usr/bin/env node
// Lints, format-checks and type-checks the repository's Python (the SDK in pysdk/ and its
// examples) with the settings in pyproject.toml: Ruff as WebAssembly and Pyright, both from npm,
// so no Python needs to be installed. Prints each finding as `file:line:column` and exits 1 when
// there is any.
//
//   node scripts/python-check.mjs           check (npm run check)
//   node scripts/python-check.mjs --write   format and sort imports in place (npm run format),
//                                           then check
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";
import { parse } from "smol-toml";

const root = fileURLToPath(new URL("..", import.meta.url));
const write = process.argv.includes("--write");

/** Every Python file git tracks or would add (.gitignore'd folders such as dist/ left out). */
function pythonFiles() {
  const listed = spawnSync(
    "git",
    ["ls-files", "--cached", "--others", "--exclude-standard", "--", "*.py", "*.pyi"],
    { cwd: root, encoding: "utf8" },
  );
  if (listed.status !== 0) {
    throw new Error(`git ls-files failed: ${listed.stderr || listed.error?.message}`);
  }
  return listed.stdout.split("\n").filter(Boolean).sort();
}

/**
 * Ruff's settings from pyproject.toml. The WebAssembly build reads settings, not files: it is
 * given the `[tool.ruff]` table as it stands (file selection is git's, above).
 */
function ruffWorkspace() {
  const { include: _include, ...settings } = parse(readFileSync(`${root}pyproject.toml`, "utf8"))
    .tool.ruff;
  return new Workspace(settings, PositionEncoding.Utf16);
}

/** Offset in `text` of a Ruff location (1-based row, 1-based UTF-16 column). */
function offsetOf(text, { row, column }) {
  let at = 0;
  for (let line = 1; line < row; line += 1) at = text.indexOf("\n", at) + 1;
  return at + column - 1;
}

/** `text` with the import-sorting fixes applied: what a formatter also does (biome sorts too). */
function sortImports(workspace, text) {
  const edits = workspace
    .check(text)
    .filter((d) => d.code === "I001" && d.fix)
    .flatMap((d) => d.fix.edits)
    .map((e) => ({
      start: offsetOf(text, e.location),
      end: offsetOf(text, e.end_location),
      content: e.content ?? "",
    }))
    .sort((a, b) => b.start - a.start);
  let sorted = text;
  for (const edit of edits) {
    sorted = sorted.slice(0, edit.start) + edit.content + sorted.slice(edit.end);
  }
  return sorted;
}

/** Ruff's lint findings and format differences, as `file:line:column: message` lines. */
function ruffFindings(files) {
  const workspace = ruffWorkspace();
  const findings = [];
  for (const file of files) {
    const path = `${root}${file}`;
    let text = readFileSync(path, "utf8");
    if (write) {
      const formatted = workspace.format(sortImports(workspace, text));
      if (formatted !== text) {
        writeFileSync(path, formatted);
        console.log(`[python-check] formatted ${file}`);
        text = formatted;
      }
    }
    const inOrder = (a, b) =>
      a.start_location.row - b.start_location.row ||
      a.start_location.column - b.start_location.column;
    for (const d of workspace.check(text).sort(inOrder)) {
      const { row, column } = d.start_location;
      findings.push(`${file}:${row}:${column}: ruff ${d.code ?? "syntax"}: ${d.message}`);
    }
    const formatted = workspace.format(text);
    if (formatted !== text) {
      const line = firstDifferentLine(text, formatted);
      findings.push(
        `${file}:${line}:1: ruff format: not formatted from here on (npm run format fixes it)`,
      );
    }
  }
  return findings;
}

function firstDifferentLine(a, b) {
  const left = a.split("\n");
  const right = b.split("\n");
  const at = left.findIndex((line, i) => line !== right[i]);
  return (at === -1 ? left.length : at) + 1;
}

/** Pyright's errors and warnings over the files pyproject.toml's `[tool.pyright]` includes. */
function pyrightFindings() {
  const result = spawnSync(
    process.execPath,
    [`${root}node_modules/pyright/index.js`, "--outputjson"],
    { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 },
  );
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return [`pyright did not run: ${result.stderr || result.error?.message || result.stdout}`];
  }
  return report.generalDiagnostics
    .filter((d) => d.severity !== "information")
    .map((d) => {
      const file = d.file.startsWith(root) ? d.file.slice(root.length) : d.file;
      const { line, character } = d.range.start;
      const rule = d.rule ? ` ${d.rule}` : "";
      return `${file}:${line + 1}:${character + 1}: pyright${rule}: ${d.message}`;
    });
}

const files = pythonFiles();
const findings = [...ruffFindings(files), ...pyrightFindings()];
if (findings.length > 0) {
  for (const finding of findings) console.error(finding);
  console.error(
    `[python-check] ${findings.length} problem(s) in the Python (${files.length} files)`,
  );
  process.exit(1);
}
console.log(`[python-check] ${files.length} Python files: lint, format and types ok`);
