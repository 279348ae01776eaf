/**
 * The part of PEP 440 this app resolves wheels with: versions (epoch, release, pre, post, dev,
 * local) and specifiers (`==`, `!=`, `<`, `<=`, `>`, `>=`, `~=`, `==X.*`, `!=X.*`, `===`).
 * Pre-releases are not excluded by default: the wheels resolved among are the ones the person
 * added, and one added on purpose is meant to be used.
 */

export interface Version {
  text: string;
  epoch: number;
  release: number[];
  pre: [number, number] | null;
  post: number | null;
  dev: number | null;
  local: string | null;
}

const VERSION =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d*))?(?:[-_.]?(dev)[-_.]?(\d*))?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/i;

const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1 };

/** The version `text` reads as, or null when it is not a PEP 440 version. */
export function parseVersion(text: string): Version | null {
  const m = VERSION.exec(text.trim());
  if (!m) return null;
  const [, epoch, release, preKind, preNo, postImplicit, postKind, postNo, devKind, devNo, local] =
    m;
  return {
    text: text.trim(),
    epoch: epoch ? Number(epoch) : 0,
    release: release!.split(".").map(Number),
    pre: preKind ? [PRE_RANK[preKind.toLowerCase()] ?? 2, Number(preNo || 0)] : null,
    post: postImplicit ? Number(postImplicit) : postKind ? Number(postNo || 0) : null,
    dev: devKind ? Number(devNo || 0) : null,
    local: local ? local.toLowerCase().replace(/[-_]/g, ".") : null,
  };
}

/** The version's normal form without its local part (`1.0-RC1` → `1.0rc1`). */
export function publicVersion(v: Version): string {
  const pre = v.pre ? `${["a", "b", "rc"][v.pre[0]]}${v.pre[1]}` : "";
  const post = v.post === null ? "" : `.post${v.post}`;
  const dev = v.dev === null ? "" : `.dev${v.dev}`;
  return `${v.epoch ? `${v.epoch}!` : ""}${v.release.join(".")}${pre}${post}${dev}`;
}

/** Negative, zero or positive as `a` sorts before, with or after `b` (local parts ignored). */
export function compareVersions(a: Version, b: Version): number {
  return (
    a.epoch - b.epoch ||
    compareRelease(a.release, b.release) ||
    compareLists(preKey(a), preKey(b)) ||
    (a.post ?? -1) - (b.post ?? -1) ||
    (a.dev ?? Number.POSITIVE_INFINITY) - (b.dev ?? Number.POSITIVE_INFINITY) ||
    0
  );
}

// A dev release with no pre-release sorts before every pre-release of its release.
function preKey(v: Version): number[] {
  if (v.pre) return v.pre;
  return v.dev !== null && v.post === null ? [-1, 0] : [3, 0];
}

function compareRelease(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function compareLists(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

export type Operator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "~=" | "===";

export interface Specifier {
  op: Operator;
  /** As written after the operator (`1.0`, `1.*`). */
  version: string;
}

const SPECIFIER = /^\s*(===|==|!=|<=|>=|~=|<|>)\s*([^\s,;]+)\s*$/;

/**
 * The specifiers of a comma-separated list (`>=1.0, <2`), or a message saying what is wrong
 * with the first one that is not one.
 */
export function parseSpecifiers(text: string): Specifier[] | string {
  if (text.trim() === "") return [];
  const specifiers: Specifier[] = [];
  for (const part of text.split(",")) {
    const m = SPECIFIER.exec(part);
    if (!m) return `'${part.trim()}' is not a version specifier (==, !=, <, <=, >, >=, ~=)`;
    const op = m[1] as Operator;
    const version = m[2]!;
    const problem = specifierProblem(op, version);
    if (problem) return problem;
    specifiers.push({ op, version });
  }
  return specifiers;
}

function specifierProblem(op: Operator, version: string): string | null {
  if (op === "===") return null;
  const wildcard = version.endsWith(".*");
  if (wildcard && op !== "==" && op !== "!=") return `${op}${version}: only == and != take .*`;
  const v = parseVersion(wildcard ? version.slice(0, -2) : version);
  if (!v) return `'${version}' is not a version (PEP 440)`;
  if (wildcard && (v.dev !== null || v.local)) return `${op}${version}: not a version prefix`;
  if (op === "~=" && v.release.length < 2) return `~=${version} needs at least two numbers (~=1.4)`;
  if (v.local && op !== "==" && op !== "!=") return `${op}${version}: a local version only with ==`;
  return null;
}

/** Whether `candidate` meets every specifier (they were checked by `parseSpecifiers`). */
export function satisfies(candidate: Version, specifiers: Specifier[]): boolean {
  return specifiers.every((spec) => meets(candidate, spec));
}

function meets(c: Version, { op, version }: Specifier): boolean {
  if (op === "===") return c.text.toLowerCase() === version.toLowerCase();
  if (version.endsWith(".*")) {
    const prefix = parseVersion(version.slice(0, -2))!;
    return matchesPrefix(c, prefix) === (op === "==");
  }
  const v = parseVersion(version)!;
  const cmp = compareVersions(c, v);
  switch (op) {
    case "==":
      return cmp === 0 && (v.local === null || v.local === c.local);
    case "!=":
      return !(cmp === 0 && (v.local === null || v.local === c.local));
    case "<=":
      return cmp <= 0;
    case ">=":
      return cmp >= 0;
    // <V excludes V's pre-releases, >V its post-releases, unless V is one itself.
    case "<":
      return cmp < 0 && !(c.pre && !v.pre && sameRelease(c, v));
    case ">":
      return cmp > 0 && !(c.post !== null && v.post === null && sameRelease(c, v));
    case "~=": {
      const prefix = { ...v, release: v.release.slice(0, -1), pre: null, post: null, dev: null };
      return cmp >= 0 && matchesPrefix(c, prefix);
    }
  }
  return false;
}

function sameRelease(a: Version, b: Version): boolean {
  return a.epoch === b.epoch && compareRelease(a.release, b.release) === 0;
}

/** `==1.4.*`: the same epoch and the first release numbers (and a pre-release, if given). */
function matchesPrefix(c: Version, prefix: Version): boolean {
  if (c.epoch !== prefix.epoch) return false;
  const padded = [...c.release, ...Array(prefix.release.length).fill(0)];
  if (prefix.release.some((n, i) => padded[i] !== n)) return false;
  if (prefix.pre && compareLists(prefix.pre, c.pre ?? [3, 0]) !== 0) return false;
  if (prefix.post !== null && prefix.post !== c.post) return false;
  return true;
}
