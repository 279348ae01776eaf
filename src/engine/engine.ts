import type { HeroDb } from "../db/schema";
import type { HeroLogicApi } from "./api";
import { installExamplesOnce } from "./examples";
import { createPlays } from "./plays";
import type { PythonHost } from "./python-host";
import { executeRun } from "./runner";
import { createScheduler } from "./scheduler";
import { createWorkflows } from "./workflows";

export interface Engine {
  api: HeroLogicApi;
  python: PythonHost;
  /** Requeue plays a closed tab left behind and install the examples on the first visit. */
  start(): Promise<void>;
  /** Resolves when no play is queued or running. */
  idle(): Promise<void>;
}

export function createEngine(db: HeroDb, python: PythonHost): Engine {
  const workflows = createWorkflows(db, python);
  const scheduler = createScheduler((playSid) => executeRun(db, python, playSid));
  const plays = createPlays(db, workflows, scheduler.enqueue);

  async function start() {
    const leftBehind = await db.plays
      .where("status")
      .anyOf("pending", "running")
      .sortBy("created_at");
    // A `running` play whose lock we can take was cut off with its tab: it runs again, replaying.
    for (const play of leftBehind) scheduler.enqueue(play.sid);
    await installExamplesOnce(db, workflows);
  }

  const api: HeroLogicApi = {
    ready: () => python.ready(),
    workflows: {
      save: workflows.save,
      get: workflows.get,
      list: workflows.list,
      versions: workflows.versions,
      delete: workflows.delete,
    },
    plays: {
      start: plays.start,
      wait: plays.wait,
      resume: plays.resume,
      get: plays.get,
      list: plays.list,
      delete: plays.delete,
      spans: plays.spans,
      runs: plays.runs,
    },
  };

  return { api, python, start, idle: scheduler.idle };
}
