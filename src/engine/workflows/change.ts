import type { Workflow } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { HeroError } from "../errors";
import { checkName } from "./checks";

/** Changing what the library holds besides saving: renaming a workflow, deleting one. */
export function createWorkflowChanges(
  db: HeroDb,
  require: (nameOrSid: string) => Promise<Workflow>,
) {
  /**
   * Give a workflow another name. Plays, versions and the cache refer to it by sid, so they
   * follow; flows that call it with `flow.invoke("<old name>")` must be edited by hand.
   */
  async function rename(nameOrSid: string, newName: string): Promise<Workflow> {
    checkName(newName);
    return db.transaction("rw", db.workflows, async () => {
      const workflow = await require(nameOrSid);
      if (workflow.name === newName) return workflow;
      const clash = await db.workflows.where("name").equals(newName).first();
      if (clash) {
        throw new HeroError(
          "invalid_input",
          `a flow named '${newName}' exists already: choose another name`,
        );
      }
      const renamed = { ...workflow, name: newName, updated_at: Date.now() };
      await db.workflows.put(renamed);
      return renamed;
    });
  }

  /**
   * Delete a workflow, its versions and its network grant; versions that plays executed stay so
   * those plays stay readable.
   */
  async function remove(nameOrSid: string): Promise<void> {
    const workflow = await require(nameOrSid);
    await db.transaction("rw", db.workflows, db.versions, db.plays, db.grants, async () => {
      const used = new Set(
        (await db.plays.where("workflow_sid").equals(workflow.sid).toArray()).map(
          (p) => p.version_sid,
        ),
      );
      const all = await db.versions
        .where("[workflow_sid+created_at]")
        .between([workflow.sid, -Infinity], [workflow.sid, Infinity])
        .primaryKeys();
      await db.versions.bulkDelete(all.filter((sid) => !used.has(sid)));
      await db.workflows.delete(workflow.sid);
      // A grant belongs to this workflow: a flow added later under its name starts without one.
      await db.grants.delete(workflow.sid);
    });
  }

  return { rename, remove };
}
