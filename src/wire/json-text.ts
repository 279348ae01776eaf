/**
 * JSON texts read without decoding their values. JavaScript's numbers cannot hold what Python
 * writes (integers beyond 2^53, `1.0` apart from `1`, `-0.0`) and its objects put integer-like
 * keys first, so a value that crosses the page on its way from one Python run to another (a
 * stored output, a child play's output) travels as the text Python wrote. These helpers cut a
 * text that is known to be valid JSON (it was parsed, or Python wrote it) into the texts of its
 * parts.
 */

const NUMBER_OR_LITERAL = /-?[0-9.eE+-]+|true|false|null/y;

/** The index just past the JSON value that starts at `start` (after any whitespace). */
export function jsonValueEnd(text: string, start: number): number {
  let i = skipSpace(text, start);
  let depth = 0;
  do {
    const ch = text[i];
    if (ch === '"') i = stringEnd(text, i);
    else if (ch === "{" || ch === "[") {
      depth++;
      i++;
    } else if (ch === "}" || ch === "]") {
      depth--;
      i++;
    } else if (ch === "," || ch === ":" || isSpace(ch)) i++;
    else {
      NUMBER_OR_LITERAL.lastIndex = i;
      if (!NUMBER_OR_LITERAL.test(text)) throw new SyntaxError(`not JSON at ${i}`);
      i = NUMBER_OR_LITERAL.lastIndex;
    }
  } while (depth > 0 && i < text.length);
  if (depth !== 0) throw new SyntaxError("JSON text ends inside a value");
  return i;
}

/** The index just past the string literal whose opening quote is at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) throw new SyntaxError("JSON text ends inside a string");
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === "\\") backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\n" || ch === "\r" || ch === "\t";
}

function skipSpace(text: string, i: number): number {
  while (isSpace(text[i])) i++;
  return i;
}

/** The texts of the items of a JSON array text, as they are written. */
export function jsonItems(arrayText: string): string[] {
  const items: string[] = [];
  let i = skipSpace(arrayText, skipSpace(arrayText, 0) + 1);
  while (arrayText[i] !== "]") {
    const end = jsonValueEnd(arrayText, i);
    items.push(arrayText.slice(i, end).trim());
    i = skipSpace(arrayText, end);
    if (arrayText[i] === ",") i++;
  }
  return items;
}

/** The members of a JSON object text in the order written: each key (decoded) and value text. */
export function jsonMembers(objectText: string): [key: string, valueText: string][] {
  const members: [string, string][] = [];
  let i = skipSpace(objectText, skipSpace(objectText, 0) + 1);
  while (objectText[i] !== "}") {
    const keyEnd = stringEnd(objectText, i);
    const key = JSON.parse(objectText.slice(i, keyEnd)) as string;
    const start = skipSpace(objectText, keyEnd) + 1; // past the colon
    const end = jsonValueEnd(objectText, start);
    members.push([key, objectText.slice(start, end).trim()]);
    i = skipSpace(objectText, end);
    if (objectText[i] === ",") i++;
    i = skipSpace(objectText, i);
  }
  return members;
}

/**
 * `text` (a value as Python wrote it) when `decoded`, the value JavaScript decoded from it,
 * writes back otherwise (so the exact text must travel beside it); else undefined.
 */
export function inexactText(text: string | undefined, decoded: unknown): string | undefined {
  return text !== undefined && text !== JSON.stringify(decoded) ? text : undefined;
}

/**
 * Whether decoding `text` might change what it says: an integer beyond 2^53 (17 digits, or 16
 * starting with 9: span times, 16 digits starting with 1, are safe), a float written `x.0` or
 * with an exponent, an integer-like key (JavaScript puts those first). One pass over the text's
 * tokens (a regular expression over the digits of span times costs as much as decoding them),
 * erring towards true. Where it is false, `JSON.stringify(JSON.parse(text))` gives back the
 * text Python wrote (`separators=(",", ":")`, `ensure_ascii=False`; both write a float's
 * shortest digits), lone surrogates aside: they decode exactly but are written escaped.
 */
export function mayDecodeInexactly(text: string): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      const end = stringEnd(text, i);
      if (text.charCodeAt(end) === COLON && allDigits(text, i + 1, end - 1)) return true;
      i = end;
    } else if (isDigit(ch) || ch === MINUS) {
      // An integer's digits; a float's are the shortest that give it back, in either language.
      const first = isDigit(ch) ? ch : text.charCodeAt(i + 1);
      let digits = 0;
      let integer = true;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (isDigit(c)) digits++;
        else if (c === DOT) {
          if (text.charCodeAt(i + 1) === ZERO && !isDigit(text.charCodeAt(i + 2))) return true;
          integer = false;
        } else if (c === LOWER_E || c === UPPER_E) return true;
        else if (c !== MINUS) break;
      }
      if (integer && (digits > 16 || (digits === 16 && first === NINE))) return true;
    } else i++;
  }
  return false;
}

const QUOTE = 34;
const COLON = 58;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

function isDigit(ch: number): boolean {
  return ch >= ZERO && ch <= NINE;
}

/** Whether `text[from, to)` is a non-empty run of digits. */
function allDigits(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** `String.prototype.isWellFormed` (ES2024; TypeScript's lib here is ES2023): no lone surrogate. */
export const wellFormed = (text: string | undefined) =>
  text === undefined || (text as unknown as { isWellFormed(): boolean }).isWellFormed();

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` with each lone surrogate written as its `\uXXXX` escape. Python's strings may hold
 * them and its JSON (`ensure_ascii=False`) writes them as they are, but UTF-8 cannot: encoding
 * the text would replace them with U+FFFD. In JSON text they can only stand inside a string,
 * where the escape means the same character.
 */
export function escapeLoneSurrogates(text: string): string {
  LONE_SURROGATE.lastIndex = 0;
  if (!LONE_SURROGATE.test(text)) return text;
  return text.replace(LONE_SURROGATE, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`);
}
