import type { Play, PlayStatus } from "../db/records";

/** What the plays list shows: one flow (by sid), one status, text in inputs/outputs/errors. */
export interface PlaysFilter {
  flow: string;
  status: PlayStatus | "";
  text: string;
}

export const NO_FILTER: PlaysFilter = { flow: "", status: "", text: "" };

export function isFiltering(filter: PlaysFilter): boolean {
  return Boolean(filter.flow || filter.status || filter.text.trim());
}

/** Whether a play belongs in the list under `filter`; text matches without regard to case. */
export function playMatches(play: Play, filter: PlaysFilter): boolean {
  if (filter.flow && play.workflow_sid !== filter.flow) return false;
  if (filter.status && play.status !== filter.status) return false;
  const text = filter.text.trim().toLowerCase();
  return !text || searchableText(play).includes(text);
}

/**
 * The play's inputs, output and error as one lower-case text. Values are there both as compact
 * JSON and spaced as the play page prints them (`"ok":true` and `"ok": true`), and as the
 * JSON texts Python wrote when stored, so a value is found however it was copied.
 */
export function searchableText(play: Play): string {
  const hasOutput = play.output_data !== null && play.output_data !== undefined;
  const parts = [
    ...jsonForms(play.input_data, play.input_json),
    ...(hasOutput ? jsonForms(play.output_data, play.output_json) : []),
    play.error ? `${play.error.message}\n${play.error.traceback ?? ""}` : "",
  ];
  return parts.join("\n").toLowerCase();
}

function jsonForms(value: unknown, written: string | undefined): string[] {
  // JSON escapes line breaks inside strings: the only ones in the indented text are between
  // members, and they become single spaces.
  const spaced = (JSON.stringify(value, null, 1) ?? "").replace(/\n\s*/g, " ");
  return [written ?? JSON.stringify(value), spaced];
}
