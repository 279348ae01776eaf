import { createResource, createSignal } from "solid-js";
import type { Workflow } from "../db/records";
import type { BundleSelection, ExportOptions, HeroLogicApi } from "../engine/api";
import { reachWheels } from "../engine/packages/reach";

/** The wheels an export with `{ wheels: true }` would carry: how many, and their bytes. */
export interface WheelsNeeded {
  count: number;
  bytes: number;
}

/**
 * The added wheels the chosen flows (or the flows of the chosen plays) need as they run now:
 * what `exportBundle(selection, { wheels: true })` carries, from the stored wheels' sizes.
 */
export async function wheelsNeeded(
  api: HeroLogicApi,
  selection: BundleSelection,
): Promise<WheelsNeeded> {
  const dependencies = (await chosenWorkflows(api, selection)).flatMap((w) => w.dependencies);
  if (dependencies.length === 0) return { count: 0, bytes: 0 };
  const packages = await api.packages.list();
  const { needed } = reachWheels(dependencies, packages);
  const size = new Map(packages.map((p) => [p.name, p.size]));
  return {
    count: needed.length,
    bytes: needed.reduce((sum, name) => sum + (size.get(name) ?? 0), 0),
  };
}

async function chosenWorkflows(api: HeroLogicApi, selection: BundleSelection): Promise<Workflow[]> {
  const { workflows = [], plays = [] } = selection;
  if (workflows.length === 0 && plays.length === 0) return api.workflows.list();
  const owners = await Promise.all(
    plays.map(async (sid) => (await api.plays.get(sid)).workflow_sid),
  );
  const found = await Promise.all([...workflows, ...owners].map((id) => api.workflows.get(id)));
  return found.filter((w): w is Workflow => w !== undefined);
}

/** What `dependencies` lack among the wheels in this browser now (see `reachWheels`). */
export async function missingPackages(
  api: HeroLogicApi,
  dependencies: string[],
): Promise<string[]> {
  if (dependencies.length === 0) return [];
  return reachWheels(dependencies, await api.packages.list()).missing;
}

/** "Include the wheels it needs (2 files, 1.4 MB)". */
export function wheelsLabel({ count, bytes }: WheelsNeeded): string {
  const files = count === 1 ? "1 file" : `${count} files`;
  const mb = bytes / 1024 / 1024;
  const size = mb >= 0.1 ? `${mb.toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `Include the wheels it needs (${files}, ${size})`;
}

/**
 * The opt-in of an export panel: off by default; offered only when the chosen flows need added
 * wheels (`needed()` is read again whenever the selection changes).
 */
export function createWheelChoice(api: HeroLogicApi, selection: () => BundleSelection) {
  const [include, setInclude] = createSignal(false);
  const [needed] = createResource(
    () => JSON.stringify(selection()),
    (key) => wheelsNeeded(api, JSON.parse(key) as BundleSelection).catch(() => null),
  );
  return {
    needed: () => needed() ?? null,
    include,
    setInclude,
    options: (): ExportOptions => ({ wheels: include() && (needed()?.count ?? 0) > 0 }),
  };
}

export type WheelChoice = ReturnType<typeof createWheelChoice>;
