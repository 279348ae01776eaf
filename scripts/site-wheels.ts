import { readdir, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Plugin, runnerImport } from "vite";
import type { SiteWheel } from "../src/engine/packages/site-wheels";

type SiteWheelsModule = typeof import("../src/engine/packages/site-wheels");

// The app's own check of a wheel, loaded through Vite's module runner when a build needs it: the
// config's loader would otherwise bundle the app's TypeScript into the config.
const SITE_WHEELS_MODULE = fileURLToPath(
  new URL("../src/engine/packages/site-wheels.ts", import.meta.url),
);
const INDEX_PATH = "wheels/index.json";

async function appCheck(): Promise<SiteWheelsModule> {
  return (await runnerImport<SiteWheelsModule>(SITE_WHEELS_MODULE)).module;
}

/** The folder whose wheels the site ships; `HL_SITE_WHEELS` names another (the e2e build's). */
export function siteWheelsFolder(): string {
  return resolve(process.env.HL_SITE_WHEELS?.trim() || "site-wheels");
}

interface ShippedWheel {
  entry: SiteWheel;
  bytes: Uint8Array;
}

/**
 * Read and check every `.whl` of the folder as `packages.add` checks a wheel; the first bad one,
 * or two wheels of one package, throws naming the file. A missing folder ships none.
 */
export async function readSiteWheels(folder: string): Promise<ShippedWheel[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith(".whl")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const { siteIndexEntry } = await appCheck();
  const wheels: ShippedWheel[] = [];
  for (const filename of names) {
    const bytes = new Uint8Array(await readFile(resolve(folder, filename)));
    let entry: SiteWheel;
    try {
      entry = await siteIndexEntry(bytes, filename);
    } catch (error) {
      throw new Error(
        `site wheel ${resolve(folder, filename)} is refused: ${(error as Error).message}`,
      );
    }
    const twin = wheels.find((wheel) => wheel.entry.name === entry.name);
    if (twin) {
      throw new Error(
        `site wheels ${twin.entry.filename} and ${filename} are both '${entry.name}': ship one wheel per package`,
      );
    }
    wheels.push({ entry, bytes });
  }
  return wheels;
}

/**
 * Ships the folder's wheels with the site: `wheels/<file>` and `wheels/index.json` (always
 * written, `[]` when there are none) in the build, served the same way by the dev server. The
 * service worker precaches them with the rest of the build (vite.config.ts, `globPatterns`).
 */
export function siteWheels(folder = siteWheelsFolder()): Plugin {
  let wheels: Promise<ShippedWheel[]> | undefined;
  const read = () => {
    wheels ??= readSiteWheels(folder);
    return wheels;
  };
  return {
    name: "hero-logic-site-wheels",
    async buildStart() {
      // Fail early and loudly: a build that would ship a bad wheel is no build.
      await read();
    },
    async generateBundle() {
      const shipped = await read();
      for (const { entry, bytes } of shipped) {
        this.emitFile({ type: "asset", fileName: `wheels/${entry.filename}`, source: bytes });
      }
      const index = `${JSON.stringify(
        shipped.map(({ entry }) => entry),
        null,
        2,
      )}\n`;
      this.emitFile({ type: "asset", fileName: INDEX_PATH, source: index });
    },
    configureServer(server) {
      server.middlewares.use(async (request, response, next) => {
        const path = decodeURIComponent((request.url ?? "").split("?")[0]!);
        if (!path.startsWith("/wheels/")) return next();
        try {
          // Read afresh: a wheel put into the folder shows up on the next request.
          const shipped = await readSiteWheels(folder);
          const body =
            path === `/${INDEX_PATH}`
              ? JSON.stringify(shipped.map(({ entry }) => entry))
              : shipped.find(({ entry }) => path === `/wheels/${entry.filename}`)?.bytes;
          if (body === undefined) return next();
          response.setHeader("Cache-Control", "no-cache");
          response.end(body);
        } catch (error) {
          next(error);
        }
      });
    },
  };
}
