import type { WheelToInstall } from "../../../worker/api";
import type { HeroDb } from "../../db/schema";
import type { RunOutcome } from "../../wire/records";
import { availableCandidates, resolveWheels } from "../packages/resolve";
import type { SiteWheel, SiteWheels } from "../packages/site-wheels";
import type { PoolLease } from "./pool";
import type { RunStages } from "./run-stages";

/** Where a run's wheels come from: the added ones (IndexedDB) and the site's, if any. */
export interface PackageSources {
  db: HeroDb;
  siteWheels?: SiteWheels;
  stages?: RunStages;
}

/**
 * Before a run's code: resolve the version's declared dependencies among the available wheels
 * (added in this browser, or shipped with the site; an added one wins) and install what they
 * need into the run's worker (bound to that version, so no other flow's interpreter ever sees
 * them). Null when the code may run; otherwise the failed outcome to record, which names the
 * requirement not met, or the shipped wheel that could not be fetched or failed its checksum:
 * the flow's code never starts. A version without dependencies installs nothing.
 */
export async function installPackages(
  sources: PackageSources,
  playSid: string,
  lease: PoolLease,
  dependencies: string[],
): Promise<RunOutcome | null> {
  if (dependencies.length === 0) return null;
  // Every added wheel's record, bytes and all: a handful of wheels, read once per run.
  const added = await sources.db.packages.toArray();
  const shipped = (await sources.siteWheels?.list()) ?? [];
  const available = availableCandidates(added, shipped);
  const resolution = resolveWheels(dependencies, available);
  if (!resolution.ok) return packageFailure("MissingPackage", resolution.message);
  const byName = new Map(available.map((wheel) => [wheel.name, wheel]));
  await lease.host.ready();
  sources.stages?.set(playSid, "installing-packages");
  try {
    let wheels: WheelToInstall[];
    try {
      wheels = await Promise.all(
        resolution.names.map((name) => wheelToInstall(byName.get(name)!, sources.siteWheels)),
      );
    } catch (error) {
      return packageFailure("BadPackage", (error as Error).message);
    }
    await lease.host.install(wheels);
  } finally {
    sources.stages?.set(playSid, null);
  }
  return null;
}

async function wheelToInstall(
  wheel: { name: string; filename: string; bytes?: ArrayBuffer } | SiteWheel,
  site: SiteWheels | undefined,
): Promise<WheelToInstall> {
  if ("bytes" in wheel && wheel.bytes) {
    return { name: wheel.name, filename: wheel.filename, bytes: wheel.bytes };
  }
  // Only shipped wheels lack bytes, and they are listed only when the site is known.
  return {
    name: wheel.name,
    filename: wheel.filename,
    bytes: await site!.bytes(wheel as SiteWheel),
  };
}

function packageFailure(type: string, message: string): RunOutcome {
  return {
    status: "failed",
    error: { type, message, traceback: "" },
    batches: 0,
    journal: "",
  };
}
