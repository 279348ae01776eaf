/**
 * A new build deployed while the app is open: its service worker installs in the background
 * and the app offers "A new version is available — Reload". Nothing reloads until the user
 * says so; Reload (from the keyboard) brings the new build.
 *
 * Each test serves its own copy of dist/ and "deploys" a new build over it: a changed
 * index.html and a sw.js listing its new revision, as a real rebuild would.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { type StaticServer, serveStatic } from "../scripts/serve-static.mjs";
import { quietFor } from "../src/test-support/quiet";
import { BOOT_TIMEOUT_MS, expect, saveFlow, test, uniqueName, waitForReady } from "./fixtures";
import { DIST, newAppContext, STATIC_PORT, waitForOfflineReady } from "./offline-helpers";
import { launchPlainChromium } from "./plain-chromium";

let site = "";
let server: StaticServer | undefined;

test.beforeEach(async () => {
  site = mkdtempSync(join(tmpdir(), "hero-logic-update-"));
  cpSync(DIST, site, { recursive: true });
  server = await serveStatic({ root: site, port: STATIC_PORT, base: "/app/" });
});

test.afterEach(async () => {
  await server?.close();
  rmSync(site, { recursive: true, force: true });
});

/** Deploy build 2: a changed index.html, and a service worker listing its new revision. */
function deployNewBuild(): void {
  const indexPath = join(site, "index.html");
  const html = readFileSync(indexPath, "utf8");
  writeFileSync(indexPath, html.replace("<head>", '<head>\n    <meta name="build" content="2" />'));
  const swPath = join(site, "sw.js");
  const sw = readFileSync(swPath, "utf8");
  const updated = sw.replace(/(url:"index\.html",revision:")[0-9a-f]+"/, '$1build-2"');
  expect(updated, "sw.js lists index.html with a revision").not.toBe(sw);
  writeFileSync(swPath, updated);
}

/** What a browser does on a navigation, and the app now and then: look for a new sw.js. */
const CHECK_FOR_UPDATE = `navigator.serviceWorker.getRegistration()
  .then((registration) => registration.update()).then(() => true)`;

async function checkForUpdate(page: Page): Promise<void> {
  await page.evaluate(CHECK_FOR_UPDATE);
}

/** Whether a service worker of a newer build is installing or waiting (update() has settled). */
function newWorkerFound(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return Boolean(registration?.installing || registration?.waiting);
  });
}

test("a new deploy shows the prompt; nothing reloads until the user asks", async ({ browser }) => {
  const context = await newAppContext(browser, "update");
  const page = await context.newPage();
  await page.goto(`${server!.url}#/flows`);
  await waitForReady(page);
  await waitForOfflineReady(page);
  const prompt = page.getByTestId("update-prompt");

  // The same build again: the check found nothing to install, so no prompt can come.
  await checkForUpdate(page);
  expect(await newWorkerFound(page)).toBe(false);
  await expect(prompt).toHaveCount(0);

  // A play that runs until cancelled: the prompt says a reload does not lose it.
  const flow = uniqueName("e2e_busy");
  await saveFlow(
    page,
    flow,
    [
      "from hero_logic import flow",
      "",
      "",
      "@flow",
      "def main():",
      "    while True:",
      "        pass",
      "",
    ].join("\n"),
  );
  const sid = await page.evaluate(async (name) => {
    const play = await window.heroLogic.plays.start(name);
    return (await window.heroLogic.plays.wait(play.sid, { until: ["running"] })).sid;
  }, flow);
  await page.evaluate(() => {
    (window as unknown as { beforeUpdate: boolean }).beforeUpdate = true;
  });

  deployNewBuild();
  await checkForUpdate(page);
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  await expect(prompt).toContainText("A new version is available.");
  await expect(prompt).toContainText("The running play picks up again after the reload.");
  await page.screenshot({ path: test.info().outputPath("update-prompt.png") });

  // "Later" hides it; the page was not reloaded behind the user's back, and the new build
  // still waits.
  await prompt.getByRole("button", { name: "Later" }).click();
  await expect(prompt).toHaveCount(0);
  await quietFor(1_000, "a reload asked for by the click would have replaced this page by now");
  expect(await page.evaluate(() => "beforeUpdate" in window)).toBe(true);
  expect(await newWorkerFound(page)).toBe(true);
  await expect(page.locator('meta[name="build"]')).toHaveCount(0);

  // The next visit shows it again while the new build still waits, and still runs the old
  // build; the play cut off by the reload runs again.
  await page.reload();
  await waitForReady(page);
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('meta[name="build"]')).toHaveCount(0);
  const reload = prompt.getByRole("button", { name: "Reload" });
  await reload.focus();
  await expect(reload).toBeFocused();
  const recovered = await page.evaluate(async (playSid) => {
    const play = await window.heroLogic.plays.wait(playSid, {
      until: ["running"],
      timeoutMs: 30_000,
    });
    await window.heroLogic.plays.cancel(playSid);
    return play.status;
  }, sid);
  expect(recovered).toBe("running");
  // Pressing Reload is the next test's: see e2e/plain-chromium.ts for why not here.
  await context.close();
});

test("Reload, from the keyboard, switches the tab to the new build", async () => {
  const page = await launchPlainChromium();
  try {
    const prompt = "document.querySelector('[data-testid=update-prompt]')";
    await page.navigate(`${server!.url}#/flows`);
    await page.waitFor(
      "!!window.heroLogic && window.heroLogic.ready().then(() => true)",
      BOOT_TIMEOUT_MS,
      "Python ready",
    );
    await page.waitFor(
      "navigator.serviceWorker.controller?.state === 'activated'",
      60_000,
      "the service worker controls the page",
    );
    expect(await page.evaluate(`!${prompt}`)).toBe(true);

    deployNewBuild();
    await page.evaluate(CHECK_FOR_UPDATE);
    await page.waitFor(`!!${prompt}`, 30_000, "the update prompt");
    expect(await page.evaluate(`${prompt}.textContent`)).toContain("A new version is available.");

    await page.evaluate(
      "document.querySelector('[data-testid=update-reload]').focus(), document.activeElement.textContent",
    );
    await page.press("Enter");
    const ms = await page.waitFor(
      "document.querySelector('meta[name=build]')?.content === '2'",
      20_000,
      "build 2 in the tab",
    );
    console.log(`update: the tab ran the new build ${ms} ms after Reload`);
    await page.waitFor(
      "!!window.heroLogic && window.heroLogic.ready().then(() => true)",
      BOOT_TIMEOUT_MS,
      "Python ready on the new build",
    );
    const state = await page.evaluate<{ prompt: boolean; waiting: boolean; controlled: boolean }>(
      `navigator.serviceWorker.getRegistration().then((registration) => ({
        prompt: !!${prompt},
        waiting: !!registration.waiting,
        controlled: !!navigator.serviceWorker.controller,
      }))`,
    );
    expect(state).toEqual({ prompt: false, waiting: false, controlled: true });
  } finally {
    await page.close();
  }
});
