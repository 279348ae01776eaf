import type { Workflow } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import type { ImportReport } from "./bundle";
import type { Bundle } from "./bundle-schema";
import { type CheckedWheel, storeCarriedWheels } from "./bundle-wheels";

/**
 * Write a validated bundle into the database in ONE transaction: a failure anywhere leaves the
 * database as it was.
 *
 * Importing is safe to repeat and never overwrites what is here:
 * - a workflow already here (same sid, else same name) keeps its sid, name and description; the
 *   bundle's versions join its history, and when the bundle's current version is new here and
 *   its source differs from the current one, it becomes the current version;
 * - versions and plays already here (same sid) are left alone, with everything they recorded;
 * - new plays are marked `imported_at`: read-only records the engine never runs;
 * - no network grant comes in: a workflow whose current version the bundle replaces loses its;
 * - carried wheels (checked before, `checkCarriedWheels`) are added; one already here in the
 *   same version is skipped, one here in another version refuses the whole import.
 */
export async function writeBundle(
  db: HeroDb,
  bundle: Bundle,
  wheels: CheckedWheel[] = [],
): Promise<ImportReport> {
  const report: ImportReport = {
    workflows: { added: [], newVersion: [], unchanged: [] },
    versions: 0,
    plays: { added: [], skipped: [] },
    packages: { added: [], skipped: [] },
    // What the flows lack is known once everything is written (the caller fills it).
    missing_packages: [],
  };
  const tables = [
    ...[db.workflows, db.versions, db.plays, db.runs, db.batches, db.outputs, db.answers],
    db.grants,
    db.packages,
  ];
  await db.transaction("rw", tables, async () => {
    const now = Date.now();
    report.packages = await storeCarriedWheels(db, wheels, now);
    // Bundle workflow sid → the workflow here it joins.
    const joined = new Map<string, Workflow>();
    for (const workflow of bundle.workflows) {
      const here =
        (await db.workflows.get(workflow.sid)) ??
        (await db.workflows.where("name").equals(workflow.name).first());
      if (here) joined.set(workflow.sid, here);
      else {
        await db.workflows.add(workflow);
        // An import never brings a grant, nor finds one left under its sid.
        await db.grants.delete(workflow.sid);
        report.workflows.added.push(workflow.name);
      }
    }
    const localSid = (sid: string) => joined.get(sid)?.sid ?? sid;

    const addedVersions = new Set<string>();
    const known = await db.versions.bulkGet(bundle.versions.map((version) => version.sid));
    const fresh = bundle.versions.filter((_, i) => !known[i]);
    await db.versions.bulkAdd(
      fresh.map((version) => ({ ...version, workflow_sid: localSid(version.workflow_sid) })),
    );
    for (const version of fresh) addedVersions.add(version.sid);
    report.versions = fresh.length;

    const versionOf = new Map(bundle.versions.map((version) => [version.sid, version]));
    for (const workflow of bundle.workflows) {
      const here = joined.get(workflow.sid);
      if (!here) continue;
      // readBundle checked that every workflow's current version is in the bundle.
      const incoming = versionOf.get(workflow.current_version_sid)!;
      const current = await db.versions.get(here.current_version_sid);
      if (addedVersions.has(incoming.sid) && incoming.source !== current?.source) {
        await db.workflows.put({
          ...here,
          current_version_sid: incoming.sid,
          inputs: incoming.inputs,
          outputs: incoming.outputs,
          network: incoming.network,
          dependencies: incoming.dependencies,
          updated_at: now,
        });
        // The code that runs now came from someone else: what the person allowed the flow
        // before does not carry over to it.
        await db.grants.delete(here.sid);
        report.workflows.newVersion.push(here.name);
      } else {
        report.workflows.unchanged.push(here.name);
      }
    }

    const present = await db.plays.bulkGet(bundle.plays.map((play) => play.sid));
    const added = new Set<string>();
    for (const [i, play] of bundle.plays.entries()) {
      if (present[i]) {
        report.plays.skipped.push(play.sid);
        continue;
      }
      await db.plays.add({ ...play, workflow_sid: localSid(play.workflow_sid), imported_at: now });
      added.add(play.sid);
      report.plays.added.push(play.sid);
    }
    const mine = <T extends { play_sid: string }>(rows: T[]) =>
      rows.filter((row) => added.has(row.play_sid));
    // Put, not add: a play deleted here may have left its run records behind.
    await db.runs.bulkPut(mine(bundle.runs));
    await db.batches.bulkPut(mine(bundle.batches));
    await db.outputs.bulkPut(mine(bundle.outputs));
    await db.answers.bulkPut(mine(bundle.answers));
  });
  return report;
}
