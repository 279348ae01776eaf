/**
 * Offline after the first visit: the service worker precaches the whole build (Pyodide's wasm,
 * standard library and scripts, the workers, the app), so with the network off the app
 * reloads, Python boots and an example flow runs to completion.
 */
import type { Page } from "@playwright/test";
import {
  BOOT_TIMEOUT_MS,
  expect,
  HELLO_STEPS_NAMES,
  HELLO_STEPS_RUN,
  PLAY_TIMEOUT_MS,
  spanSummary,
  test,
  waitForReady,
} from "./fixtures";
import { runFromLibrary, uncachedFetchFails, waitForOfflineReady } from "./offline-helpers";

test("with the network off, the app reloads, boots Python and runs a flow", async ({
  freshContext,
}) => {
  // First visit: Python boots, then the service worker installs and takes the page.
  const { context, page } = await freshContext();
  await waitForOfflineReady(page);

  await context.setOffline(true);
  const failed: string[] = [];
  context.on("requestfailed", (request) => failed.push(new URL(request.url()).pathname));
  const fromServiceWorker = new Map<string, boolean>();
  context.on("response", (response) => {
    fromServiceWorker.set(new URL(response.url()).pathname, response.fromServiceWorker());
  });

  await page.reload();
  await waitForReady(page, BOOT_TIMEOUT_MS);
  await expect(page.getByTestId("python-status")).toHaveText("Python ready");
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  // The network is really off, for the page and for its workers: a file of the site that is
  // not precached (the benchmark page) cannot be fetched.
  expect(await uncachedFetchFails(page)).toBe(true);
  const workers = page.workers();
  expect(workers.length).toBeGreaterThan(0);
  for (const worker of workers) expect(await uncachedFetchFails(worker)).toBe(true);

  await runFromLibrary(page, "hello_steps");
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  await expect.poll(() => spanSummary(page, HELLO_STEPS_NAMES)).toEqual(HELLO_STEPS_RUN);

  // Everything the app needed came from the precache: the only failures are the probes.
  expect(failed.filter((path) => !path.endsWith("/bench.html"))).toEqual([]);
  for (const file of ["/", "/pyodide/pyodide.asm.wasm", "/pyodide/python_stdlib.zip"]) {
    expect(fromServiceWorker.get(file), `${file} came from the service worker`).toBe(true);
  }
});

test("the service worker precaches Pyodide's runtime under the URLs Pyodide fetches", async ({
  freshContext,
}) => {
  const { page } = await freshContext();
  await waitForOfflineReady(page);
  const cached = await precachedPaths(page);
  for (const file of [
    "index.html",
    "pyodide/pyodide.asm.wasm",
    "pyodide/python_stdlib.zip",
    "pyodide/pyodide.mjs",
    "pyodide/pyodide.asm.mjs",
    "pyodide/pyodide-lock.json",
    "manifest.webmanifest",
    "snapshot/manifest.json",
  ]) {
    expect(cached, `${file} is precached`).toContain(`/${file}`);
  }
  // The Python and ELK worker scripts are hashed assets of the build.
  expect(cached.some((path) => /\/assets\/pyodide\.worker-[^/]+\.js$/.test(path))).toBe(true);
  expect(cached.some((path) => /\/assets\/elk-worker\.min-[^/]+\.js$/.test(path))).toBe(true);
  // The memory snapshot shipped with the site, named by its key.
  expect(cached.some((path) => /\/snapshot\/[^/]+\.bin$/.test(path))).toBe(true);
  // The benchmark page is not part of the app.
  expect(cached.some((path) => path.endsWith("/bench.html"))).toBe(false);
});

/** The paths held by Workbox's precache (without the revision parameter). */
async function precachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      if (!name.includes("precache")) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
}
