import type { FlowField } from "../db/records";
import { HeroError } from "./errors";

/**
 * Check values against fields (types, required, choices, unknown names) and fill defaults.
 * Throws `invalid_input` naming every bad field; returns the values the flow will receive.
 */
export function validateFields(
  fields: FlowField[],
  values: Record<string, unknown>,
  what: string,
): Record<string, unknown> {
  if (values === null || typeof values !== "object" || Array.isArray(values)) {
    throw new HeroError("invalid_input", `${what} must be an object of field values`);
  }
  const problems: Record<string, string> = {};
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) problems[name] = "unknown field";
  }
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    // Own fields only: a field named `constructor` must not find Object's.
    const value = Object.hasOwn(values, field.name) ? values[field.name] : undefined;
    if (value === undefined || value === null || value === "") {
      if (field.default !== null && field.default !== undefined) result[field.name] = field.default;
      else if (field.required && field.field_type !== "bool") problems[field.name] = "required";
      else if (field.field_type === "bool") result[field.name] = false;
      continue;
    }
    const problem = checkValue(field, value);
    if (problem) problems[field.name] = problem;
    else result[field.name] = value;
  }
  const names = Object.keys(problems);
  if (names.length > 0) {
    const detail = names.map((n) => `${n}: ${problems[n]}`).join("; ");
    throw new HeroError("invalid_input", `invalid ${what}: ${detail}`, problems);
  }
  return result;
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
    const shown =
      value === null || value === undefined
        ? String(value)
        : Array.isArray(value)
          ? "a list"
          : `a ${typeof value}`;
    throw new HeroError("invalid_input", `${what} must be text, not ${shown}`);
  }
}
