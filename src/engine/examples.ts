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
