import type { Play, Workflow, WorkflowVersion } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { notFound } from "../errors";
import { portablePlayData } from "../store/spans";
import type { BundleSelection } from "./bundle";
import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle } from "./bundle-schema";

/**
 * Collect a bundle from the database, in one read transaction so it is a consistent picture.
 * Chosen workflows come with all their versions; chosen plays come with their child plays and
 * everything needed to show them elsewhere (their runs, span batches, step outputs, pause
 * answers, and the workflow versions they ran). Nothing chosen: the whole library and every play.
 */
export async function collectBundle(db: HeroDb, selection: BundleSelection = {}): Promise<Bundle> {
  const tables = [db.workflows, db.versions, db.plays, db.runs, db.batches, db.outputs, db.answers];
  return db.transaction("r", tables, async () => {
    const everything = !selection.workflows?.length && !selection.plays?.length;
    const workflows = new Map<string, Workflow>();
    const versions = new Map<string, WorkflowVersion>();
    const plays = new Map<string, Play>();

    const addVersions = async (sids: Iterable<string>) => {
      const wanted = [...new Set(sids)].filter((sid) => sid && !versions.has(sid));
      for (const version of await db.versions.bulkGet(wanted)) {
        if (version) versions.set(version.sid, version);
      }
    };

    if (everything) {
      for (const workflow of await db.workflows.toArray()) workflows.set(workflow.sid, workflow);
      for (const version of await db.versions.toArray()) versions.set(version.sid, version);
      for (const play of await db.plays.toArray()) plays.set(play.sid, play);
    } else {
      for (const id of selection.workflows ?? []) {
        const workflow =
          (await db.workflows.get(id)) ?? (await db.workflows.where("name").equals(id).first());
        if (!workflow) throw notFound("workflow", id);
        workflows.set(workflow.sid, workflow);
        const history = await db.versions
          .where("[workflow_sid+created_at]")
          .between([workflow.sid, -Infinity], [workflow.sid, Infinity])
          .toArray();
        for (const version of history) versions.set(version.sid, version);
      }
      // Chosen plays and, below them, their children (a parent is read with its sub-plays).
      const queue: Play[] = [];
      for (const sid of selection.plays ?? []) {
        const play = await db.plays.get(sid);
        if (!play) throw notFound("play", sid);
        queue.push(play);
      }
      for (let play = queue.shift(); play; play = queue.shift()) {
        if (plays.has(play.sid)) continue;
        plays.set(play.sid, play);
        queue.push(...(await db.plays.where("parent_play_sid").equals(play.sid).toArray()));
      }
    }

    const playSids = [...plays.keys()];
    const runs = [];
    const batches = [];
    const outputs = [];
    const answers = [];
    for (const sid of playSids) {
      runs.push(
        ...(await db.runs
          .where("[play_sid+run_no]")
          .between([sid, -Infinity], [sid, Infinity])
          .toArray()),
      );
      const data = await portablePlayData(db, sid);
      batches.push(...data.batches);
      outputs.push(...data.outputs);
      answers.push(
        ...(await db.answers.where("[play_sid+key]").between([sid, ""], [sid, "\uffff"]).toArray()),
      );
    }

    if (!everything) {
      // What the plays ran, and the workflows they belong to with their current version.
      await addVersions([
        ...[...plays.values()].flatMap((p) => [p.version_sid, p.pinned_version_sid ?? ""]),
        ...runs.map((r) => r.version_sid),
      ]);
      const owners = new Set([...plays.values()].map((p) => p.workflow_sid).filter(Boolean));
      for (const workflow of await db.workflows.bulkGet([...owners])) {
        if (workflow) workflows.set(workflow.sid, workflow);
      }
      await addVersions([...workflows.values()].map((w) => w.current_version_sid));
    }

    return {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      exported_at: Date.now(),
      workflows: [...workflows.values()],
      versions: [...versions.values()],
      plays: [...plays.values()],
      runs,
      batches,
      outputs,
      answers,
    };
  });
}
