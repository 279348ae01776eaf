import type { PackageRecord } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { HeroError, quoteId } from "../errors";
import { kindOf, requireId } from "../validate";
import { normalizeName } from "./requirements";
import type { SiteWheel, SiteWheels } from "./site-wheels";
import { readWheel, type WheelInfo } from "./wheels";

/** A wheel as `packages.list` shows it: everything but its bytes. */
export type PackageInfo = WheelInfo & { added_at: number };

/**
 * The wheels added in this browser, for `window.heroLogic.packages`: a flow that declares one
 * in its PEP 723 header gets it installed before its code runs (see `resolveWheels`).
 */
export interface Packages {
  /**
   * Check a wheel (a zip with `NAME-VERSION.dist-info/METADATA` matching its file name, tags
   * this Pyodide loads, at most 50 MiB) and store it. `invalid_input` saying why otherwise, and
   * when a wheel of the same package is already added (delete it first to replace it).
   */
  add(bytes: ArrayBuffer | Uint8Array | Blob, filename: string): Promise<PackageInfo>;
  /** Every added wheel, by name. */
  list(): Promise<PackageInfo[]>;
  /** Remove the wheel of this package (any spelling of its name); `not_found` when none. */
  delete(name: string): Promise<void>;
  /**
   * The wheels shipped with the site (`wheels/index.json`, written by the build), by name;
   * `[]` when it ships none. A flow may use them as it uses added ones; an added wheel of the
   * same name replaces a shipped one. Deleting is for added wheels only.
   */
  shipped(): Promise<SiteWheel[]>;
}

export function createPackages(db: HeroDb, site?: SiteWheels): Packages {
  return {
    async shipped() {
      const wheels = (await site?.list()) ?? [];
      return [...wheels].sort((a, b) => a.name.localeCompare(b.name));
    },
    async add(given, filename) {
      const bytes = await bytesOf(given);
      const info = await readWheel(bytes, filename);
      const record: PackageRecord = {
        ...info,
        added_at: Date.now(),
        // A copy of its own: the caller's buffer may be changed or transferred afterwards.
        bytes: bytes.slice().buffer as ArrayBuffer,
      };
      const added = await db.transaction("rw", db.packages, async () => {
        const existing = await db.packages.get(info.name);
        if (existing) return existing;
        await db.packages.add(record);
        return null;
      });
      if (added) {
        throw new HeroError(
          "invalid_input",
          `${info.filename}: ${added.filename} is already added for ${quoteId(info.name)}; ` +
            `delete it first (packages.delete(${JSON.stringify(info.name)})) to replace it`,
          { file: "a wheel of this package is already added" },
        );
      }
      return infoOf(record);
    },
    async list() {
      const records = await db.packages.orderBy("name").toArray();
      return records.map(infoOf);
    },
    async delete(name) {
      requireId(name, "package name");
      const key = normalizeName(name);
      const deleted = await db.transaction("rw", db.packages, async () => {
        if (!(await db.packages.get(key))) return false;
        await db.packages.delete(key);
        return true;
      });
      if (!deleted) throw new HeroError("not_found", `no package ${quoteId(name)} is added`);
    },
  };
}

function infoOf({ bytes: _, ...info }: PackageRecord): PackageInfo {
  return info;
}

async function bytesOf(given: unknown): Promise<Uint8Array> {
  if (given instanceof Uint8Array) return given;
  if (given instanceof ArrayBuffer) return new Uint8Array(given);
  if (typeof Blob !== "undefined" && given instanceof Blob) {
    return new Uint8Array(await given.arrayBuffer());
  }
  throw new HeroError(
    "invalid_input",
    `packages.add takes the wheel's bytes (an ArrayBuffer, a Uint8Array or a File), not ${kindOf(given)}`,
  );
}
