import { readFileSync } from "node:fs";
import type { FlowField } from "../db/records";
import { HeroError } from "../engine/errors";
import { validateFields } from "../engine/validate";

/** The verdict on a payload: what the flow receives, or the problem of each bad field. */
export type Verdict = { accepted: Record<string, unknown> } | { refused: Record<string, string> };

/** One vector of field-vectors.json, its field set resolved (see the file's "about"). */
export type FieldVector = Verdict & {
  case: string;
  fields: FlowField[];
  values: Record<string, unknown>;
  typed?: Record<string, string | boolean>;
  form_refused?: Record<string, string>;
};

interface VectorsFile {
  field_sets: Record<string, Partial<FlowField>[]>;
  vectors: (Omit<FieldVector, "fields"> & { fields: string | Partial<FlowField>[] })[];
}

/** The file's path: the SDK's tests read the same file in Python. */
export const FIELD_VECTORS_PATH = new URL("./field-vectors.json", import.meta.url);

/** A declaration with the keys it leaves out filled as the SDK's `normalize_field` fills them. */
function declared(field: Partial<FlowField>): FlowField {
  return {
    name: field.name ?? "",
    field_type: field.field_type ?? "str",
    description: field.description ?? "",
    required: field.required ?? true,
    default: field.default ?? null,
    options: field.options ?? [],
  };
}

/** Every vector, read as JavaScript reads JSON (so 9007199254740993 is 2^53 here). */
export function fieldVectors(): FieldVector[] {
  const file = JSON.parse(readFileSync(FIELD_VECTORS_PATH, "utf8")) as VectorsFile;
  return file.vectors.map((vector) => {
    const fields =
      typeof vector.fields === "string" ? file.field_sets[vector.fields] : vector.fields;
    if (!fields) throw new Error(`${vector.case}: no field set named '${vector.fields}'`);
    return { ...vector, fields: fields.map(declared) } as FieldVector;
  });
}

/** The engine's verdict on `values` (`validateFields`, as plays.start and resume judge them). */
export function engineVerdict(fields: FlowField[], values: Record<string, unknown>): Verdict {
  try {
    return { accepted: validateFields(fields, values, "inputs") };
  } catch (error) {
    if (error instanceof HeroError) return { refused: error.fields };
    throw error;
  }
}

/** What a vector expects: `accepted` or `refused`, without its other keys. */
export function expectedVerdict(vector: FieldVector): Verdict {
  return "accepted" in vector ? { accepted: vector.accepted } : { refused: vector.refused };
}
