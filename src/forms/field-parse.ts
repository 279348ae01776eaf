import type { FlowField } from "../db/records";

/** Raw form state of one field: text for text-like controls, a boolean for checkboxes. */
export type RawValue = string | boolean;

/** What a control shows at first: `value` (by default the field's default) as text. */
export function initialRaw(field: FlowField, value: unknown = field.default): RawValue {
  if (field.field_type === "bool") return value === true;
  if (value === null || value === undefined) return "";
  if (field.field_type === "json") return JSON.stringify(value, null, 2);
  return String(value);
}

/** A number as people write it: digits, one optional dot, an optional exponent. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Turn a raw control value into the typed value the flow gets, a message for the field, or
 * `null` for "left empty" (the engine then fills the default or says "required").
 *
 * The engine (`validateFields`) is the judge; this only reads text the way a person means it,
 * so the form accepts exactly what `plays.start`/`resume` accept: spaces around a number are
 * ignored, a text is kept as typed (spaces too: only "" is empty, as for the engine), and
 * whatever a number control would have turned into another number (a comma, "NaN", a value
 * past 2^53) is refused with a message instead. src/test-support/field-vectors.json, the field
 * rules that the engine and the SDK are tested against, holds what people type there too.
 */
export function parseRaw(
  field: FlowField,
  raw: RawValue,
): { value: unknown } | { error: string } | null {
  if (typeof raw === "boolean") return { value: raw };
  switch (field.field_type) {
    case "int":
      return raw.trim() === "" ? null : readInt(raw.trim());
    case "float":
      return raw.trim() === "" ? null : readFloat(raw.trim());
    case "json":
      if (raw.trim() === "") return null;
      try {
        const value: unknown = JSON.parse(raw);
        // The engine reads null as "no value": say so rather than a bare "required".
        if (value === null && field.required && (field.default ?? null) === null) {
          return { error: "required (null counts as no value)" };
        }
        return { value };
      } catch (error) {
        return { error: `invalid JSON: ${(error as Error).message}` };
      }
    case "choice":
      if (raw === "") return null;
      return field.options.includes(raw)
        ? { value: raw }
        : { error: `expected one of ${field.options.join(", ")}` };
    default:
      return raw === "" ? null : { value: raw };
  }
}

function readInt(text: string): { value: number } | { error: string } {
  if (/^[-+]?\d+$/.test(text)) {
    const value = Number(text);
    // Past this a number has lost digits: the flow would get another number than typed.
    if (!Number.isSafeInteger(value)) {
      return { error: `too large to keep exactly (at most ±${Number.MAX_SAFE_INTEGER})` };
    }
    // "-0" is 0: JSON, hence the flow, has no negative zero.
    return { value: value === 0 ? 0 : value };
  }
  if (DECIMAL.test(text)) {
    const value = Number(text);
    // "1e3" or "2.0" mean a whole number: say how to write it rather than guess.
    if (Number.isSafeInteger(value)) {
      return { error: `expected a whole number in digits, like ${value === 0 ? 0 : value}` };
    }
  }
  return { error: "expected a whole number" };
}

function readFloat(text: string): { value: number } | { error: string } {
  if (/^[-+]?\d+,\d+$/.test(text)) {
    return { error: `expected a number with a dot for decimals, like ${text.replace(",", ".")}` };
  }
  if (!DECIMAL.test(text)) {
    return /^[-+]?(inf(inity)?|nan)$/i.test(text)
      ? { error: "expected a finite number, like 1.5" }
      : { error: "expected a number, like 1.5" };
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    return { error: `too large (at most ±${Number.MAX_VALUE})` };
  }
  return { value: value === 0 ? 0 : value };
}

/**
 * A whole form's values, typed, and a message for each field that cannot be sent: a parse
 * error, or "required" for a required field left empty that has no default to fall back on.
 */
export function parseFields(
  fields: readonly FlowField[],
  rawOf: (field: FlowField) => RawValue,
): { values: Record<string, unknown>; problems: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const parsed = parseRaw(field, rawOf(field));
    if (parsed && "error" in parsed) problems[field.name] = parsed.error;
    else if (parsed) values[field.name] = parsed.value;
    else if (field.required && (field.default === null || field.default === undefined)) {
      problems[field.name] =
        field.field_type === "choice"
          ? `required: choose one of ${field.options.join(", ")}`
          : "required";
    }
  }
  return { values, problems };
}
