import { parse, TomlError } from "smol-toml";
import type { AnalyzeResult, PythonAnalysis } from "../../wire/records";

/**
 * The one reader of a flow's PEP 723 header (`# /// script` … `# ///`): saving and
 * `workflows.analyze` (which refuse a bad header at its line), the editor's lint (which takes
 * the modules the dependencies provide) and a share link's missing packages all read it here,
 * synchronously and without Python, so they can never disagree about what a flow declares.
 */

/** What a header declares: its dependencies as written, each with its 1-based source line. */
export type ScriptHeader =
  | { ok: true; dependencies: string[]; lines: number[] }
  | { ok: false; message: string; line: number };

// PEP 723's reference expression: a block of comment lines between `# /// TYPE` and `# ///`.
const METADATA_BLOCK = /^# \/\/\/ ([a-zA-Z0-9-]+)$\s((?:^#(?:| .*)$\s)+)^# \/\/\/$/gm;
const OPENED = /^# \/\/\/ script\s*$/m;

/** Read the header; a source without one declares nothing (`ok` with no dependencies). */
export function readScriptHeader(source: string): ScriptHeader {
  const blocks = [...source.matchAll(METADATA_BLOCK)].filter((m) => m[1] === "script");
  if (blocks.length === 0) return unclosed(source) ?? { ok: true, dependencies: [], lines: [] };
  if (blocks.length > 1) {
    return problem(lineAt(source, blocks[1]!.index), "a second '# /// script' header");
  }
  const block = blocks[0]!;
  const content = block[2]!;
  const first = lineAt(source, block.index + block[0].indexOf("\n") + 1);
  const lines = content.replace(/\n$/, "").split("\n");
  const toml = lines.map((line) => (line.startsWith("# ") ? line.slice(2) : line.slice(1)));
  let metadata: Record<string, unknown>;
  try {
    metadata = parse(toml.join("\n"));
  } catch (error) {
    const at = error instanceof TomlError ? error.line : 1;
    const why = (error as Error).message.split("\n")[0]!.replace(/^Invalid TOML document: /, "");
    return problem(first + at - 1, `the '# /// script' header is not valid TOML (${why})`);
  }
  const dependencies = metadata.dependencies ?? [];
  if (!Array.isArray(dependencies) || !dependencies.every((d) => typeof d === "string")) {
    return problem(
      lineOf(lines, "dependencies", first),
      "dependencies in the '# /// script' header must be a list of strings",
    );
  }
  return { ok: true, dependencies, lines: dependencies.map((d) => lineOf(lines, d, first)) };
}

/**
 * Python's reading of a flow with its header's: a source Python refuses is refused for that
 * first; a bad header is `invalid_dependencies` at its line.
 */
export function withScriptHeader(analysis: PythonAnalysis, source: string): AnalyzeResult {
  if (!analysis.ok) return analysis;
  const header = readScriptHeader(source);
  if (!header.ok) {
    const { message, line } = header;
    return { ok: false, code: "invalid_dependencies", message, line, column: null };
  }
  return { ...analysis, dependencies: header.dependencies, dependency_lines: header.lines };
}

/** The dependencies a source declares; none when its header does not read (saving says why). */
export function declaredDependencies(source: string): string[] {
  const header = readScriptHeader(source);
  return header.ok ? header.dependencies : [];
}

function problem(line: number, why: string): ScriptHeader {
  return { ok: false, line, message: `line ${line}: ${why}` };
}

function unclosed(source: string): ScriptHeader | null {
  const opened = OPENED.exec(source);
  if (!opened) return null;
  return problem(
    lineAt(source, opened.index),
    "the '# /// script' header is not closed by a '# ///' line",
  );
}

/** The 1-based line of the character at `index`. */
function lineAt(source: string, index: number): number {
  let line = 1;
  for (let i = source.indexOf("\n"); i !== -1 && i < index; i = source.indexOf("\n", i + 1)) {
    line++;
  }
  return line;
}

/** The line of the header that holds `text` (its first line when none does). */
function lineOf(lines: string[], text: string, first: number): number {
  const i = lines.findIndex((line) => line.includes(text));
  return i === -1 ? first : first + i;
}
