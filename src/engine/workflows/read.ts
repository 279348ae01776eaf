import type { Workflow, WorkflowVersion } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { HeroError, notFound } from "../errors";
import { requireId } from "../validate";

/** Reading the library: a workflow by name or sid, its versions, every workflow. */
export function createWorkflowReads(db: HeroDb) {
  async function find(nameOrSid: string): Promise<Workflow | undefined> {
    requireId(nameOrSid, "workflow name or sid");
    // Both at once: each IndexedDB round trip costs a turn of the event loop.
    const [bySid, byName] = await Promise.all([
      db.workflows.get(nameOrSid),
      db.workflows.where("name").equals(nameOrSid).first(),
    ]);
    return bySid ?? byName;
  }

  async function require(nameOrSid: string): Promise<Workflow> {
    const workflow = await find(nameOrSid);
    if (!workflow) throw notFound("workflow", nameOrSid);
    return workflow;
  }

  async function versions(nameOrSid: string): Promise<WorkflowVersion[]> {
    const workflow = await require(nameOrSid);
    return db.versions
      .where("[workflow_sid+created_at]")
      .between([workflow.sid, -Infinity], [workflow.sid, Infinity])
      .toArray();
  }

  /** Every workflow by name. It has no filters: one given is refused rather than ignored. */
  async function list(...args: unknown[]): Promise<Workflow[]> {
    if (args.some((a) => a !== undefined)) {
      throw new HeroError("invalid_input", "workflows.list takes no options");
    }
    return db.workflows.orderBy("name").toArray();
  }

  return { find, require, versions, list };
}
