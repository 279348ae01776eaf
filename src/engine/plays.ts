import { liveQuery } from "dexie";
import { goesOnHere, isFinished, type Play, type RunRecord, type Span } from "../db/records";
import type { HeroDb } from "../db/schema";
import { HeroError, notFound } from "./errors";
import {
  type ListOptions,
  type ResumeOptions,
  readListOptions,
  readResumeOptions,
  readStartOptions,
  readWaitOptions,
  type StartOptions,
  type WaitOptions,
} from "./run/play-options";
import { trustKey } from "./run/pool";
import { measurePhase } from "./run/timing";
import { wakeParent } from "./store/children";
import { newPlay } from "./store/new-play";
import { deletePlayData, runSpans } from "./store/spans";
import { onTransition, transition } from "./store/transitions";
import { readOptions, requireId, shownValue, validateFields } from "./validate";
import type { Workflows } from "./workflows";

export type { ListOptions, ResumeOptions, StartOptions, WaitOptions } from "./run/play-options";

export function createPlays(
  db: HeroDb,
  workflows: Workflows,
  /** Queue a play; `key`: the trust key of the code it runs, when known (see `codeToRun`). */
  enqueue: (playSid: string, key?: string) => void,
  /** Stop a play's run if it is running in this tab. */
  stopRun: (playSid: string) => void,
  /** The engine's cap on child plays per play: `maxChildren` may lower it, not raise it. */
  limits: { maxChildren: number },
) {
  async function get(playSid: string): Promise<Play> {
    requireId(playSid, "play sid");
    const play = await db.plays.get(playSid);
    if (!play) throw notFound("play", playSid);
    return play;
  }

  /** Create a play and queue it; returns at once with the play `pending`. */
  async function start(
    workflowNameOrSid: string,
    inputs: Record<string, unknown> = {},
    options: StartOptions = {},
  ): Promise<Play> {
    const called = performance.now();
    const { prefill, versionSid, timeoutMs, maxChildren } = readStartOptions(
      options,
      limits.maxChildren,
    );
    // One transaction from the reads to the write: fewer round trips than one each, and the
    // play is created for the version as it was read.
    const { play, key } = await db.transaction(
      "rw",
      db.workflows,
      db.versions,
      db.plays,
      async () => {
        const workflow = await workflows.require(workflowNameOrSid);
        const sid = versionSid ?? workflow.current_version_sid;
        const version = await db.versions.get(sid);
        if (!version || version.workflow_sid !== workflow.sid) {
          throw notFound(`version of '${workflow.name}'`, sid);
        }
        const input_data = validateFields(version.inputs, inputs, "inputs");
        const created = newPlay({
          workflowSid: workflow.sid,
          versionSid: version.sid,
          pinned: versionSid !== undefined,
          inputs: input_data,
          prefill,
          timeoutMs,
          maxChildren,
        });
        await db.plays.add(created);
        return { play: created, key: trustKey(workflow.sid, version.sid) };
      },
    );
    measurePhase("start", play.sid, called);
    // What the scheduler would read back before running it, it is told.
    enqueue(play.sid, key);
    return play;
  }

  /**
   * Answer the pause a play is parked on and run it again. A payload that does not fit the
   * pause's fields is rejected (`invalid_input`) and changes nothing. A prefill-only play that
   * failed at an unanswered pause can be answered the same way.
   */
  async function resume(
    playSid: string,
    payload: Record<string, unknown>,
    options?: ResumeOptions,
  ): Promise<Play> {
    const { pause: meantFor } = readResumeOptions(options);
    // One transaction from the read to the writes: nothing can answer the pause in between,
    // and an error (a bad answer included) leaves everything as it was.
    const resumed = await db.transaction("rw", db.plays, db.answers, async () => {
      const play = await get(playSid);
      refuseImported(play, "resumed");
      const pause = play.pending_pause;
      if (!pause || !answerable(play)) {
        throw new HeroError("not_paused", `play ${playSid} is ${play.status}, not paused`);
      }
      if (meantFor !== undefined && pause.key !== meantFor) {
        throw new HeroError(
          "not_paused",
          `play ${playSid} is not paused at '${meantFor}' (answered already): it waits at '${pause.key}'`,
        );
      }
      const answer = validateFields(pause.fields, payload, `answer to '${pause.key}'`);
      // The first interactive answer ends prefill-only mode: later pauses park again.
      const patch = { pending_pause: null, prefill_only: false, error: null, ended_at: null };
      const [next] = await Promise.all([
        transition(db, playSid, "pending", patch),
        db.answers.put({
          play_sid: playSid,
          key: pause.key,
          payload: JSON.stringify(answer),
          answered_at: Date.now(),
        }),
      ]);
      return next as Play;
    });
    enqueue(playSid);
    return resumed;
  }

  /**
   * Cancel a play that has not finished, and its unfinished children. A running one is stopped
   * at once (its worker is terminated and replaced). A finished play is returned unchanged.
   */
  async function cancel(playSid: string): Promise<Play> {
    const play = await get(playSid);
    refuseImported(play, "cancelled");
    if (isFinished(play)) return play;
    const ended_at = Date.now();
    const { cancelled, woken } = await db.transaction("rw", db.plays, async () => {
      const cancelled: string[] = [];
      const visit = async (sid: string) => {
        const from = ["pending", "running", "paused", "waiting"] as const;
        const done = await transition(
          db,
          sid,
          "cancelled",
          { ended_at, pending_pause: null },
          from,
        );
        if (done) cancelled.push(sid);
        for (const child of await db.plays.where("parent_play_sid").equals(sid).toArray()) {
          // An imported child is a record from elsewhere: it stays as it was imported.
          if (goesOnHere(child)) await visit(child.sid);
        }
      };
      await visit(playSid);
      const self = await db.plays.get(playSid);
      return { cancelled, woken: self ? await wakeParent(db, self) : null };
    });
    for (const sid of cancelled) stopRun(sid);
    if (woken) enqueue(woken);
    return get(playSid);
  }

  /** Resolve when the play reaches one of `until`; `timeout` leaves the play going on. */
  async function wait(playSid: string, options: WaitOptions = {}): Promise<Play> {
    requireId(playSid, "play sid");
    const { until, timeoutMs: ms } = readWaitOptions(options);
    return new Promise((resolve, reject) => {
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stopListening();
        queueMicrotask(() => subscription.unsubscribe());
        finish();
      };
      const check = (play: Play | undefined) => {
        if (!play) settle(() => reject(notFound("play", playSid)));
        else if (until.includes(play.status)) settle(() => resolve(play));
      };
      // This tab's own changes, as they commit; the live query reads what other tabs store
      // (and the play as it is now).
      const stopListening = onTransition(db, (play) => {
        // Each caller gets a record of its own, as from a read.
        if (play.sid === playSid && until.includes(play.status)) check(structuredClone(play));
      });
      const subscription = liveQuery(() => db.plays.get(playSid)).subscribe({
        next: check,
        error: (error: unknown) => settle(() => reject(error)),
      });
      if (ms !== null) {
        const late = new HeroError(
          "timeout",
          `play ${playSid} did not reach ${until.join("/")} within ${ms} ms`,
        );
        // The live query's first answer can come after a short timer: what is stored has the
        // last word, so a play already there is returned, not a time-out.
        timer = setTimeout(() => {
          db.plays.get(playSid).then(
            (play) => {
              check(play);
              settle(() => reject(late));
            },
            (error: unknown) => settle(() => reject(error)),
          );
        }, ms);
      }
    });
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
    // A play that goes on may still make the run asked for (it has no spans yet); a finished
    // one never will.
    const never = !goesOnHere(play);
    const valid = (runNo as number) >= 1 && ((runNo as number) <= play.run_count || !never);
    if (read.runNo !== undefined && !valid) {
      const has = play.run_count === 0 ? "has not run" : `has runs 1 to ${play.run_count}`;
      throw new HeroError("not_found", `play ${playSid} has no run ${runNo}; it ${has}`);
    }
    return runSpans(db, playSid, runNo as number);
  }

  async function remove(playSid: string): Promise<void> {
    requireId(playSid, "play sid");
    const tables = [db.plays, db.runs, db.batches, db.outputs, db.answers];
    await db.transaction("rw", tables, async () => {
      const play = await get(playSid);
      // An imported play never runs here, whatever status it was exported with.
      if (!play.imported_at && (play.status === "running" || play.status === "pending")) {
        throw new HeroError(
          "invalid_input",
          `play ${playSid} is ${play.status}; wait for it to end first`,
        );
      }
      const parent = play.parent_play_sid ? await db.plays.get(play.parent_play_sid) : undefined;
      if (parent?.status === "waiting" && parent.waiting_on.includes(playSid)) {
        throw new HeroError(
          "invalid_input",
          `play ${playSid} is a child play that play ${parent.sid} waits for; cancel it, or answer it, first`,
        );
      }
      await deletePlayData(db, playSid);
      await db.plays.delete(playSid);
    });
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

  return { start, wait, resume, cancel, get, list, spans, runs, delete: remove };
}

export type Plays = ReturnType<typeof createPlays>;

export type RunSummary = Omit<RunRecord, "journal">;

/** Newest first, as the `created_at` index read backwards gives them (a tie: larger sid first). */
function newestFirst(plays: Play[]): Play[] {
  return plays.sort(
    (a, b) => b.created_at - a.created_at || (a.sid < b.sid ? 1 : a.sid > b.sid ? -1 : 0),
  );
}

/** Imported plays are records of what happened elsewhere: they never run here. */
function refuseImported(play: Play, what: string): void {
  if (play.imported_at) {
    throw new HeroError(
      "read_only",
      `play ${play.sid} was imported from a bundle: it is a read-only record and cannot be ${what} here`,
    );
  }
}

/** Paused, or failed at a pause only because the play was prefill-only. */
export function answerable(play: Play): boolean {
  return play.pending_pause !== null && (play.status === "paused" || play.status === "failed");
}
