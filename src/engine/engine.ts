import { goesOnHere } from "../db/records";
import type { HeroDb } from "../db/schema";
import { createForks } from "./again/fork";
import { retryPlay } from "./again/retry";
import type { HeroLogicApi } from "./api";
import { comparePlays } from "./compare/diff";
import { installExamplesOnce, restoreExamples } from "./examples";
import { createPlays } from "./plays";
import { bundleFileText, readBundle } from "./portable/bundle";
import { collectBundle } from "./portable/bundle-export";
import { writeBundle } from "./portable/bundle-import";
import { LIMITS } from "./portable/bundle-schema";
import { readShareUrl, shareUrlFor } from "./portable/share";
import { createShareIndex } from "./portable/share-index";
import { type StorageWatch, watchOtherTabs, watchSchema } from "./run/other-tabs";
import type { PythonPool } from "./run/pool";
import { createRunStages, type RunStages } from "./run/run-stages";
import { codeToRun, executeRun, type StopReason } from "./run/runner";
import { createScheduler } from "./run/scheduler";
import { givenAnswers } from "./store/answers";
import { allFinished } from "./store/children";
import { storing } from "./store/storage-errors";
import { transition } from "./store/transitions";
import { exportTrace } from "./trace/export";
import { readSelection, requireId } from "./validate";
import { createWorkflows } from "./workflows";

/** Longest a single run may take unless the play says otherwise. */
export const DEFAULT_RUN_TIMEOUT_MS = 10 * 60_000;

export interface Engine {
  api: HeroLogicApi;
  python: PythonPool;
  /** What this tab's plays wait for before their Python begins ("starting Python"). */
  stages: RunStages;
  /** The database's state: `outdated` once another tab upgraded its schema (reload needed). */
  storage: StorageWatch;
  /** Requeue plays a closed tab left behind and install the examples on the first visit. */
  start(): Promise<void>;
  /** Resolves when no play is queued or running. */
  idle(): Promise<void>;
}

/** How many child plays one play may start, over all its runs. */
export const DEFAULT_MAX_CHILDREN = 1000;

/**
 * The engine's cap on child plays: a whole number 0 or more. It comes from a setting people
 * type (`localStorage["hero_logic.max_children"]`): anything else is named on the console and
 * the default is used, rather than failing every play that starts a child.
 */
function childCap(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_CHILDREN;
  if (Number.isSafeInteger(value) && value >= 0) return value;
  console.warn(
    `hero_logic: maxChildren ${String(value)} is not a whole number 0 or more; using ${DEFAULT_MAX_CHILDREN}`,
  );
  return DEFAULT_MAX_CHILDREN;
}

export interface EngineOptions {
  defaultTimeoutMs?: number;
  /** How many child plays one play may start (default `DEFAULT_MAX_CHILDREN`). */
  maxChildren?: number;
  /** The app's address, which share links start with (default: this page's, without hash). */
  appUrl?: () => string;
}

