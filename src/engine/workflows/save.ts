import type { Workflow, WorkflowVersion } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import type { AnalyzeResult } from "../../wire/records";
import { HeroError } from "../errors";
import { newSid } from "../ids";
import { MAX_ORIGINS } from "../network/grants";
import { parseRequirement } from "../packages/requirements";
import { LIMITS } from "../portable/bundle-schema";
import type { PythonPool } from "../run/pool";
import { readOptions } from "../validate";
import { checkFields, checkLength, checkName, checkWellFormed } from "./checks";

export interface SaveWorkflow {
  name: string;
  source: string;
  description?: string;
}

type Analysis = Extract<AnalyzeResult, { ok: true }>;

/** Save a flow; a changed source makes a new version, an identical one does not. */
export async function saveWorkflow(
  db: HeroDb,
  python: Pick<PythonPool, "analyze">,
  workflow: SaveWorkflow,
): Promise<Workflow> {
  const save = readSave(workflow);
  const analysis = await analyzeToSave(python, save);
  const now = Date.now();
  return db.transaction("rw", db.workflows, db.versions, () => storeSave(db, save, analysis, now));
}

/** What `save` was given, checked before Python reads the source. */
function readSave(workflow: SaveWorkflow): SaveWorkflow {
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
  return { name, source, description };
}

/** The flow as Python's parser reads it, within what an export can carry. */
async function analyzeToSave(
  python: Pick<PythonPool, "analyze">,
  { source, description }: SaveWorkflow,
): Promise<Analysis> {
  const analysis = await python.analyze(source);
  if (!analysis.ok) throw new HeroError(analysis.code, analysis.message, {}, analysis.line);
  checkFields(analysis.inputs, "inputs");
  checkFields(analysis.outputs, "outputs");
  if (analysis.network.length > MAX_ORIGINS) {
    throw new HeroError(
      "invalid_network",
      `network= declares ${analysis.network.length} origins; at most ${MAX_ORIGINS}`,
    );
  }
  checkDependencies(analysis);
  if (description === undefined) {
    checkLength(analysis.description, "description (the entry's docstring)", LIMITS.textChars);
  }
  return analysis;
}

/** What an export carries of a flow's dependencies (bundle-schema.ts): at most 100, 300 characters each. */
const MAX_DEPENDENCIES = 100;
const MAX_DEPENDENCY_CHARS = 300;

/** Each dependency of the PEP 723 header is a requirement this app can resolve (requirements.ts). */
function checkDependencies({ dependencies, dependency_lines }: Analysis): void {
  if (dependencies.length > MAX_DEPENDENCIES) {
    const message = `the '# /// script' header declares ${dependencies.length} dependencies; at most ${MAX_DEPENDENCIES}`;
    throw new HeroError("invalid_dependencies", message, {}, dependency_lines[0] ?? null);
  }
  dependencies.forEach((text, i) => {
    const line = dependency_lines[i] ?? null;
    const read =
      text.length > MAX_DEPENDENCY_CHARS
        ? `a dependency of ${text.length} characters; at most ${MAX_DEPENDENCY_CHARS}`
        : parseRequirement(text, false);
    if (typeof read === "string") {
      throw new HeroError("invalid_dependencies", `line ${line}: ${read}`, {}, line);
    }
  });
}

/**
 * Inside the caller's transaction: the same source as the current version keeps it (a new
 * description is still stored); another source is a new version, and the current one.
 */
async function storeSave(
  db: HeroDb,
  { name, source, description }: SaveWorkflow,
  analysis: Analysis,
  now: number,
): Promise<Workflow> {
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
    network: analysis.network,
    dependencies: analysis.dependencies,
    created_at: now,
  };
  const workflow: Workflow = {
    sid: workflowSid,
    name,
    description: description ?? (analysis.description || existing?.description || ""),
    current_version_sid: version.sid,
    inputs: analysis.inputs,
    outputs: analysis.outputs,
    network: analysis.network,
    dependencies: analysis.dependencies,
    created_at: existing?.created_at ?? now,
    updated_at: now,
  };
  await db.versions.add(version);
  await db.workflows.put(workflow);
  return workflow;
}
