import type { HeroDb } from "../../db/schema";
import type { SiteWheels } from "../packages/site-wheels";
import type { PythonPool } from "./pool";
import { createRunStages } from "./run-stages";
import { codeToRun } from "./run-start";
import { executeRun, type StopReason } from "./runner";
import { createScheduler } from "./scheduler";

/**
 * What runs plays in this tab: the scheduler that queues them (under their locks, as many at
 * once as the pool has workers), the runs going on with the way to stop each, and what they
 * wait for before their Python begins.
 */
export function createTabRuns(
  db: HeroDb,
  pool: PythonPool,
  settings: { defaultTimeoutMs: number; maxChildren: number; siteWheels?: SiteWheels },
) {
  const running = new Map<string, (reason: StopReason) => void>();
  const stages = createRunStages();
  const deps = {
    stages,
    db,
    pool,
    enqueue: (sid: string) => scheduler.enqueue(sid),
    running,
    ...settings,
  };
  const scheduler = createScheduler<string>((sid, key) => executeRun(deps, sid, key), pool.size, {
    needsRun: (playSid) => codeToRun(db, playSid),
  });
  return {
    enqueue: scheduler.enqueue,
    takeUp: scheduler.takeUp,
    idle: scheduler.idle,
    running,
    stages,
    /** Stop a play's run if it is running in this tab (a cancel). */
    stop: (playSid: string) => running.get(playSid)?.("cancelled"),
  };
}

export type TabRuns = ReturnType<typeof createTabRuns>;
