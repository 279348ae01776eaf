import { jsonItems, jsonMembers } from "../../wire/json-text";

/**
 * A value's JSON text as Python wrote it: the exact text where the record keeps one beside the
 * decoded value (`output_json`, `input_json`: present where decoding changed what it says), else
 * the decoded value written back, which then says the same.
 */
export function exactText(decoded: unknown, json: string | undefined): string {
  return json ?? JSON.stringify(decoded ?? null);
}

/**
 * Whether two values are the same, each given decoded and, where decoding changed what it says,
 * as the text Python wrote (see `exactText`). Without such texts the decoded values say exactly
 * what Python wrote, and compare as they are (much faster than texts).
 */
export function sameValue(
  a: unknown,
  aJson: string | undefined,
  b: unknown,
  bJson: string | undefined,
): boolean {
  if (aJson === undefined && bJson === undefined) return sameDecoded(a ?? null, b ?? null);
  return sameJson(exactText(a, aJson), exactText(b, bJson));
}

/** Deep equality of decoded JSON values, objects whatever the order of their members. */
function sameDecoded(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameDecoded(item, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((key) => Object.hasOwn(y, key) && sameDecoded(x[key], y[key]));
}

/**
 * Whether two JSON texts hold the same value, as Python would tell them apart where JavaScript
 * cannot: numbers compare by the digits written (`1` is not `1.0`, `2**53 + 1` is not `2**53`,
 * `-0.0` is not `0.0`), strings by their characters (however they were escaped), and objects by
 * their members whatever their order (Python's `==` on dicts ignores it too).
 */
export function sameJson(a: string, b: string): boolean {
  return a === b || canonical(a) === canonical(b);
}

/** One text per value: members sorted by key, strings written one way, numbers as written. */
function canonical(text: string): string {
  const trimmed = text.trim();
  const first = trimmed[0];
  if (first === "{") {
    const members = jsonMembers(trimmed)
      .map(([key, value]) => [key, canonical(value)] as const)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${members.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`;
  }
  if (first === "[") return `[${jsonItems(trimmed).map(canonical).join(",")}]`;
  if (first === '"') return JSON.stringify(JSON.parse(trimmed));
  // A number or a literal: the digits as Python wrote them are the value.
  return trimmed;
}
