/**
 * Wheels shipped with the site (issue 18): a build made with `HL_SITE_WHEELS` pointing at a
 * folder holding a test wheel (its own build, in a temporary folder, so the site's build never
 * ships a test wheel) lists it in `wheels/index.json`; the Packages page shows it, a flow that
 * declares it runs, and it still runs after a reload with the network off (the service worker
 * precached the wheel).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StaticServer, serveStatic } from "../scripts/serve-static.mjs";
import { makeWheel } from "../src/test-support/wheels";
import { BOOT_TIMEOUT_MS, expect, saveFlow, settledPlay, test, waitForReady } from "./fixtures";
import { newAppContext, STATIC_PORT, waitForOfflineReady } from "./offline-helpers";

const SHOTS_DIR = process.env.SHOTS_DIR;
const wheel = makeWheel({ name: "shipdemo", version: "1.0", init: 'VALUE = "shipped"\n' });
const FLOW = `# /// script
# dependencies = ["shipdemo>=1"]
# ///
from hero_logic import flow

@flow
def main():
    import shipdemo
    return shipdemo.VALUE
`;

let folder: string;
let server: StaticServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  folder = mkdtempSync(join(tmpdir(), "hl-site-wheels-"));
  const wheels = join(folder, "wheels");
  mkdirSync(wheels);
  writeFileSync(join(wheels, wheel.filename), wheel.bytes);
  const out = join(folder, "dist");
  execFileSync("npx", ["vite", "build", "--outDir", out, "--emptyOutDir"], {
    env: { ...process.env, HL_SITE_WHEELS: wheels },
    stdio: "ignore",
  });
  server = await serveStatic({ root: out, port: STATIC_PORT });
});

test.afterAll(async () => {
  await server?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test("a wheel shipped with the site is listed, installed for a flow that declares it, and works offline after a reload", async ({
  browser,
}) => {
  const context = await newAppContext(browser, "shipped");
  const page = await context.newPage();
  await page.goto(`${server!.url}#/packages`);
  await waitForReady(page);
  await waitForOfflineReady(page);
  const index = await page.evaluate(async () => (await fetch("wheels/index.json")).json());
  expect(index).toEqual([
    expect.objectContaining({
      filename: wheel.filename,
      name: "shipdemo",
      version: "1.0",
      size: wheel.bytes.byteLength,
    }),
  ]);

  await saveFlow(page, "uses_shipped", FLOW);
  const row = page.locator('[data-testid="package-row"][data-package="shipdemo"]');
  await expect(row).toContainText("shipped with the site");
  await expect(row).toContainText("needed by uses_shipped");
  await expect(row.getByTestId("package-delete")).toHaveCount(0);
  if (SHOTS_DIR) await page.screenshot({ path: `${SHOTS_DIR}/packages-shipped-1280-light.png` });

  const online = await page.evaluate(
    async () => (await window.heroLogic.plays.start("uses_shipped")).sid,
  );
  const first = await settledPlay(page, online);
  expect(first.error).toBeNull();
  expect(first.output_data).toBe("shipped");

  await context.setOffline(true);
  await page.reload();
  await waitForReady(page, BOOT_TIMEOUT_MS);
  const offline = await page.evaluate(
    async () => (await window.heroLogic.plays.start("uses_shipped")).sid,
  );
  const second = await settledPlay(page, offline);
  expect(second.error).toBeNull();
  expect(second.output_data).toBe("shipped");
  await expect(row).toContainText("shipped with the site");
  await context.close();
});