export function createEngine(db: HeroDb, python: PythonPool, options: EngineOptions = {}): Engine {
  const workflows = createWorkflows(db, python);
  const shareIndex = createShareIndex(db);
  const appUrl = options.appUrl ?? (() => globalThis.location?.href ?? "http://localhost/");
  const running = new Map<string, (reason: StopReason) => void>();
  const stages = createRunStages();
  const deps = {
    stages,
    db,
    pool: python,
    enqueue: (sid: string) => scheduler.enqueue(sid),
    running,
    defaultTimeoutMs: options.defaultTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
    maxChildren: childCap(options.maxChildren),
  };
  const storage = watchSchema(db);
  const scheduler = createScheduler<string>((sid, key) => executeRun(deps, sid, key), python.size, {
    needsRun: (playSid) => codeToRun(db, playSid),
  });
  const plays = createPlays(
    db,
    workflows,
    scheduler.enqueue,
    (sid) => running.get(sid)?.("cancelled"),
    { maxChildren: deps.maxChildren },
  );
  const forks = createForks(db, scheduler.enqueue);

  // First-visit set-up (the examples); `ready()` also waits for it, so a script that awaits
  // ready() can run an example at once.
  let setUp: Promise<void> = Promise.resolve();
  let watching = false;

  function start() {
    setUp = Promise.all([recoverAndInstall(), shareIndex.watch()]).then(() => {});
    // Plays other tabs start, and those they leave behind when they close, from now on.
    if (!watching) watchOtherTabs(db, scheduler.takeUp, running);
    watching = true;
    return setUp;
  }

  async function recoverAndInstall() {
    const leftBehind = await db.plays
      .where("status")
      .anyOf("pending", "running")
      .sortBy("created_at");
    // A `running` play whose lock we can take was cut off with its tab: it runs again, replaying
    // (one another tab still runs waits for its lock, see the scheduler).
    // Imported plays are records of runs elsewhere: never taken up here.
    for (const play of leftBehind) if (!play.imported_at) scheduler.enqueue(play.sid);
    // A parent whose children all finished while no tab was open goes on.
    for (const play of await db.plays.where("status").equals("waiting").toArray()) {
      if (play.imported_at) continue;
      if (await allFinished(db, play.waiting_on)) {
        const woken = await transition(db, play.sid, "pending", { waiting_on: [] }, ["waiting"]);
        if (woken) scheduler.enqueue(play.sid);
      }
    }
    await installExamplesOnce(db, workflows);
  }

  const api: HeroLogicApi = {
    ready: async () => {
      await python.ready();
      await setUp;
    },
    workflows: {
      save: async (workflow) => {
        const saved = await storing("this version", () => workflows.save(workflow));
        // Saving an identical source keeps the current version, whose source is this one.
        shareIndex.saved(saved, workflow.source);
        return saved;
      },
      get: workflows.get,
      list: workflows.list,
      versions: workflows.versions,
      delete: async (nameOrSid) => {
        const workflow = await workflows.require(nameOrSid);
        // Its unfinished plays could never run again: they end cancelled (with their children),
        // and stay readable with the versions they ran.
        const unfinished = await db.plays
          .where("workflow_sid")
          .equals(workflow.sid)
          .filter(goesOnHere)
          .primaryKeys();
        for (const sid of unfinished) await plays.cancel(sid);
        await storing("the deletion", () => workflows.delete(workflow.sid));
        shareIndex.deleted(workflow.sid);
      },
      rename: async (nameOrSid, newName) => {
        const renamed = await storing("the new name", () => workflows.rename(nameOrSid, newName));
        await shareIndex.refresh();
        return renamed;
      },
      restoreExamples: async () => {
        const restored = await storing("the examples", () => restoreExamples(workflows));
        // shareUrl answers synchronously from the index: it knows the restored sources at once.
        await shareIndex.refresh();
        return restored;
      },
      analyze: async (source) => {
        requireId(source, "source");
        return python.analyze(source);
      },
    },
    plays: {
      start: (...args) => storing("a new play", () => plays.start(...args)),
      wait: plays.wait,
      resume: (...args) => storing("the answer", () => plays.resume(...args)),
      cancel: (...args) => storing("the cancel", () => plays.cancel(...args)),
      get: plays.get,
      list: plays.list,
      delete: (...args) => storing("the deletion", () => plays.delete(...args)),
      spans: plays.spans,
      runs: plays.runs,
      answers: async (playSid) => {
        await plays.get(playSid);
        return givenAnswers(db, playSid);
      },
      fork: (...args) => storing("the fork", () => forks.fork(...args)),
      forks: forks.forks,
      diff: (a, b) => comparePlays(plays, a, b),
      retry: async (playSid) => {
        const { play, key } = await storing("the retry", () => retryPlay(db, playSid));
        scheduler.enqueue(play.sid, key);
        return play;
      },
    },
    exportBundle: async (selection) => collectBundle(db, readSelection(selection)),
    exportTrace: (playSid, options) => exportTrace(db, playSid, options),
    importBundle: async (input) => {
      const given = input instanceof Blob ? await bundleFileText(input) : input;
      const report = await storing("the bundle", () => writeBundle(db, readBundle(given)));
      await shareIndex.refresh();
      return report;
    },
    shareUrl: (nameOrSid) => {
      requireId(nameOrSid, "workflow name or sid");
      return shareUrlFor(appUrl(), shareIndex.find(nameOrSid));
    },
    readShareUrl: (url) => {
      requireId(url, "share link");
      return readShareUrl(url);
    },
    limits: Object.freeze({ ...LIMITS }),
  };

  // The UI uses this same object: a script that reassigns a member (`heroLogic.plays = …`)
  // must not take the page apart.
  Object.freeze(api.workflows);
  Object.freeze(api.plays);
  Object.freeze(api);
  return { api, python, stages, storage, start, idle: scheduler.idle };
}
