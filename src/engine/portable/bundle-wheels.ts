import type { PackageRecord } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { HeroError, quoteId } from "../errors";
import { addedCandidates } from "../packages/package-index";
import { reachWheels } from "../packages/reach";
import { readWheel } from "../packages/wheels";
import { type Bundle, type BundleWheel, LIMITS } from "./bundle-schema";

/**
 * Wheels in bundles: an export may carry the wheels its flows need, so a browser without them
 * can run the flows; an import checks each as `packages.add` does before anything is stored.
 */

/** The dependencies of the bundle's flows as they run now: each workflow's current version. */
export function currentDependencies(bundle: Pick<Bundle, "workflows" | "versions">): string[] {
  const versionOf = new Map(bundle.versions.map((version) => [version.sid, version]));
  return bundle.workflows.flatMap(
    (workflow) => versionOf.get(workflow.current_version_sid)?.dependencies ?? [],
  );
}

/** The wheels added here that the flows of `bundle` take (and those require): shipped ones stay with their site. */
export async function neededWheels(db: HeroDb, dependencies: string[]): Promise<PackageRecord[]> {
  const { needed } = reachWheels(dependencies, await addedCandidates(db));
  const records = await db.packages.bulkGet(needed);
  return records.filter((record): record is PackageRecord => record !== undefined);
}

/** The bundle's entries for `records`; `invalid_input` beyond what an import takes. */
export function carriedWheels(records: PackageRecord[]): BundleWheel[] {
  const total = records.reduce((sum, record) => sum + record.size, 0);
  if (total > LIMITS.wheelBytes || records.length > LIMITS.wheels) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    throw new HeroError(
      "invalid_input",
      `the flows need ${records.length} wheels (${mb(total)}), more than a bundle carries (${LIMITS.wheels} wheels, ${mb(LIMITS.wheelBytes)}): export without the wheels, or fewer flows`,
    );
  }
  return records.map(({ name, version, filename, size, sha256, bytes }) => ({
    name,
    version,
    filename,
    size,
    sha256,
    data: toBase64(new Uint8Array(bytes)),
  }));
}

/** A carried wheel, checked: the record to store. */
export type CheckedWheel = Omit<PackageRecord, "added_at">;

/**
 * Check every carried wheel exactly as `packages.add` does (readWheel), and that it is what its
 * entry says; the first bad one refuses the whole import, naming it.
 */
export async function checkCarriedWheels(wheels: BundleWheel[]): Promise<CheckedWheel[]> {
  const checked: CheckedWheel[] = [];
  for (const wheel of wheels) {
    let bytes: Uint8Array;
    let info: Awaited<ReturnType<typeof readWheel>>;
    try {
      bytes = fromBase64(wheel.data);
    } catch {
      throw refuseWheel(wheel, "its data is not base64; the file may be damaged");
    }
    try {
      info = await readWheel(bytes, wheel.filename);
    } catch (failure) {
      throw refuseWheel(wheel, (failure as Error).message);
    }
    const said = `${wheel.name} ${wheel.version}, ${wheel.size} bytes, SHA-256 ${wheel.sha256}`;
    const is = `${info.name} ${info.version}, ${info.size} bytes, SHA-256 ${info.sha256}`;
    if (said !== is) throw refuseWheel(wheel, `the bundle says ${said}, but it is ${is}`);
    checked.push({ ...info, bytes: bytes.buffer as ArrayBuffer });
  }
  return checked;
}

function refuseWheel(wheel: BundleWheel, why: string): HeroError {
  return new HeroError(
    "invalid_input",
    `This bundle cannot be imported: the wheel ${wheel.filename} it carries is refused (${why}). Nothing was imported.`,
  );
}

/**
 * Inside the import's transaction: add each checked wheel, skip one already here in the same
 * version, and refuse (aborting the whole import) one here in another version.
 */
export async function storeCarriedWheels(
  db: HeroDb,
  wheels: CheckedWheel[],
  now: number,
): Promise<{ added: string[]; skipped: string[] }> {
  const report = { added: [] as string[], skipped: [] as string[] };
  for (const wheel of wheels) {
    const here = await db.packages.get(wheel.name);
    if (here && here.version === wheel.version) {
      report.skipped.push(wheel.name);
      continue;
    }
    if (here) {
      throw new HeroError(
        "invalid_input",
        `This bundle cannot be imported: it carries ${wheel.filename}, but ${quoteId(wheel.name)} ${here.version} (${here.filename}) is added here; delete it first (packages.delete(${JSON.stringify(wheel.name)})) to take the bundle's ${wheel.version}. Nothing was imported.`,
      );
    }
    await db.packages.add({ ...wheel, added_at: now });
    report.added.push(wheel.name);
  }
  return report;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
