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
    const value = values[field.name];
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
      return Number.isInteger(value) ? null : "expected a whole number";
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
