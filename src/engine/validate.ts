import type { FlowField } from "../db/records";
import { messageOf } from "../wire/errors";
import { HeroError } from "./errors";

/**
 * Check values against fields (types, required, choices, unknown names) and fill defaults.
 * Throws `invalid_input` naming every bad field; returns the values the flow will receive.
 *
 * The rules are shared with the SDK's `validate_fields` (pysdk/hero_logic/_fields.py) and the
 * form's `parseRaw`: src/test-support/field-vectors.json is the truth all three are tested against.
 */
export function validateFields(
  fields: FlowField[],
  values: Record<string, unknown>,
  what: string,
): Record<string, unknown> {
  if (values === null || typeof values !== "object" || Array.isArray(values)) {
    throw new HeroError("invalid_input", `${what} must be an object of field values`);
  }
  // Read once, here: a getter or Proxy that throws is bad input, not a crash further in.
  try {
    values = Object.fromEntries(Object.keys(values).map((key) => [key, values[key]]));
  } catch (error) {
    throw new HeroError("invalid_input", `${what} could not be read: ${messageOf(error)}`);
  }
  // Maps, then plain objects made from them: a field named `__proto__` is a field like any
  // other (assigning it on an object would set the prototype and drop the value).
  const problems = new Map<string, string>();
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) problems.set(name, "unknown field");
  }
  const result = new Map<string, unknown>();
  for (const field of fields) {
    // Own fields only: a field named `constructor` must not find Object's.
    const value = Object.hasOwn(values, field.name) ? values[field.name] : undefined;
    if (value === undefined || value === null || value === "") {
      if (field.default !== null && field.default !== undefined)
        result.set(field.name, field.default);
      else if (field.required && field.field_type !== "bool") problems.set(field.name, "required");
      else if (field.field_type === "bool") result.set(field.name, false);
      continue;
    }
    const problem = checkValue(field, value);
    if (problem) problems.set(field.name, problem);
    // A JSON field's value is stored and sent as JSON: keep exactly what the flow will get.
    else
      result.set(
        field.name,
        field.field_type === "json" ? JSON.parse(JSON.stringify(value)) : value,
      );
  }
  if (problems.size > 0) {
    const detail = [...problems].map(([n, problem]) => `${n}: ${problem}`).join("; ");
    throw new HeroError(
      "invalid_input",
      `invalid ${what}: ${detail}`,
      Object.fromEntries(problems),
    );
  }
  return Object.fromEntries(result);
}

function checkValue(field: FlowField, value: unknown): string | null {
  switch (field.field_type) {
    case "str":
    case "text":
      return typeof value === "string" ? null : "expected text";
    case "int":
      if (!Number.isInteger(value)) return "expected a whole number";
      // Beyond this a JavaScript number has lost digits: the flow would get another number.
      return Number.isSafeInteger(value)
        ? null
        : `too large to keep exactly (at most ±${Number.MAX_SAFE_INTEGER})`;
    case "float":
      return typeof value === "number" && Number.isFinite(value) ? null : "expected a number";
    case "bool":
      return typeof value === "boolean" ? null : "expected true or false";
    case "choice":
      return field.options.includes(value as string)
        ? null
        : `expected one of ${field.options.join(", ")}`;
    case "json":
      return isJson(value) ? null : "expected a JSON value";
  }
}

function isJson(value: unknown): boolean {
  try {
    return JSON.stringify(value) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Throw `invalid_input` unless `value` is text (a sid or name; unknown ones are the caller's
 * `not_found`). `what` names it: "play sid".
 */
export function requireId(value: unknown, what: string): asserts value is string {
  if (typeof value !== "string") {
    throw new HeroError("invalid_input", `${what} must be text, not ${kindOf(value)}`);
  }
}

/** How a wrong argument is named in a message: "null", "a list", "a number". */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? "a list" : `a ${typeof value}`;
}

/**
 * Read the options object of the API member `member` (e.g. "plays.list") once, into a plain
 * object: absent means `{}`; anything but an object, an option name it does not know (a typo
 * would otherwise be ignored in silence), or a getter or Proxy that throws is `invalid_input`.
 */
export function readOptions<K extends string>(
  options: unknown,
  member: string,
  known: readonly K[],
): Partial<Record<K, unknown>> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    const shape = known.map((k) => `${k}?`).join(", ");
    throw new HeroError(
      "invalid_input",
      `${member} takes an object { ${shape} }, not ${kindOf(options)}`,
    );
  }
  const read: Partial<Record<K, unknown>> = {};
  try {
    for (const key of Object.keys(options)) {
      if (!(known as readonly string[]).includes(key)) {
        throw new HeroError(
          "invalid_input",
          `${member} has no option '${key}' (it takes ${known.join(", ")})`,
        );
      }
      const value = (options as Record<string, unknown>)[key];
      if (value !== undefined) read[key as K] = value;
    }
  } catch (error) {
    if (error instanceof HeroError) throw error;
    throw new HeroError(
      "invalid_input",
      `${member} options could not be read: ${messageOf(error)}`,
    );
  }
  return read;
}

/** A wrong value as a message shows it: short scalars as JSON, anything else by its kind. */
export function shownValue(value: unknown): string {
  if (typeof value === "string") {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return kindOf(value);
}

/**
 * `exportBundle`'s selection, checked: `workflows` and `plays` are lists of names or sids.
 * (Empty or absent lists choose nothing; nothing chosen at all means everything.)
 */
/** The options of `exportBundle`: `{ wheels?: boolean }`. */
export function readExportOptions(options: unknown): { wheels: boolean } {
  const { wheels } = readOptions(options, "exportBundle's options", ["wheels"]);
  if (wheels !== undefined && typeof wheels !== "boolean") {
    throw new HeroError(
      "invalid_input",
      `exportBundle's wheels must be true or false, not ${kindOf(wheels)}`,
    );
  }
  return { wheels: wheels === true };
}

export function readSelection(selection: unknown): { workflows?: string[]; plays?: string[] } {
  const read = readOptions(selection, "exportBundle", ["workflows", "plays"]);
  const checked: { workflows?: string[]; plays?: string[] } = {};
  for (const key of ["workflows", "plays"] as const) {
    const list = read[key];
    if (list === undefined) continue;
    const what = key === "workflows" ? "workflow names or sids" : "play sids";
    if (!Array.isArray(list) || list.some((id) => typeof id !== "string")) {
      const wrong = Array.isArray(list) ? list.find((id) => typeof id !== "string") : list;
      throw new HeroError(
        "invalid_input",
        `exportBundle's ${key} must be a list of ${what}, not ${Array.isArray(list) ? `a list holding ${kindOf(wrong)}` : kindOf(list)}`,
      );
    }
    checked[key] = [...list];
  }
  return checked;
}
