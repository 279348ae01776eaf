import type { Play } from "../../db/records";
import type { HeroDb } from "../../db/schema";

/**
 * An rpc span's opening row as the SDK writes it (`_spans.py`): its call key is its only
 * attribute and the row ends there. Text a flow wrote cannot hold it unescaped but inside a
 * value (a step returning `{"call_key": …}` followed by `,null]`), which is rare enough.
 */
const CALL_ROW = /\{"call_key":"[0-9a-f]{64}"\},null\]/;

/** Whether a batch's span log opens an rpc call (an `http` or `instrument()` call). */
export function opensCall(spansText: string): boolean {
  return spansText.includes('"call_key"') && CALL_ROW.test(spansText);
}

/**
 * Mark the play and the plays above it as having made calls (`Play.made_calls`): a cassette of
 * any of them answers these calls (a child's from the recorded child). Inside the caller's
 * transaction; stops at the first play marked already.
 */
export async function markMadeCalls(db: HeroDb, playSid: string): Promise<void> {
  let sid: string | null = playSid;
  while (sid) {
    const play: Play | undefined = await db.plays.get(sid);
    if (!play || play.made_calls) return;
    await db.plays.update(sid, { made_calls: true });
    sid = play.parent_play_sid;
  }
}
