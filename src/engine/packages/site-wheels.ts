import { normalizeName } from "./requirements";
import { readWheel, sha256Hex } from "./wheels";

/**
 * A wheel shipped with the site: one entry of `wheels/index.json`, which the build writes
 * (scripts/site-wheels.ts) after checking each wheel as `packages.add` does.
 */
export interface SiteWheel {
  /** The file beside the index (`wheels/<filename>`). */
  filename: string;
  /** Normalized (PEP 503). */
  name: string;
  version: string;
  /** Lowercase hex SHA-256 of the file, checked when a run installs it. */
  sha256: string;
  size: number;
  /** The wheel's `Requires-Dist` lines, so resolving never downloads a wheel to read them. */
  requires: string[];
}

/** The index's path, relative to the app's page. */
export const SITE_INDEX_PATH = "wheels/index.json";

/** Fetch a file of the site by its path relative to the app; null where there is no site. */
export type SiteFetch = (path: string) => Promise<Response | null>;

/**
 * The wheels this deployment ships: the index read once per page (a new deployment comes with
 * a new service worker and a reload), each wheel fetched from this origin when a run needs it
 * and refused unless its SHA-256 is the index's.
 */
export interface SiteWheels {
  /** Every shipped wheel; none when the site has no index, or it cannot be read. */
  list(): Promise<SiteWheel[]>;
  /** The wheel's bytes, checked; an `Error` naming the wheel and the checksum otherwise. */
  bytes(wheel: SiteWheel): Promise<ArrayBuffer>;
}

export function createSiteWheels(fetchFile: SiteFetch): SiteWheels {
  let index: Promise<SiteWheel[]> | undefined;

  async function readIndex(): Promise<SiteWheel[]> {
    const response = await fetchFile(SITE_INDEX_PATH);
    // No index (404, or a host answering an unknown path with a page): the site ships none.
    if (!response?.ok) return [];
    const text = await response.text();
    try {
      return parseSiteIndex(JSON.parse(text));
    } catch (error) {
      console.warn(`hero_logic: ${SITE_INDEX_PATH} is not a wheel index:`, error);
      return [];
    }
  }

  return {
    list() {
      index ??= readIndex().catch((error) => {
        // Offline before the service worker had it: try again next time.
        index = undefined;
        console.warn(`hero_logic: ${SITE_INDEX_PATH} could not be read:`, error);
        return [];
      });
      return index;
    },
    async bytes(wheel) {
      // As written in the index (PEP 427 names need no escaping): the precache lists it so.
      const unfetched = (why: string) =>
        new Error(`${wheel.filename}, shipped with the site, could not be fetched (${why})`);
      let response: Response | null;
      try {
        response = await fetchFile(`wheels/${wheel.filename}`);
      } catch (error) {
        // Offline, and the service worker does not hold it (yet).
        throw unfetched((error as Error).message);
      }
      if (!response?.ok) throw unfetched(response ? `HTTP ${response.status}` : "no site");
      const bytes = await response.arrayBuffer();
      const actual = await sha256Hex(new Uint8Array(bytes));
      if (actual !== wheel.sha256) {
        throw new Error(
          `${wheel.filename}, shipped with the site, does not match its checksum: ` +
            `the index says SHA-256 ${wheel.sha256}, the file has ${actual}`,
        );
      }
      return bytes;
    },
  };
}

/** The site's own files, by path relative to the page; null outside a browser page. */
export const fetchFromSite: SiteFetch = async (path) => {
  const base = globalThis.document?.baseURI;
  if (!base) return null;
  // no-cache: the browser revalidates; the service worker answers from its precache offline.
  return fetch(new URL(path, base), { cache: "no-cache" });
};

/**
 * The index entry of a wheel the build ships: checked exactly as `packages.add` checks a wheel
 * (`invalid_input` saying why not).
 */
export async function siteIndexEntry(bytes: Uint8Array, filename: string): Promise<SiteWheel> {
  const { name, version, sha256, size, requires } = await readWheel(bytes, filename);
  return { filename: filename.split(/[\\/]/).pop()!, name, version, sha256, size, requires };
}

/** An index as the build writes it: entries missing a field, or of the wrong type, are refused. */
export function parseSiteIndex(value: unknown): SiteWheel[] {
  if (!Array.isArray(value)) throw new Error("the index is not a list");
  return value.map((entry, i) => {
    const e = entry as Partial<SiteWheel> | null;
    const strings = [e?.filename, e?.name, e?.version, e?.sha256];
    if (
      !strings.every((s) => typeof s === "string" && s !== "") ||
      typeof e?.size !== "number" ||
      !/^[0-9a-f]{64}$/.test(e.sha256!) ||
      /[\\/]/.test(e.filename!) ||
      !(e.requires === undefined || (Array.isArray(e.requires) && e.requires.every(isString)))
    ) {
      throw new Error(`entry ${i} is not {filename, name, version, sha256, size, requires}`);
    }
    return {
      filename: e.filename!,
      name: normalizeName(e.name!),
      version: e.version!,
      sha256: e.sha256!,
      size: e.size,
      requires: e.requires ?? [],
    };
  });
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}
