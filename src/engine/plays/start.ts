import { isFinished, type Play } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { HeroError, notFound, quoteId } from "../errors";
import { requireGranted } from "../network/grants";
import {
  type ResumeOptions,
  readResumeOptions,
  readStartOptions,
  type StartOptions,
} from "../run/play-options";
import { trustKey } from "../run/pool";
import { measurePhase } from "../run/timing";
import { newPlay } from "../store/new-play";
import { move } from "../store/transitions";
import { validateFields } from "../validate";
import type { Workflows } from "../workflows";
import { answerable, refuseImported } from "./rules";

/** Setting plays going: a new one, and one parked on a pause with its answer. */
export function createPlayStarts(
  db: HeroDb,
  workflows: Pick<Workflows, "require">,
  get: (playSid: string) => Promise<Play>,
  /** Queue a play; `key`: the trust key of the code it runs, when known (see `codeToRun`). */
  enqueue: (playSid: string, key?: string) => void,
  /** The engine's cap on child plays per play: `maxChildren` may lower it, not raise it. */
  limits: { maxChildren: number },
) {
  /** Create a play and queue it; returns at once with the play `pending`. */
  async function start(
    workflowNameOrSid: string,
    inputs: Record<string, unknown> = {},
    options: StartOptions = {},
  ): Promise<Play> {
    const called = performance.now();
    const { prefill, versionSid, timeoutMs, maxChildren, cassette } = readStartOptions(
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
      db.grants,
      async () => {
        const workflow = await workflows.require(workflowNameOrSid);
        const sid = versionSid ?? workflow.current_version_sid;
        const version = await db.versions.get(sid);
        if (!version || version.workflow_sid !== workflow.sid) {
          throw notFound(`version of '${workflow.name}'`, sid);
        }
        // A cassette replay sends nothing: it needs no grant.
        if (cassette === undefined) await requireGranted(db, workflow, version);
        const input_data = validateFields(version.inputs, inputs, "inputs");
        if (cassette !== undefined) await requireRecording(db, cassette);
        const created = newPlay({
          workflowSid: workflow.sid,
          versionSid: version.sid,
          pinned: versionSid !== undefined,
          inputs: input_data,
          prefill,
          timeoutMs,
          maxChildren,
          cassetteOf: cassette,
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
    const tables = [db.plays, db.answers, db.workflows, db.versions, db.grants];
    const resumed = await db.transaction("rw", tables, async () => {
      const play = await get(playSid);
      const pause = pauseToAnswer(play, meantFor);
      const key = await keyToGoOn(db, play);
      const answer = validateFields(pause.fields, payload, `answer to '${pause.key}'`);
      // The first interactive answer ends prefill-only mode: later pauses park again.
      const patch = { pending_pause: null, prefill_only: false, error: null, ended_at: null };
      // The play as read above: nothing in this transaction changed it since.
      const [next] = await Promise.all([
        move(db, play, "pending", patch),
        db.answers.put({
          play_sid: playSid,
          key: pause.key,
          payload: JSON.stringify(answer),
          answered_at: Date.now(),
        }),
      ]);
      return { play: next, key };
    });
    // The code its next run needs is known here: the scheduler need not read it again.
    enqueue(playSid, resumed.key);
    return resumed.play;
  }

  return { start, resume };
}

/**
 * The play a cassette play takes its answers from: it must exist and be finished (a play still
 * going may record more calls). Any workflow's play will do: calls are matched by what they
 * are, not by the code that makes them, and a call not in the recording fails saying so.
 */
async function requireRecording(db: HeroDb, playSid: string): Promise<void> {
  const recorded = await db.plays.get(playSid);
  if (!recorded) throw notFound("play (the cassette to replay)", playSid);
  if (!isFinished(recorded)) {
    throw new HeroError(
      "invalid_input",
      `play ${quoteId(playSid)} is ${recorded.status}: a cassette is the recording of a finished play (completed, failed or cancelled)`,
    );
  }
}

/** The pause a resume answers: the one the play waits at, and the one meant, when named. */
function pauseToAnswer(play: Play, meantFor: string | undefined) {
  refuseImported(play, "resumed");
  const pause = play.pending_pause;
  if (!pause || !answerable(play)) {
    throw new HeroError("not_paused", `play ${play.sid} is ${play.status}, not paused`);
  }
  if (meantFor !== undefined && pause.key !== meantFor) {
    throw new HeroError(
      "not_paused",
      `play ${play.sid} is not paused at '${meantFor}' (answered already): it waits at '${pause.key}'`,
    );
  }
  return pause;
}

/**
 * The worker key of the code a play's next run executes (as `codeToRun` gives it). Refused
 * (`needs_grant`) when that version declares origins no longer (or not yet) granted, unless the
 * play replays a cassette. A play whose flow or version is gone is not refused here: its run
 * fails saying so.
 */
async function keyToGoOn(db: HeroDb, play: Play): Promise<string> {
  const workflow = await db.workflows.get(play.workflow_sid);
  const versionSid = play.pinned_version_sid ?? workflow?.current_version_sid ?? play.version_sid;
  if (!play.cassette_of) {
    const version = await db.versions.get(versionSid);
    if (workflow && version) await requireGranted(db, workflow, version);
  }
  return trustKey(play.workflow_sid, versionSid);
}
