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
 * The play's inputs, output and error as one lower-case text. The JSON texts Python wrote are
 * used when stored, so a search finds a value as the play page shows it.
 */
export function searchableText(play: Play): string {
  const parts = [
    play.input_json ?? JSON.stringify(play.input_data),
    play.output_data === null || play.output_data === undefined
      ? ""
      : (play.output_json ?? JSON.stringify(play.output_data)),
    play.error ? `${play.error.message}\n${play.error.traceback ?? ""}` : "",
  ];
  return parts.join("\n").toLowerCase();
}
