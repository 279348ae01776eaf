import * as v from "valibot";
import type { FlowField } from "../../db/records";
import { HeroError } from "../errors";
import { fieldsSchema } from "../portable/bundle-schema";
import { shownValue } from "../validate";

export const FLOW_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function checkName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !FLOW_NAME.test(name)) {
    throw new HeroError(
      "invalid_input",
      `invalid workflow name ${shownValue(name)}: use letters, digits and _ (not starting with a digit, at most 64 characters)`,
    );
  }
}

export function checkLength(text: string, what: string, most: number): void {
  if (text.length > most) {
    throw new HeroError(
      "invalid_input",
      `the ${what} is too long (${text.length.toLocaleString("en")} characters; at most ${most.toLocaleString("en")})`,
    );
  }
}

/** Half of a UTF-16 surrogate pair, alone: not text Python (or any file) can hold. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkWellFormed(source: string): void {
  const match = LONE_SURROGATE.exec(source);
  if (!match) return;
  const line = source.slice(0, match.index).split("\n").length;
  throw new HeroError(
    "syntax_error",
    `line ${line}: a broken character (half of a UTF-16 surrogate pair, U+${match[0].charCodeAt(0).toString(16).toUpperCase()}) that Python cannot read`,
    {},
    line,
  );
}

/** Fields read from the decorator, within what an export can carry (sizes of names, texts). */
export function checkFields(fields: FlowField[], what: string): void {
  const parsed = v.safeParse(fieldsSchema, fields);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new HeroError(
      "invalid_input",
      `the flow's ${what}${dotPath(v.getDotPath(issue))}: ${issue.message}`,
    );
  }
}

const dotPath = (path: string | null) => (path ? ` (${path})` : "");
