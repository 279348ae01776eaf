import type { HeroDb } from "../../db/schema";
import type { RunOutcome } from "../../wire/records";
import { resolveWheels } from "../packages/resolve";
import type { PoolLease } from "./pool";
import type { RunStages } from "./run-stages";

/**
 * Before a run's code: resolve the version's declared dependencies among the added wheels and
 * install what they need into the run's worker (bound to that version, so no other flow's
 * interpreter ever sees them). Null when the code may run; otherwise the failed outcome to
 * record, which names the requirement not met: the flow's code never starts. A version without
 * dependencies installs nothing, whatever is added.
 */
export async function installPackages(
  db: HeroDb,
  stages: RunStages | undefined,
  playSid: string,
  lease: PoolLease,
  dependencies: string[],
): Promise<RunOutcome | null> {
  if (dependencies.length === 0) return null;
  // Every added wheel's record, bytes and all: a handful of wheels, read once per run.
  const added = await db.packages.toArray();
  const resolution = resolveWheels(dependencies, added);
  if (!resolution.ok) return packageFailure(resolution.message);
  const byName = new Map(added.map((record) => [record.name, record]));
  const wheels = resolution.names.map((name) => {
    const { filename, bytes } = byName.get(name)!;
    return { name, filename, bytes };
  });
  await lease.host.ready();
  stages?.set(playSid, "installing-packages");
  try {
    await lease.host.install(wheels);
  } finally {
    stages?.set(playSid, null);
  }
  return null;
}

function packageFailure(message: string): RunOutcome {
  return {
    status: "failed",
    error: { type: "MissingPackage", message, traceback: "" },
    batches: 0,
    journal: "",
  };
}
