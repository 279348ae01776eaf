import * as v from "valibot";
import type { FlowField, Workflow, WorkflowVersion } from "../db/records";
import type { HeroDb } from "../db/schema";
import { HeroError, notFound } from "./errors";
import { newSid } from "./ids";
import { fieldsSchema, LIMITS } from "./portable/bundle-schema";
import type { PythonPool } from "./run/pool";
import { readOptions, requireId, shownValue } from "./validate";

export interface SaveWorkflow {
  name: string;
  source: string;
  description?: string;
}

export const FLOW_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function checkName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !FLOW_NAME.test(name)) {
    throw new HeroError(
      "invalid_input",
      `invalid workflow name ${shownValue(name)}: use letters, digits and _ (not starting with a digit, at most 64 characters)`,
    );
  }
}

function checkLength(text: string, what: string, most: number): void {
  if (text.length > most) {
    throw new HeroError(
      "invalid_input",
      `the ${what} is too long (${text.length.toLocaleString("en")} characters; at most ${most.toLocaleString("en")})`,
    );
  }
}

/** Half of a UTF-16 surrogate pair, alone: not text Python (or any file) can hold. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkWellFormed(source: string): void {
  const match = LONE_SURROGATE.exec(source);
  if (!match) return;
  const line = source.slice(0, match.index).split("\n").length;
  throw new HeroError(
    "syntax_error",
    `line ${line}: a broken character (half of a UTF-16 surrogate pair, U+${match[0].charCodeAt(0).toString(16).toUpperCase()}) that Python cannot read`,
    {},
    line,
  );
}

/** Fields read from the decorator, within what an export can carry (sizes of names, texts). */
function checkFields(fields: FlowField[], what: string): void {
  const parsed = v.safeParse(fieldsSchema, fields);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new HeroError(
      "invalid_input",
      `the flow's ${what}${dotPath(v.getDotPath(issue))}: ${issue.message}`,
    );
  }
}

const dotPath = (path: string | null) => (path ? ` (${path})` : "");

export function createWorkflows(db: HeroDb, python: Pick<PythonPool, "analyze">) {
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

  /** Save a flow; a changed source makes a new version, an identical one does not. */
  async function save(workflow: SaveWorkflow): Promise<Workflow> {
    if (typeof workflow !== "object" || workflow === null) {
      throw new HeroError("invalid_input", "save takes { name, source, description? }");
    }
    const { name, source, description } = readOptions(workflow, "workflows.save", [
      "name",
      "source",
      "description",
    ]);
    checkName(name);
    if (typeof source !== "string") throw new HeroError("invalid_input", "source must be text");
    if (description !== undefined && typeof description !== "string") {
      throw new HeroError("invalid_input", "description must be text");
    }
    // What an export holds must import again: the bundle's limits are the library's limits.
    checkLength(source, "source", LIMITS.sourceChars);
    if (description !== undefined) checkLength(description, "description", LIMITS.textChars);
    checkWellFormed(source);
    const analysis = await python.analyze(source);
    if (!analysis.ok) throw new HeroError(analysis.code, analysis.message, {}, analysis.line);
    checkFields(analysis.inputs, "inputs");
    checkFields(analysis.outputs, "outputs");
    if (description === undefined) {
      checkLength(analysis.description, "description (the entry's docstring)", LIMITS.textChars);
    }
    const now = Date.now();
    return db.transaction("rw", db.workflows, db.versions, async () => {
      const existing = await db.workflows.where("name").equals(name).first();
      const current = existing && (await db.versions.get(existing.current_version_sid));
      if (existing && current?.source === source) {
        if (description === undefined || description === existing.description) return existing;
        const updated = { ...existing, description, updated_at: now };
        await db.workflows.put(updated);
        return updated;
      }
      const workflowSid = existing?.sid ?? newSid();
      const version: WorkflowVersion = {
        sid: newSid(),
        workflow_sid: workflowSid,
        source,
        entry: analysis.entry,
        inputs: analysis.inputs,
        outputs: analysis.outputs,
        created_at: now,
      };
      const workflow: Workflow = {
        sid: workflowSid,
        name,
        description: description ?? (analysis.description || existing?.description || ""),
        current_version_sid: version.sid,
        inputs: analysis.inputs,
        outputs: analysis.outputs,
        created_at: existing?.created_at ?? now,
        updated_at: now,
      };
      await db.versions.add(version);
      await db.workflows.put(workflow);
      return workflow;
    });
  }

  async function versions(nameOrSid: string): Promise<WorkflowVersion[]> {
    const workflow = await require(nameOrSid);
    return db.versions
      .where("[workflow_sid+created_at]")
      .between([workflow.sid, -Infinity], [workflow.sid, Infinity])
      .toArray();
  }

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

  /** Delete a workflow and its versions; versions that plays executed stay so those plays stay readable. */
  async function remove(nameOrSid: string): Promise<void> {
    const workflow = await require(nameOrSid);
    await db.transaction("rw", db.workflows, db.versions, db.plays, async () => {
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
    });
  }

  return {
    save,
    get: find,
    require,
    /** Every workflow by name. It has no filters: one given is refused rather than ignored. */
    list: async (...args: unknown[]) => {
      if (args.some((a) => a !== undefined)) {
        throw new HeroError("invalid_input", "workflows.list takes no options");
      }
      return db.workflows.orderBy("name").toArray();
    },
    versions,
    rename,
    delete: remove,
  };
}

export type Workflows = ReturnType<typeof createWorkflows>;
