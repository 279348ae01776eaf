import type { HeroDb } from "../db/schema";
import { createRuffLinter, type Linter } from "../lint/linter";
import { createForks } from "./again/fork";
import type { HeroLogicApi } from "./api";
import { createApi } from "./api-members";
import { installExamplesOnce } from "./examples";
import { createNetwork } from "./network/grants";
import { createPackageIndex } from "./packages/package-index";
import { createSiteWheels, fetchFromSite, type SiteWheels } from "./packages/site-wheels";
import { createPlays } from "./plays";
import { createShareIndex } from "./portable/share-index";
import { takeUpLeftBehind } from "./run/left-behind";
import { type StorageWatch, watchOtherTabs, watchSchema } from "./run/other-tabs";
import type { PythonPool } from "./run/pool";
import type { RunStages } from "./run/run-stages";
import { createTabRuns } from "./run/tab-runs";
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
  /** What `workflows.lint` runs (default: Ruff in a worker of its own). */
  linter?: Linter;
  /** The wheels shipped with the site (default: `wheels/index.json` beside the page). */
  siteWheels?: SiteWheels;
}

export function createEngine(db: HeroDb, python: PythonPool, options: EngineOptions = {}): Engine {
  const workflows = createWorkflows(db, python);
  const shareIndex = createShareIndex(db);

  const appUrl = options.appUrl ?? (() => globalThis.location?.href ?? "http://localhost/");
  const maxChildren = childCap(options.maxChildren);
  const siteWheels = options.siteWheels ?? createSiteWheels(fetchFromSite);
  const packageIndex = createPackageIndex(db, siteWheels);
  const runs = createTabRuns(db, python, {
    defaultTimeoutMs: options.defaultTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
    maxChildren,
    siteWheels,
  });
  const storage = watchSchema(db);
  const plays = createPlays(db, workflows, runs.enqueue, runs.stop, { maxChildren });
  const forks = createForks(db, runs.enqueue);
  const network = createNetwork(db, workflows);

  // First-visit set-up (the examples); `ready()` also waits for it, so a script that awaits
  // ready() can run an example at once.
  let setUp: Promise<void> = Promise.resolve();
  let watching = false;

  function start() {
    setUp = Promise.all([recoverAndInstall(), shareIndex.watch(), packageIndex.watch()]).then(
      () => {},
    );
    // Plays other tabs start, and those they leave behind when they close, from now on.
    if (!watching) watchOtherTabs(db, runs.takeUp, runs.running);
    watching = true;
    return setUp;
  }

  async function recoverAndInstall() {
    await takeUpLeftBehind(db, runs.enqueue);
    await installExamplesOnce(db, workflows);
  }

  const api = createApi({
    db,
    python,
    workflows,
    plays,
    forks,
    network,
    linter: options.linter ?? createRuffLinter(),
    shareIndex,
    siteWheels,
    packageIndex,
    enqueue: runs.enqueue,
    appUrl,
    setUp: () => setUp,
  });
  return { api, python, stages: runs.stages, storage, start, idle: runs.idle };
}
