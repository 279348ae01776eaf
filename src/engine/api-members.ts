import { goesOnHere } from "../db/records";
import type { HeroDb } from "../db/schema";
import type { Linter } from "../lint/linter";
import type { Forks } from "./again/fork";
import { retryPlay } from "./again/retry";
import type { HeroLogicApi } from "./api";
import { comparePlays } from "./compare/diff";
import { HeroError } from "./errors";
import { restoreExamples } from "./examples";
import type { Network } from "./network/grants";
import type { PackageIndex } from "./packages/package-index";
import { createPackages } from "./packages/packages";
import { declaredDependencies } from "./packages/script-header";
import type { SiteWheels } from "./packages/site-wheels";
import type { Plays } from "./plays";
import { bundleFileText, readBundle } from "./portable/bundle";
import { collectBundle } from "./portable/bundle-export";
import { writeBundle } from "./portable/bundle-import";
import { LIMITS } from "./portable/bundle-schema";
import {
  carriedWheels,
  checkCarriedWheels,
  currentDependencies,
  neededWheels,
} from "./portable/bundle-wheels";
import { readShareUrl, shareUrlFor } from "./portable/share";
import type { ShareIndex } from "./portable/share-index";
import type { PythonPool } from "./run/pool";
import { createSecrets } from "./secrets/secrets";
import { givenAnswers } from "./store/answers";
import { storing } from "./store/storage-errors";
import { exportTrace } from "./trace/export";
import { readExportOptions, readSelection, requireId } from "./validate";
import type { Workflows } from "./workflows";

/** What the members of the public API are made of. */
export interface ApiParts {
  db: HeroDb;
  python: PythonPool;
  workflows: Workflows;
  plays: Plays;
  forks: Forks;
  network: Network;
  linter: Linter;
  shareIndex: ShareIndex;
  /** The wheels shipped with the site. */
  siteWheels: SiteWheels;
  /** The wheels available here, for what a shared or imported flow lacks. */
  packageIndex: PackageIndex;
  /** Queue a play; `key`: the trust key of the code it runs, when known. */
  enqueue: (playSid: string, key?: string) => void;
  /** The app's address, which share links start with. */
  appUrl: () => string;
  /** The first-visit set-up under way, if any (see `Engine.start`). */
  setUp: () => Promise<void>;
}

/**
 * The object `window.heroLogic` is. Writes go through `storing`, so storage that refuses them
 * says so in words a person can act on; changes to the library keep the share index in step.
 */
export function createApi(parts: ApiParts): HeroLogicApi {
  const api: HeroLogicApi = {
    ready: async () => {
      await parts.python.ready();
      await parts.setUp();
    },
    workflows: workflowMembers(parts),
    plays: playMembers(parts),
    secrets: secretMembers(parts),
    packages: packageMembers(parts),
    network: networkMembers(parts),
    ...portableMembers(parts),
  };
  // The UI uses this same object: a script that reassigns a member (`heroLogic.plays = …`)
  // must not take the page apart.
  Object.freeze(api.workflows);
  Object.freeze(api.plays);
  Object.freeze(api.secrets);
  Object.freeze(api.packages);
  Object.freeze(api.network);
  return Object.freeze(api);
}

function workflowMembers({
  db,
  python,
  linter,
  workflows,
  plays,
  shareIndex,
}: ApiParts): HeroLogicApi["workflows"] {
  return {
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
    lint: async (source) => {
      requireId(source, "source");
      try {
        return await linter.lint(source);
      } catch (failure) {
        throw new HeroError("lint_unavailable", (failure as Error).message);
      }
    },
  };
}

function playMembers({ db, plays, forks, enqueue }: ApiParts): HeroLogicApi["plays"] {
  return {
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
      enqueue(play.sid, key);
      return play;
    },
  };
}

function secretMembers({ db }: ApiParts): HeroLogicApi["secrets"] {
  const secrets = createSecrets(db);
  return {
    set: (...args) => storing("the secret", () => secrets.set(...args)),
    delete: (...args) => storing("the deletion", () => secrets.delete(...args)),
    list: secrets.list,
  };
}

function packageMembers({ db, siteWheels, packageIndex }: ApiParts): HeroLogicApi["packages"] {
  const packages = createPackages(db, siteWheels);
  // readShareUrl answers from the index: it knows of a wheel added or deleted here at once.
  const refreshing = async <T>(change: Promise<T>): Promise<T> => {
    try {
      return await change;
    } finally {
      await packageIndex.refresh();
    }
  };
  return {
    add: (...args) => refreshing(storing("the wheel", () => packages.add(...args))),
    delete: (...args) => refreshing(storing("the deletion", () => packages.delete(...args))),
    list: packages.list,
    shipped: packages.shipped,
  };
}

function networkMembers({ network }: ApiParts): HeroLogicApi["network"] {
  return {
    allow: (...args) => storing("the grant", () => network.allow(...args)),
    revoke: (...args) => storing("the revoke", () => network.revoke(...args)),
    grants: network.grants,
    list: network.list,
  };
}

/** Bundles, traces and share links: what carries flows and plays out of the app and in. */
function portableMembers({
  db,
  shareIndex,
  packageIndex,
  appUrl,
}: ApiParts): Omit<
  HeroLogicApi,
  "ready" | "workflows" | "plays" | "secrets" | "packages" | "network"
> {
  return {
    exportBundle: async (selection, options) => {
      const { wheels } = readExportOptions(options);
      const bundle = await collectBundle(db, readSelection(selection));
      if (!wheels) return bundle;
      const records = await neededWheels(db, currentDependencies(bundle));
      return { ...bundle, wheels: carriedWheels(records) };
    },
    exportTrace: (playSid, options) => exportTrace(db, playSid, options),
    importBundle: async (input) => {
      const given = input instanceof Blob ? await bundleFileText(input) : input;
      const bundle = readBundle(given);
      // Checked before the transaction: a transaction cannot wait for the hashing.
      const wheels = await checkCarriedWheels(bundle.wheels ?? []);
      const report = await storing("the bundle", () => writeBundle(db, bundle, wheels));
      await Promise.all([shareIndex.refresh(), packageIndex.refresh()]);
      report.missing_packages = packageIndex.reach(currentDependencies(bundle)).missing;
      return report;
    },
    shareUrl: (nameOrSid) => {
      requireId(nameOrSid, "workflow name or sid");
      return shareUrlFor(appUrl(), shareIndex.find(nameOrSid));
    },
    readShareUrl: (url) => {
      requireId(url, "share link");
      const flow = readShareUrl(url);
      const missing = packageIndex.reach(declaredDependencies(flow.source)).missing;
      return { ...flow, missing_packages: missing };
    },
    limits: Object.freeze({ ...LIMITS }),
  };
}
