/**
 * Helpers for the journeys about the service worker: offline use, sub-path hosting, updates.
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page, Worker } from "@playwright/test";
import { expect, pipeConsole, playSidOf } from "./fixtures";

/** How long the first visit may take to download and precache the build (about 26 MB). */
export const PRECACHE_TIMEOUT_MS = 60_000;

/**
 * Wait until the service worker controls `page` (it has precached every file of the build:
 * a worker activates only after its install, the precache, succeeded).
 */
export async function waitForOfflineReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => navigator.serviceWorker?.controller?.state === "activated",
    undefined,
    { timeout: PRECACHE_TIMEOUT_MS },
  );
}

/**
 * Whether fetching a file of the site that the service worker does not precache (the
 * benchmark page) fails, from the page or from one of its workers. False while online.
 */
export async function uncachedFetchFails(target: Page | Worker): Promise<boolean> {
  // A relative URL resolves against the page's or the worker's script URL; the worker
  // scripts live in assets/, one folder below.
  const probe = async (url: string) => {
    try {
      await fetch(new URL(url, location.href), { cache: "no-store" });
      return false;
    } catch {
      return true;
    }
  };
  const url = `bench.html?probe=${Date.now()}`;
  return "goto" in target
    ? target.evaluate(probe, `./${url}`)
    : target.evaluate(probe, `../${url}`);
}

/** From the library, open a flow, run it with its default inputs, land on the new play. */
export async function runFromLibrary(page: Page, flowName: string): Promise<string> {
  await page.evaluate(() => {
    window.location.hash = "#/flows";
  });
  await page.getByTestId(`flow-link-${flowName}`).click();
  await expect(page).toHaveURL((url) => url.hash === `#/flows/${flowName}`);
  await page.getByTestId("run-flow").click();
  const form = page.getByTestId("run-form");
  await expect(form).toBeVisible();
  await form.getByTestId("run-submit").click();
  await expect(page).toHaveURL(/#\/plays\/[^/?#]+$/);
  return playSidOf(page);
}

/**
 * The port of the tests' own static server (scripts/serve-static.mjs), ten above the port of
 * `vite preview`, so that checkouts running their journeys at once do not collide.
 */
export const STATIC_PORT = (Number(process.env.E2E_PORT) || 4173) + 10;

/** The built site, as `npm run build` leaves it. */
export const DIST = fileURLToPath(new URL("../dist/", import.meta.url));

/** A new browser context (clean storage) whose console goes to the test log. */
export async function newAppContext(browser: Browser, label: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  pipeConsole(context, label);
  return context;
}
