import type { FlowField } from "../db/records";

/** A `text` output of a play, to show as text: its field name and the text. */
export interface TextOutput {
  name: string;
  text: string;
}

/**
 * The outputs declared `text` that hold a string, in the order the flow declares them: a
 * dict output's keys, or a bare string when the flow declares a single output, of type text.
 */
export function textOutputs(
  output: unknown,
  fields: readonly FlowField[] | undefined,
): TextOutput[] {
  const texts = (fields ?? []).filter((f) => f.field_type === "text");
  if (texts.length === 0) return [];
  if (typeof output === "string") {
    return fields?.length === 1 ? [{ name: texts[0]!.name, text: output }] : [];
  }
  if (!output || typeof output !== "object" || Array.isArray(output)) return [];
  const values = output as Record<string, unknown>;
  return texts.flatMap((f) => {
    const value = Object.hasOwn(values, f.name) ? values[f.name] : undefined;
    return typeof value === "string" ? [{ name: f.name, text: value }] : [];
  });
}

/** The output without the keys `textOutputs` took: what the text view shows as JSON below them. */
export function otherOutputs(output: unknown, texts: readonly TextOutput[]): unknown {
  if (!output || typeof output !== "object" || Array.isArray(output)) return undefined;
  const taken = new Set(texts.map((t) => t.name));
  const rest = Object.entries(output).filter(([key]) => !taken.has(key));
  return rest.length > 0 ? Object.fromEntries(rest) : undefined;
}
