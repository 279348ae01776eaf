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
 * How many characters of a text (logs) the span detail shows before "Show all": the SDK keeps
 * about 100,000 of a span's prints (head, marker, tail), which this shows whole.
 */
export const TEXT_PREVIEW_CHARS = 120_000;

/** The start of a text, at most `limit` characters. */
export function previewText(text: string, limit = TEXT_PREVIEW_CHARS) {
  return { text: text.slice(0, limit), truncated: text.length > limit };
}
