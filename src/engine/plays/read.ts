import { goesOnHere, type Play, type RunRecord, type Span } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { HeroError, notFound } from "../errors";
import { type ListOptions, readListOptions } from "../run/play-options";
import { runSpans } from "../store/spans";
import { readOptions, requireId, shownValue } from "../validate";
import type { Workflows } from "../workflows";

export type RunSummary = Omit<RunRecord, "journal">;

/** Reading plays: one by sid, a list of them, the spans of a run, and the runs. */
export function createPlayReads(db: HeroDb, workflows: Pick<Workflows, "require">) {
  async function get(playSid: string): Promise<Play> {
    requireId(playSid, "play sid");
    const play = await db.plays.get(playSid);
    if (!play) throw notFound("play", playSid);
    return play;
  }

  async function list(options: ListOptions = {}): Promise<Play[]> {
    const { statuses, workflow: workflowId, parent } = readListOptions(options);
    const workflow = workflowId === undefined ? null : await workflows.require(workflowId);
    if (parent !== undefined) await get(parent);
    // Through the narrowest index: a live list of the paused plays (the rail's count) reads
    // those alone, and is not read again when a play goes from running to completed.
    const plays =
      parent !== undefined
        ? newestFirst(await db.plays.where("parent_play_sid").equals(parent).toArray())
        : statuses
          ? newestFirst(await db.plays.where("status").anyOf(statuses).toArray())
          : workflow
            ? newestFirst(await db.plays.where("workflow_sid").equals(workflow.sid).toArray())
            : await db.plays.orderBy("created_at").reverse().toArray();
    return plays.filter(
      (p) =>
        (!statuses || statuses.includes(p.status)) &&
        (!workflow || p.workflow_sid === workflow.sid),
    );
  }

  /** The spans of one run (the latest by default), in opening order. */
  async function spans(playSid: string, options: { runNo?: number } = {}): Promise<Span[]> {
    const read = readOptions(options, "plays.spans", ["runNo"]);
    const play = await get(playSid);
    const runNo = read.runNo ?? play.run_count;
    if (!Number.isInteger(runNo)) {
      throw new HeroError(
        "invalid_input",
        `runNo must be a whole number, not ${shownValue(runNo)}`,
      );
    }
    if (read.runNo !== undefined) refuseRunNever(play, runNo as number);
    return runSpans(db, playSid, runNo as number);
  }

  /** Every run of the play, oldest first: what ended it and under which version. */
  async function runs(playSid: string): Promise<RunSummary[]> {
    await get(playSid);
    const records = await db.runs
      .where("[play_sid+run_no]")
      .between([playSid, -Infinity], [playSid, Infinity])
      .toArray();
    return records.map(({ journal: _, ...summary }) => summary);
  }

  return { get, list, spans, runs };
}

/**
 * A run asked for by number must be one the play has, or one it may still make: a play that
 * goes on may still make the run asked for (it has no spans yet); a finished one never will.
 */
function refuseRunNever(play: Play, runNo: number): void {
  const never = !goesOnHere(play);
  const valid = runNo >= 1 && (runNo <= play.run_count || !never);
  if (valid) return;
  const has = play.run_count === 0 ? "has not run" : `has runs 1 to ${play.run_count}`;
  throw new HeroError("not_found", `play ${play.sid} has no run ${runNo}; it ${has}`);
}

/** Newest first, as the `created_at` index read backwards gives them (a tie: larger sid first). */
function newestFirst(plays: Play[]): Play[] {
  return plays.sort(
    (a, b) => b.created_at - a.created_at || (a.sid < b.sid ? 1 : a.sid > b.sid ? -1 : 0),
  );
}
