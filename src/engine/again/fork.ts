import type { Play, Span, Workflow, WorkflowVersion } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { HeroError, notFound, quoteId } from "../errors";
import { requireGranted } from "../network/grants";
import { trustKey } from "../run/pool";
import { newPlay } from "../store/new-play";
import { runSpans } from "../store/spans";
import { readOptions, requireId, validateFields } from "../validate";
import { type ForkSeed, readForkSeed, writeForkSeed } from "./fork-seed";
import { stepKeyVersion } from "./retry-keys";

export interface ForkOptions {
  /**
   * The span to fork at (a span of any run of the play): the steps that finished before it
   * started replay in the fork, it and everything after it execute. Absent: a plain run again.
   */
  fromSpan?: string;
  /** The fork's inputs (default: the play's), checked as `plays.start` checks them. */
  inputs?: Record<string, unknown>;
  /**
   * The version the fork runs (every run). Default: with `fromSpan`, the version that span's
   * run executed (so its steps replay); without, the flow's current version.
   */
  versionSid?: string;
}

/**
 * `plays.fork` and `plays.forks`. `enqueue` queues a play with the trust key of the code it
 * runs (see `codeToRun`).
 */
export function createForks(db: HeroDb, enqueue: (playSid: string, key?: string) => void) {
  /**
   * A new play of the same flow that starts from `fromSpan` of play `playSid`: its step cache
   * holds the outputs and pause answers of the steps that finished before that span started,
   * in the order the original ran them. The original is not changed; an imported (read-only)
   * play can be forked when its flow is in this library.
   */
  async function fork(playSid: string, options: ForkOptions = {}): Promise<Play> {
    requireId(playSid, "play sid");
    const read = readOptions(options, "plays.fork", ["fromSpan", "inputs", "versionSid"]);
    if (read.fromSpan !== undefined) requireId(read.fromSpan, "fromSpan");
    if (read.versionSid !== undefined) requireId(read.versionSid, "versionSid");
    const tables = [
      db.plays,
      db.workflows,
      db.versions,
      db.batches,
      db.outputs,
      db.answers,
      db.grants,
    ];
    const { play, key } = await db.transaction("rw", tables, async () => {
      const original = await db.plays.get(playSid);
      if (!original) throw notFound("play", playSid);
      const workflow = await flowOf(db, original);
      const chosen =
        read.fromSpan === undefined ? null : await findSpan(db, original, read.fromSpan as string);
      const version = await versionFor(
        db,
        workflow,
        (read.versionSid as string | undefined) ?? chosen?.span.version_sid,
      );
      await requireGranted(db, workflow, version);
      const inputs = (read.inputs ?? original.input_data) as Record<string, unknown>;
      const created: Play = {
        ...newPlay({
          workflowSid: workflow.sid,
          versionSid: version.sid,
          // A version other than the current one is kept for every run, as `start` does.
          pinned: version.sid !== workflow.current_version_sid || read.versionSid !== undefined,
          inputs: validateFields(version.inputs, inputs, "inputs"),
          prefill: original.prefill_resumes,
          timeoutMs: original.timeout_ms,
          maxChildren: original.max_children ?? null,
        }),
        prefill_only: original.prefill_only,
        forked_from: {
          play_sid: original.sid,
          span_sid: chosen?.span.sid ?? null,
          run_no: chosen?.runNo ?? original.run_count,
        },
      };
      // The exact texts a parent wrote for a child play go on with the same values.
      if (read.inputs === undefined && original.input_json !== undefined) {
        created.input_json = original.input_json;
      }
      if (original.prefill_json !== undefined) created.prefill_json = original.prefill_json;
      // A retried play's steps may be keyed by the version its failed run executed (see
      // `PlayRetry`): the fork keys them the same way, or what it carries would not replay.
      const keyVersion = stepKeyVersion(original, version.sid);
      if (keyVersion !== version.sid) {
        created.retried = {
          run_no: 1,
          version_sid: version.sid,
          key_version_sid: keyVersion,
          forget: [],
        };
      }
      await db.plays.add(created);
      if (chosen) {
        const seed: ForkSeed = await readForkSeed(db, original.sid, chosen.spans, chosen.span);
        await writeForkSeed(db, created.sid, seed);
      }
      return { play: created, key: trustKey(workflow.sid, version.sid) };
    });
    enqueue(play.sid, key);
    return play;
  }

  /** The plays forked from `playSid`, newest first. */
  async function forks(playSid: string): Promise<Play[]> {
    requireId(playSid, "play sid");
    const play = await db.plays.get(playSid);
    if (!play) throw notFound("play", playSid);
    // A fork is a play of the same flow: its index narrows the search (and a live query on it).
    const found = await db.plays
      .where("workflow_sid")
      .equals(play.workflow_sid)
      .filter((p) => p.forked_from?.play_sid === playSid)
      .toArray();
    return found.sort((a, b) => b.created_at - a.created_at);
  }

  return { fork, forks };
}

export type Forks = ReturnType<typeof createForks>;

/** The workflow a fork of `play` runs: the play's own, which must be in this library. */
async function flowOf(db: HeroDb, play: Play): Promise<Workflow> {
  const workflow = play.workflow_sid ? await db.workflows.get(play.workflow_sid) : undefined;
  if (workflow) return workflow;
  const how = play.imported_at ? "deleted, or not imported with the play" : "deleted";
  throw new HeroError(
    "not_found",
    `play ${quoteId(play.sid)} cannot be forked: its flow is not in this library (${how}). ` +
      "A fork runs the flow here: import the flow (or a bundle that holds it) first.",
  );
}

/** `sid`, a version of `workflow` (default its current one); `not_found` as `start` says it. */
async function versionFor(
  db: HeroDb,
  workflow: Workflow,
  sid: string | undefined,
): Promise<WorkflowVersion> {
  const wanted = sid ?? workflow.current_version_sid;
  const version = await db.versions.get(wanted);
  if (!version || version.workflow_sid !== workflow.sid) {
    throw notFound(`version of '${workflow.name}'`, wanted);
  }
  return version;
}

/** Span `spanSid` of `play` with the spans of its run, latest run first; `invalid_input` if none. */
async function findSpan(
  db: HeroDb,
  play: Play,
  spanSid: string,
): Promise<{ span: Span; spans: Span[]; runNo: number }> {
  for (let runNo = play.run_count; runNo >= 1; runNo--) {
    const spans = await runSpans(db, play.sid, runNo);
    const span = spans.find((s) => s.sid === spanSid);
    if (span) return { span, spans, runNo };
  }
  throw new HeroError(
    "invalid_input",
    `fromSpan ${quoteId(spanSid)} is not a span of play ${quoteId(play.sid)}`,
  );
}
