import { FLOW_NAME } from "../engine/workflows";

/** What a flow name may be, in words; the engine checks the same rule (`FLOW_NAME`). */
export const FLOW_NAME_RULE =
  "A flow name uses letters, digits and _, does not start with a digit and has at most 64 characters.";

/**
 * Why `name` cannot name a flow, pointing at what is wrong with it, or null when it can. The
 * browser's own "Please match the requested format" does not say what the format is.
 */
export function flowNameProblem(name: string): string | null {
  if (FLOW_NAME.test(name)) return null;
  return `${whatIsWrong(name)} ${FLOW_NAME_RULE}`;
}

function whatIsWrong(name: string): string {
  if (name.length === 0) return "Give the flow a name.";
  const bad = [...new Set([...name].filter((c) => !/[A-Za-z0-9_]/.test(c)))];
  if (bad.length > 0) return capitalized(`${shown(bad)} cannot be part of a name.`);
  if (/^[0-9]/.test(name)) return "It starts with a digit.";
  return `It has ${name.length} characters.`;
}

function shown(chars: string[]): string {
  const names = chars.map((c) => (c === " " ? "a space" : `“${c}”`));
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
