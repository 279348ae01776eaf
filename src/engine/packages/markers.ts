import { PYODIDE_PYTHON } from "./pyodide-tags";
import { normalizeName } from "./requirements";
import { parseSpecifiers, parseVersion, satisfies } from "./versions";

/**
 * PEP 508 environment markers of a wheel's `Requires-Dist`, evaluated for this browser's one
 * Python (Pyodide: CPython on emscripten/wasm32). A marker this cannot read counts as false:
 * the requirement is for some other environment.
 */
const ENVIRONMENT: Record<string, string> = {
  python_version: PYODIDE_PYTHON.split(".").slice(0, 2).join("."),
  python_full_version: PYODIDE_PYTHON,
  implementation_name: "cpython",
  implementation_version: PYODIDE_PYTHON,
  platform_python_implementation: "CPython",
  os_name: "posix",
  sys_platform: "emscripten",
  platform_system: "Emscripten",
  platform_machine: "wasm32",
  platform_release: "",
  platform_version: "",
};

const VERSION_VARIABLES = new Set([
  "python_version",
  "python_full_version",
  "implementation_version",
]);

const TOKEN =
  /\s*(\(|\)|===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b|and\b|or\b|'[^']*'|"[^"]*"|[A-Za-z_][A-Za-z0-9_.]*)/y;

/** Whether `marker` holds here, for a requirement of a wheel asked for with `extras`. */
export function markerHolds(marker: string, extras: string[]): boolean {
  const tokens = tokenize(marker);
  if (!tokens) return false;
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const value = (token: string | undefined): string | null => {
    if (token === undefined) return null;
    if (/^['"]/.test(token)) return token.slice(1, -1);
    return token in ENVIRONMENT || token === "extra" ? token : null;
  };
  const comparison = (): boolean | null => {
    if (peek() === "(") {
      next();
      const inner = or();
      return next() === ")" ? inner : null;
    }
    const left = value(next());
    const op = next();
    const right = value(next());
    if (left === null || right === null || op === undefined) return null;
    return compare(left, op.replace(/\s+/g, " "), right, extras);
  };
  const and = (): boolean | null => {
    let result = comparison();
    while (peek() === "and") {
      next();
      const right = comparison();
      result = result === null || right === null ? null : result && right;
    }
    return result;
  };
  const or = (): boolean | null => {
    let result = and();
    while (peek() === "or") {
      next();
      const right = and();
      result = result === null || right === null ? null : result || right;
    }
    return result;
  };
  const result = or();
  return at === tokens.length && result === true;
}

function tokenize(marker: string): string[] | null {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < marker.length) {
    if (marker.slice(TOKEN.lastIndex).trim() === "") break;
    const m = TOKEN.exec(marker);
    if (!m) return null;
    tokens.push(m[1]!);
  }
  return tokens;
}

/** One `left op right`, a side being a variable's name or a quoted literal. */
function compare(left: string, op: string, right: string, extras: string[]): boolean | null {
  if (left === "extra" || right === "extra") {
    const wanted = normalizeName(left === "extra" ? right : left);
    const has = extras.includes(wanted);
    return op === "==" ? has : op === "!=" ? !has : null;
  }
  const variable = left in ENVIRONMENT ? left : right in ENVIRONMENT ? right : null;
  const l = ENVIRONMENT[left] ?? left;
  const r = ENVIRONMENT[right] ?? right;
  if (op === "in") return r.includes(l);
  if (op === "not in") return !r.includes(l);
  if (variable && VERSION_VARIABLES.has(variable) && variable === left) {
    const version = parseVersion(l);
    const specifiers = parseSpecifiers(`${op}${r}`);
    if (version && typeof specifiers !== "string") return satisfies(version, specifiers);
  }
  if (variable && VERSION_VARIABLES.has(variable)) {
    // "3.8" <= python_version: turn it around.
    const flipped: Record<string, string> = { "<": ">", ">": "<", "<=": ">=", ">=": "<=" };
    const version = parseVersion(r);
    const specifiers = parseSpecifiers(`${flipped[op] ?? op}${l}`);
    if (version && typeof specifiers !== "string") return satisfies(version, specifiers);
  }
  if (op === "==" || op === "===") return l === r;
  if (op === "!=") return l !== r;
  return null;
}
