import { isFinished, type Play, type Workflow } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import type { ChildState, SpawnRequest } from "../../wire/records";
import { newPlay } from "./new-play";
import { transition } from "./transitions";

/**
 * A child play a step asked for: the request, the span of the step, and the request's inputs
 * and prefill as the texts the SDK wrote when decoding them changed what they say.
 */
export interface SpawnWish {
  request: SpawnRequest;
  spanSid: string;
  inputsJson?: string;
  prefillJson?: string;
}

/**
 * Create the child plays a batch asks for, inside the caller's transaction (the one that stores
 * the spawning step's cache row, so a child is created at most once). Returns their sids.
 */
export async function createChildren(
  db: HeroDb,
  parent: { playSid: string },
  spawns: SpawnWish[],
): Promise<string[]> {
  const created: string[] = [];
  // A batch still on its way when the parent was cancelled (or stopped) is stored after that:
  // its children are recorded as cancelled with it, never started.
  const parentPlay = await db.plays.get(parent.playSid);
  const stopped = parentPlay?.status !== "running";
  for (const { request, spanSid, inputsJson, prefillJson } of spawns) {
    if (await db.plays.get(request.sid)) continue;
    const workflow = await db.workflows.where("name").equals(request.workflow).first();
    const versionSid = request.version_sid || workflow?.current_version_sid || "";
    const version = versionSid ? await db.versions.get(versionSid) : undefined;
    const child = newPlay({
      sid: request.sid,
      workflowSid: workflow?.sid ?? "",
      versionSid,
      pinned: Boolean(request.version_sid),
      inputs: request.inputs,
      prefill: request.prefill,
      // A cassette play's children send nothing either: the recorded play's matching child
      // answers them (its calls are its own, not its parent's).
      cassetteOf:
        parentPlay?.cassette_of &&
        (await recordedChild(db, parentPlay, workflow?.sid, request, inputsJson)),
    });
    child.parent_play_sid = parent.playSid;
    child.parent_span_sid = spanSid;
    if (inputsJson !== undefined) child.input_json = inputsJson;
    if (prefillJson !== undefined) child.prefill_json = prefillJson;
    if (!workflow || !version || version.workflow_sid !== workflow.sid) {
      const message = `no workflow '${request.workflow}'${request.version_sid ? ` at version ${request.version_sid}` : ""}`;
      child.status = "failed";
      child.error = { type: "NotFound", message, traceback: "" };
      child.ended_at = Date.now();
    } else if (stopped) {
      child.status = "cancelled";
      child.ended_at = Date.now();
    }
    await db.plays.add(child);
    if (child.status === "pending") created.push(child.sid);
  }
  return created;
}

/**
 * The child of `parent`'s recorded play (`cassette_of`) that a new child of `parent` replays:
 * the one of the same workflow and inputs, by occurrence (the second such child of the cassette
 * play takes the second such recorded child). None: the recorded play itself, whose recording
 * then says which call it does not hold.
 */
async function recordedChild(
  db: HeroDb,
  parent: Play,
  workflowSid: string | undefined,
  request: SpawnRequest,
  inputsJson: string | undefined,
): Promise<string> {
  const recordedSid = parent.cassette_of!;
  const inputs = inputsJson ?? JSON.stringify(request.inputs);
  const alike = (child: Play) =>
    child.workflow_sid === workflowSid &&
    (child.input_json ?? JSON.stringify(child.input_data)) === inputs;
  const [recorded, made] = await Promise.all([
    db.plays.where("parent_play_sid").equals(recordedSid).toArray(),
    db.plays.where("parent_play_sid").equals(parent.sid).toArray(),
  ]);
  const candidates = recorded.filter(alike).sort((a, b) => a.created_at - b.created_at);
  return candidates[made.filter(alike).length]?.sid ?? recordedSid;
}

/** A play's children (`children`) as `flow.wait` sees them, named from the library. */
export function childStates(children: Play[], workflows: Workflow[]): Record<string, ChildState> {
  const names = new Map(workflows.map((w) => [w.sid, w.name]));
  const states: Record<string, ChildState> = {};
  for (const child of children) {
    states[child.sid] = {
      workflow: names.get(child.workflow_sid) ?? "?",
      status: child.status,
      output_json: outputJson(child),
      error: child.error,
    };
  }
  return states;
}

/** A play's output as JSON text: the text its run wrote, or (stored before that) the value. */
export function outputJson(play: Play): string {
  return play.output_json ?? JSON.stringify(play.output_data ?? null);
}

/** Whether every play in `sids` has finished. */
export async function allFinished(db: HeroDb, sids: string[]): Promise<boolean> {
  const plays = await db.plays.bulkGet(sids);
  return plays.every(isFinished);
}

/**
 * After `child` finished: if its parent waits and every play it waits on has finished, queue
 * the parent again. Runs in the caller's transaction; returns the parent's sid to enqueue.
 */
export async function wakeParent(db: HeroDb, child: Play): Promise<string | null> {
  if (!child.parent_play_sid) return null;
  const parent = await db.plays.get(child.parent_play_sid);
  if (parent?.status !== "waiting" || !(await allFinished(db, parent.waiting_on))) return null;
  await transition(db, parent.sid, "pending", { waiting_on: [] }, ["waiting"]);
  return parent.sid;
}
