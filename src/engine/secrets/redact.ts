/**
 * Redaction: every occurrence of a secret's value in what a run sends is replaced by
 * `«secret:NAME»` before the engine stores it. The engine keeps the texts Python wrote (exact
 * numbers, key order), so redaction works on JSON texts without decoding them: inside each
 * string literal, the value's forms as JSON writes them (plain, escaped, escaped twice for a
 * JSON body inside a string, `\u`-escaped) are replaced. Literals that are the engine's own
 * identifiers (span sids, step keys) and the record's field names and kinds are left alone, so
 * a short value cannot take a record apart; anywhere else a short value is redacted as well.
 */

/** A secret as redaction knows it. */
export interface NamedSecret {
  name: string;
  value: string;
}

/** Redacts texts and values for one run (built once from the secrets it was handed). */
export interface Redactor {
  /** Whether there is anything to redact (no secrets: every call returns what it was given). */
  readonly active: boolean;
  /** A JSON text with every string literal redacted. */
  json(text: string): string;
  /** A plain text (a message, a traceback) redacted. */
  text(text: string): string;
  /** A decoded value with every string in it (keys too) redacted; the value itself when clean. */
  value<T>(value: T): T;
}

/** What stands in a stored record in place of the value of secret `name`. */
export function secretMark(name: string): string {
  return `«secret:${name}»`;
}

/** A step key (sha-256 hex) or a sid (8 base32 characters): never user text. */
const IDENTIFIER = /^(?:[0-9a-f]{64}|[a-z2-7]{8})$/;

/** Field names and kinds the span log and outputs are made of. */
const STRUCTURAL = new Set([
  "type",
  "message",
  "traceback",
  "replayed",
  "parent_sid",
  "seq",
  "sid_base",
  "at",
  "span_sid",
  "request",
  "sid",
  "workflow",
  "inputs",
  "version_sid",
  "prefill",
  "flow_root",
  "step",
  "rpc",
  "subflow",
  "other",
  "running",
  "ok",
  "failed",
  "paused",
  "cancelled",
]);

export function createRedactor(secrets: NamedSecret[]): Redactor {
  const pairs = replacements(secrets);
  const replace = (text: string) => {
    let out = text;
    for (const [form, mark] of pairs) {
      if (out.includes(form)) out = out.split(form).join(mark);
    }
    return out;
  };
  const mentions = (text: string) => pairs.some(([form]) => text.includes(form));
  // A literal is redacted decoded and written again: a match across an escape (`\n` then the
  // value's first letters) is not the value, and replacing it would break the escape.
  const redactLiteral = (body: string) => {
    if (!mentions(body)) return body;
    let decoded: string;
    try {
      decoded = JSON.parse(`"${body}"`) as string;
    } catch {
      return replace(body);
    }
    const whole = pairs.some(([form]) => form === decoded);
    if (!whole && (IDENTIFIER.test(decoded) || STRUCTURAL.has(decoded))) return body;
    const redacted = replace(decoded);
    return redacted === decoded ? body : escapeJson(redacted);
  };
  const value = <T>(given: T): T => {
    if (typeof given === "string") return (mentions(given) ? replace(given) : given) as T;
    if (Array.isArray(given)) return given.map(value) as T;
    if (given && typeof given === "object") {
      const entries = Object.entries(given).map(([k, v]) => [value(k), value(v)]);
      return Object.fromEntries(entries) as T;
    }
    return given;
  };
  return {
    active: pairs.length > 0,
    json: (text) =>
      pairs.length > 0 && mentions(text) ? mapStringLiterals(text, redactLiteral) : text,
    text: (text) => (pairs.length > 0 && mentions(text) ? replace(text) : text),
    value: (given) => (pairs.length > 0 ? value(given) : given),
  };
}

/**
 * Each secret's forms with its mark, longest first (a longer value that holds a shorter one is
 * replaced whole). A mark is plain text, the same in every form.
 */
function replacements(secrets: NamedSecret[]): [form: string, mark: string][] {
  const pairs = new Map<string, string>();
  for (const { name, value } of secrets) {
    if (!value) continue;
    for (const form of formsOf(value)) if (!pairs.has(form)) pairs.set(form, secretMark(name));
  }
  return [...pairs].sort(([a], [b]) => b.length - a.length);
}

/** The texts a value can appear as inside a JSON string literal. */
export function formsOf(value: string): string[] {
  const escaped = escapeJson(value);
  const ascii = escapeAscii(escaped);
  return [...new Set([value, escaped, ascii, escapeJson(escaped), escapeJson(ascii)])];
}

/** What JSON writes between the quotes of a string (as JSON.stringify and Python do). */
function escapeJson(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** Non-ASCII characters as `\uXXXX`, as Python's json with `ensure_ascii` writes them. */
function escapeAscii(text: string): string {
  return text.replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * The JSON text with the body of every string literal passed through `map` (bodies as they
 * stand in the text, escapes and all); everything between literals is copied as it is.
 */
export function mapStringLiterals(text: string, map: (body: string) => string): string {
  let out = "";
  let from = 0;
  // `from` stands on the closing quote of the last literal: the next one opens after it.
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', from + 1)) {
    let end = at + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
    out += text.slice(from, at + 1) + map(text.slice(at + 1, end));
    from = end;
  }
  return out + text.slice(from);
}

/**
 * The step cache as Python gets it: marks put back to the values the secrets have now, so a
 * replayed step returns what it returned (its stored output is redacted). Only in memory: the
 * request is never stored. A mark of a secret deleted since stays a mark.
 */
export function restoreSecrets(text: string, secrets: NamedSecret[]): string {
  if (!text.includes("«secret:")) return text;
  let out = text;
  for (const { name, value } of secrets) {
    const mark = secretMark(name);
    if (out.includes(mark)) out = out.split(mark).join(escapeJson(value));
  }
  return out;
}

/** A decoded value with marks put back to the values the secrets have now (see `restoreSecrets`). */
export function restoreValue<T>(value: T, secrets: NamedSecret[]): T {
  if (typeof value === "string") {
    let out: string = value;
    if (!out.includes("«secret:")) return value;
    for (const { name, value: secret } of secrets) out = out.split(secretMark(name)).join(secret);
    return out as T;
  }
  if (Array.isArray(value)) return value.map((item) => restoreValue(item, secrets)) as T;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [
      restoreValue(k, secrets),
      restoreValue(v, secrets),
    ]);
    return Object.fromEntries(entries) as T;
  }
  return value;
}
