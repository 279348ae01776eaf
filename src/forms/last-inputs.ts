/**
 * The inputs a flow's run form was last sent with, per flow (by sid, so a rename keeps them), in
 * localStorage: the form opens with them instead of the defaults. A browser that refuses
 * storage (full, private mode) only loses the convenience.
 */
const PREFIX = "hero_logic.inputs.";

export function rememberInputs(workflowSid: string, values: Record<string, unknown>): void {
  try {
    localStorage.setItem(PREFIX + workflowSid, JSON.stringify(values));
  } catch {
    // Not kept: the next form opens with the defaults.
  }
}

/** The inputs last used for the flow, or undefined (none, or not readable as an object). */
export function lastInputs(workflowSid: string): Record<string, unknown> | undefined {
  try {
    const text = localStorage.getItem(PREFIX + workflowSid);
    const value: unknown = text === null ? undefined : JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function forgetInputs(workflowSid: string): void {
  try {
    localStorage.removeItem(PREFIX + workflowSid);
  } catch {
    // Nothing kept, or nothing to do.
  }
}
