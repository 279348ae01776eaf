import { jsonItems, jsonMembers } from "../../worker/json-text";

/**
 * A value's JSON text as Python wrote it: the exact text where the record keeps one beside the
 * decoded value (`output_json`, `input_json`: present where decoding changed what it says), else
 * the decoded value written back, which then says the same.
 */
export function exactText(decoded: unknown, json: string | undefined): string {
  return json ?? JSON.stringify(decoded ?? null);
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
