import type { HeroDb } from "../db/schema";
import type { Workflows } from "./workflows";

/** The example flows shipped with the app, by workflow name. */
export const EXAMPLES: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>("../../pysdk/examples/*.py", {
      query: "?raw",
      import: "default",
      eager: true,
    }),
  ).map(([path, source]) => [path.slice(path.lastIndexOf("/") + 1, -3), source]),
);

const INSTALLED = "examples_installed";

/** On the first visit, add the examples to the library (later visits keep the user's choices). */
export async function installExamplesOnce(db: HeroDb, workflows: Workflows): Promise<void> {
  if (await db.meta.get(INSTALLED)) return;
  for (const [name, source] of Object.entries(EXAMPLES)) {
    if (!(await workflows.get(name))) await workflows.save({ name, source });
  }
  await db.meta.put({ key: INSTALLED, value: Date.now() });
}

/** What `restoreExamples` did, by workflow name. */
export interface RestoredExamples {
  /** Examples that were missing (deleted or renamed) and were added again. */
  added: string[];
  /** Examples whose current source differed: the shipped source is now a new version. */
  updated: string[];
  /** Examples that were already as shipped. */
  unchanged: string[];
}

/**
 * Bring the examples back as shipped: re-add missing ones and save the shipped source as a
 * new version of edited ones (their edits stay readable in the version list). Flows with
 * other names are not touched. A flow named like an example counts as that example.
 */
export async function restoreExamples(workflows: Workflows): Promise<RestoredExamples> {
  const result: RestoredExamples = { added: [], updated: [], unchanged: [] };
  for (const [name, source] of Object.entries(EXAMPLES)) {
    const before = await workflows.get(name);
    const after = await workflows.save({ name, source });
    if (!before) result.added.push(name);
    else if (after.current_version_sid !== before.current_version_sid) result.updated.push(name);
    else result.unchanged.push(name);
  }
  return result;
}
