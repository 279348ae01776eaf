import type { Play, RunRecord, Span } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { notFound } from "../errors";
import { runSpans } from "../store/spans";

/** One execution of a play's body as a trace shows it: what ended it (null: still going). */
export interface TracedRun {
  run_no: number;
  record: Omit<RunRecord, "journal"> | null;
  /** Opening order; replayed steps expanded. */
  spans: Span[];
}

/** A play with its flow's name and every run it has made so far. */
export interface TracedPlay {
  play: Play;
  /** The flow's name (its sid when the flow was deleted). */
  workflow: string;
  runs: TracedRun[];
}

/** What a trace export reads: a play and, below it, its child plays (parents first). */
export interface PlayTrace {
  root: TracedPlay;
  plays: TracedPlay[];
  /** When it was read: the end of whatever is still open. */
  exported_at: number;
}

/**
 * Read a play and all its descendants with their runs and spans, in one read transaction so the
 * picture is consistent while the play goes on. `not_found` for an unknown play.
 */
export async function collectTrace(db: HeroDb, playSid: string): Promise<PlayTrace> {
  const tables = [db.plays, db.workflows, db.runs, db.batches, db.outputs];
  return db.transaction("r", tables, async () => {
    const root = await db.plays.get(playSid);
    if (!root) throw notFound("play", playSid);
    const plays: TracedPlay[] = [];
    const seen = new Set<string>();
    const queue = [root];
    for (let play = queue.shift(); play; play = queue.shift()) {
      if (seen.has(play.sid)) continue;
      seen.add(play.sid);
      plays.push(await tracedPlay(db, play));
      const children = await db.plays.where("parent_play_sid").equals(play.sid).toArray();
      queue.push(...children.sort((a, b) => a.created_at - b.created_at));
    }
    return { root: plays[0]!, plays, exported_at: Date.now() };
  });
}

async function tracedPlay(db: HeroDb, play: Play): Promise<TracedPlay> {
  const workflow = await db.workflows.get(play.workflow_sid);
  const records = await db.runs
    .where("[play_sid+run_no]")
    .between([play.sid, -Infinity], [play.sid, Infinity])
    .toArray();
  const byNo = new Map(records.map(({ journal: _, ...record }) => [record.run_no, record]));
  // A run still going has spans but no record yet: the play's run count names every run.
  const last = Math.max(play.run_count, ...byNo.keys());
  const runs: TracedRun[] = [];
  for (let runNo = 1; runNo <= last; runNo++) {
    const spans = await runSpans(db, play.sid, runNo);
    runs.push({ run_no: runNo, record: byNo.get(runNo) ?? null, spans });
  }
  return { play, workflow: workflow?.name ?? play.workflow_sid, runs };
}
