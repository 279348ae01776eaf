import type { HeroDb } from "../db/schema";
import type { PythonPool } from "./run/pool";
import { createWorkflowChanges } from "./workflows/change";
import { createWorkflowReads } from "./workflows/read";
import { type SaveWorkflow, saveWorkflow } from "./workflows/save";

export { FLOW_NAME } from "./workflows/checks";
export type { SaveWorkflow } from "./workflows/save";

/** The library of workflows: reading it, saving a flow, renaming and deleting one. */
export function createWorkflows(db: HeroDb, python: Pick<PythonPool, "analyze">) {
  const { find, require, versions, list } = createWorkflowReads(db);
  const { rename, remove } = createWorkflowChanges(db, require);
  const save = (workflow: SaveWorkflow) => saveWorkflow(db, python, workflow);
  return { save, get: find, require, list, versions, rename, delete: remove };
}

export type Workflows = ReturnType<typeof createWorkflows>;
