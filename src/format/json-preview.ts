/** How many characters of a value the span detail shows before "Show all". */
export const PREVIEW_CHARS = 20_000;

const STOP = Symbol("preview full");

/**
 * The start of `JSON.stringify(value, null, 2)`, at most `limit` characters, made without
 * formatting the rest: pretty-printing a 5 MB value whole (and drawing it) would freeze the page.
 * `truncated` tells whether anything was left out. `value` is decoded JSON (no `toJSON`, no
 * `undefined`).
 */
export function previewJson(
  value: unknown,
  limit = PREVIEW_CHARS,
): { text: string; truncated: boolean } {
  if (value === undefined) return { text: "", truncated: false };
  const parts: string[] = [];
  let size = 0;
  const put = (text: string) => {
    parts.push(text);
    size += text.length;
    if (size > limit) throw STOP;
  };
  const walk = (v: unknown, indent: string): void => {
    if (v === null || typeof v !== "object") {
      // A long string is cut before it is escaped: escaping it whole is the cost avoided here.
      put(JSON.stringify(typeof v === "string" && v.length > limit ? v.slice(0, limit + 1) : v));
      return;
    }
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) {
        put("[]");
        return;
      }
      put("[");
      for (let i = 0; i < v.length; i++) {
        put(`${i ? "," : ""}\n${inner}`);
        walk(v[i], inner);
      }
      put(`\n${indent}]`);
      return;
    }
    const entries = Object.entries(v);
    if (entries.length === 0) {
      put("{}");
      return;
    }
    put("{");
    entries.forEach(([key, item], i) => {
      put(`${i ? "," : ""}\n${inner}${JSON.stringify(key)}: `);
      walk(item, inner);
    });
    put(`\n${indent}}`);
  };
  try {
    walk(value, "");
    return { text: parts.join(""), truncated: false };
  } catch (error) {
    if (error !== STOP) throw error;
    return { text: parts.join("").slice(0, limit), truncated: true };
  }
}

/**
 * `previewJson` for a value given as JSON text: the same layout, made from the text itself, so
 * it shows what the text says where a decoded value would not (integers beyond 2^53, `1.0`,
 * `-0.0`, integer-like keys in their place). `text` must be valid JSON.
 */
export function previewJsonText(
  text: string,
  limit = PREVIEW_CHARS,
): { text: string; truncated: boolean } {
  const parts: string[] = [];
  let size = 0;
  const put = (piece: string) => {
    parts.push(piece);
    size += piece.length;
    return size > limit;
  };
  let indent = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    let piece: string;
    if (ch === '"') {
      const end = stringEnd(text, i);
      // A long string is cut before its lone surrogates are escaped.
      piece = escapeLoneSurrogates(text.slice(i, Math.min(end, i + limit + 1)));
      i = end;
    } else if (ch === "{" || ch === "[") {
      const next = skipSpace(text, i + 1);
      if (text[next] === (ch === "{" ? "}" : "]")) {
        piece = ch === "{" ? "{}" : "[]";
        i = next + 1;
      } else {
        indent += "  ";
        piece = `${ch}\n${indent}`;
        i = next;
      }
    } else if (ch === "}" || ch === "]") {
      indent = indent.slice(2);
      piece = `\n${indent}${ch}`;
      i++;
    } else if (ch === ",") {
      piece = `,\n${indent}`;
      i = skipSpace(text, i + 1);
    } else if (ch === ":") {
      piece = ": ";
      i = skipSpace(text, i + 1);
    } else if (ch === " " || ch === "\n" || ch === "\r" || ch === "\t") {
      i++;
      continue;
    } else {
      let end = i + 1;
      while (end < text.length && /[-+.0-9a-zA-Z]/.test(text[end]!)) end++;
      piece = text.slice(i, end);
      i = end;
    }
    if (put(piece)) return { text: parts.join("").slice(0, limit), truncated: true };
  }
  return { text: parts.join(""), truncated: false };
}

/** The index just past the string literal whose opening quote is at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; ; ) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === "\\") backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

function skipSpace(text: string, i: number): number {
  let at = i;
  while (text[at] === " " || text[at] === "\n" || text[at] === "\r" || text[at] === "\t") at++;
  return at;
}

/** A lone surrogate is shown as its escape, as `JSON.stringify` writes it. */
function escapeLoneSurrogates(literal: string): string {
  return literal.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16)}`,
  );
}

/**
 * How many characters of a text (logs) the span detail shows before "Show all": the SDK keeps
 * about 100,000 of a span's prints (head, marker, tail), which this shows whole.
 */
export const TEXT_PREVIEW_CHARS = 120_000;

/** The start of a text, at most `limit` characters. */
export function previewText(text: string, limit = TEXT_PREVIEW_CHARS) {
  return { text: text.slice(0, limit), truncated: text.length > limit };
}
