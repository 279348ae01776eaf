import type { LintFinding } from "./findings";
import { STDLIB_MODULES } from "./stdlib-modules";

/** The modules every flow can import besides the standard library: the SDK. */
const PROVIDED_MODULES = new Set(["hero_logic"]);

/** The code of the one rule that is this app's, not Ruff's. */
export const UNRESOLVED_IMPORT = "unresolved-import";

interface Token {
  kind: string;
  start: number;
  end: number;
}

// One line of Ruff's token listing (`Workspace.tokens`): `    Identifier 7..9,` (UTF-8 offsets).
const TOKEN_LINE = /^\s*(\w+) (\d+)\.\.(\d+)/;

/** Ruff's token listing of a source, read back from its text. */
export function readTokens(listing: string): Token[] {
  return listing.split("\n").flatMap((line) => {
    const match = TOKEN_LINE.exec(line);
    return match ? [{ kind: match[1]!, start: Number(match[2]), end: Number(match[3]) }] : [];
  });
}

/** An absolute import's top-level module, where it stands in the source (a UTF-8 offset). */
interface ImportedModule {
  name: string;
  start: number;
}

/**
 * The top-level modules the source imports absolutely, from Ruff's tokens (so an `import` inside
 * a string or a comment is not one): `import a.b, c as d` names `a` and `c`, `from a.b import x`
 * names `a`; a relative import (`from . import x`) names none.
 */
export function importedModules(tokens: Token[], text: (token: Token) => string): ImportedModule[] {
  const found: ImportedModule[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === "From") {
      const first = tokens[i + 1];
      if (first?.kind === "Identifier") found.push({ name: text(first), start: first.start });
      while (i < tokens.length && tokens[i]!.kind !== "Import") i++;
    } else if (token.kind === "Import") {
      // `import a.b as c, d`: the first name after the keyword and after each comma.
      for (let j = i + 1; j < tokens.length; j++) {
        const kind = tokens[j]!.kind;
        if (kind === "Newline" || kind === "Semi") break;
        const previous = tokens[j - 1]!.kind;
        if (kind === "Identifier" && (previous === "Import" || previous === "Comma")) {
          found.push({ name: text(tokens[j]!), start: tokens[j]!.start });
        }
      }
    }
  }
  return found;
}

/**
 * An import of a module a run cannot find: not in the standard library, not the SDK, and not
 * one the flow's header declares (`declared`). Modules whose name starts with `_` are private
 * parts of the standard library (or `__future__`) and never reported.
 */
export function unresolvedImports(
  source: string,
  tokenListing: string,
  declared: ReadonlySet<string>,
): LintFinding[] {
  const bytes = new TextEncoder().encode(source);
  const decoder = new TextDecoder();
  const text = (token: Token) => decoder.decode(bytes.subarray(token.start, token.end));
  return importedModules(readTokens(tokenListing), text)
    .filter(({ name }) => !isAvailable(name, declared))
    .map(({ name, start }) => ({
      ...placeOf(decoder.decode(bytes.subarray(0, start))),
      code: UNRESOLVED_IMPORT,
      message: `No module \`${name}\` here: a flow imports the standard library, hero_logic and the dependencies its \`# /// script\` header declares`,
    }));
}

function isAvailable(name: string, declared: ReadonlySet<string>): boolean {
  return (
    name.startsWith("_") ||
    STDLIB_MODULES.has(name) ||
    PROVIDED_MODULES.has(name) ||
    declared.has(name.toLowerCase())
  );
}

/** The 1-based line and UTF-16 column just after `before`, the text up to a place. */
function placeOf(before: string): { line: number; column: number } {
  const lastBreak = before.lastIndexOf("\n");
  return {
    line: before.split("\n").length,
    column: before.length - lastBreak,
  };
}
