import type { HeroDb } from "../../db/schema";

/** One answer a person gave to one of a play's pauses, as `plays.answers` returns it. */
export interface GivenAnswer {
  /** The pause key the answer is stored under: `approve`, then `approve#1`, … */
  key: string;
  /** The field values, as validated against the pause's fields. */
  answer: Record<string, unknown>;
  /** When it was given (ms since the epoch). */
  answered_at: number;
}

/**
 * The answers given to a play's pauses, in the order they were given. Prefilled answers are
 * not among them: they came with the play (`Play.prefill_resumes`), nobody gave them later.
 */
export async function givenAnswers(db: HeroDb, playSid: string): Promise<GivenAnswer[]> {
  const rows = await db.answers
    .where("[play_sid+key]")
    .between([playSid, ""], [playSid, "\uffff"])
    .toArray();
  return rows
    .map((row) => ({ key: row.key, answer: JSON.parse(row.payload), answered_at: row.answered_at }))
    .sort((a, b) => a.answered_at - b.answered_at || a.key.localeCompare(b.key));
}
