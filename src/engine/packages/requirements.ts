import { parseSpecifiers, type Specifier } from "./versions";

/**
 * A requirement as PEP 508 writes it, in the part this app resolves: a name, extras and
 * version specifiers, and (in a wheel's `Requires-Dist`) an environment marker. A URL
 * (`name @ https://…`) is never one: nothing is fetched.
 */
export interface Requirement {
  /** Normalized (PEP 503). */
  name: string;
  extras: string[];
  specifiers: Specifier[];
  /** The marker after `;`, as written; null without one. */
  marker: string | null;
  text: string;
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;
const EXTRAS = /^\[\s*([^\]]*)\]\s*/;

/** PEP 503: lower case, every run of `-`, `_` and `.` one `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * Read a requirement, or say why it is not one. `allowMarker`: a flow's own dependencies are
 * for this browser's one Python, so a marker there is refused; a wheel's `Requires-Dist` may
 * have one (evaluated by `markerHolds`).
 */
export function parseRequirement(text: string, allowMarker: boolean): Requirement | string {
  const [body = "", ...markerParts] = text.split(";");
  const marker = markerParts.length ? markerParts.join(";").trim() : null;
  if (marker !== null && !allowMarker) {
    return `'${text}': environment markers (after ';') are not supported in a flow's dependencies; this browser has one Python`;
  }
  const named = NAME.exec(body);
  if (!named) return `'${text}' is not a requirement: it must start with a package name`;
  let rest = body.slice(named[0].length);
  if (rest.startsWith("@"))
    return `'${text}': a URL requirement is not supported (nothing is downloaded)`;
  let extras: string[] = [];
  const bracket = EXTRAS.exec(rest);
  if (bracket) {
    extras = bracket[1]!
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean);
    if (extras.some((e) => !NAME.test(e) || NAME.exec(e)![0].trim() !== e)) {
      return `'${text}': extras must be names ([a, b])`;
    }
    extras = extras.map(normalizeName);
    rest = rest.slice(bracket[0].length);
  }
  rest = rest.trim();
  if (rest.startsWith("(") && rest.endsWith(")")) rest = rest.slice(1, -1);
  const specifiers = parseSpecifiers(rest);
  if (typeof specifiers === "string") return `'${text}': ${specifiers}`;
  return { name: normalizeName(named[1]!), extras, specifiers, marker, text };
}

/** `attrs>=23,<24` for messages: the name and its specifiers. */
export function describeRequirement(r: Requirement): string {
  const specs = r.specifiers.map((s) => `${s.op}${s.version}`).join(",");
  return `${r.name}${specs}`;
}
