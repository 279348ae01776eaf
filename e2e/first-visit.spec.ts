/**
 * A first visit (a browser that never saw the app) restores the memory snapshot shipped with
 * the site instead of starting Python from scratch, showing its progress above the page; a
 * damaged snapshot file only means a normal, slower start, with a console warning.
 */
import type { BrowserContext, Route } from "@playwright/test";
import {
  expect,
  HELLO_STEPS_NAMES,
  HELLO_STEPS_RUN,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  spanSummary,
  test,
  waitForReady,
} from "./fixtures";

const SNAPSHOT_FILE = /\/snapshot\/[^/]+\.bin$/;

/** The warnings the page and its workers print (the worker warns about the snapshot). */
function warningsOf(context: BrowserContext): string[] {
  const warnings: string[] = [];
  context.on("console", (message) => {
    if (message.type() === "warning") warnings.push(message.text());
  });
  return warnings;
}

test("a fresh browser starts Python from the shipped snapshot, showing its progress, and runs a flow", async ({
  freshContext,
}) => {
  // The snapshot's download is held until the progress indicator has been seen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { context, page } = await freshContext({ waitForPython: false });
  const warnings = warningsOf(context);
  await context.route(SNAPSHOT_FILE, async (route: Route) => {
    await held;
    await route.continue();
  });
  await page.reload();

  const progress = page.getByTestId("python-progress");
  await expect(progress).toBeVisible();
  await expect(page.getByTestId("python-progress-stage")).toHaveText(
    /^Downloading Python: \d+\.\d of \d+\.\d MB/,
  );
  release();

  await waitForReady(page);
  await expect(progress).toBeHidden();
  const status = page.getByTestId("python-status");
  await expect(status).toHaveText("Python ready");
  await expect(status).toHaveAttribute("data-snapshot", "shipped");
  await expect(status.locator("[title]")).toHaveAttribute("title", /shipped with the site/);
  expect(warnings.filter((text) => /snapshot/i.test(text))).toEqual([]);

  await openNewPlay(page, "hello_steps", { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  await expect.poll(() => spanSummary(page, HELLO_STEPS_NAMES)).toEqual(HELLO_STEPS_RUN);

  // The restored snapshot is kept unpacked in this browser: the next visit restores that one.
  await expect
    .poll(() =>
      page.evaluate(async () => (await (await caches.open("hero-logic-snapshots")).keys()).length),
    )
    .toBe(1);
  await page.reload();
  await waitForReady(page);
  await expect(status).toHaveAttribute("data-snapshot", "stored");
});

test("a corrupted shipped snapshot: Python starts normally, with a warning, and runs a flow", async ({
  freshContext,
}) => {
  const { context, page } = await freshContext({ waitForPython: false });
  const warnings = warningsOf(context);
  let served = 0;
  await context.route(SNAPSHOT_FILE, async (route: Route) => {
    // The page opened before this route may have begun its download already: the reload below
    // cuts that request off, and then there is nothing to read or to answer.
    try {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      // Bytes flipped in the middle: the length is right, the content is not.
      for (let i = 0; i < 64; i++) body[Math.floor(body.length / 2) + i]! ^= 0xa5;
      await route.fulfill({ response, body });
      served += 1;
    } catch (error) {
      if (!/disposed|closed|aborted|Target/i.test(String(error))) throw error;
    }
  });
  await page.reload();

  await waitForReady(page);
  expect(served).toBeGreaterThan(0);
  const status = page.getByTestId("python-status");
  await expect(status).toHaveText("Python ready");
  await expect(status).toHaveAttribute("data-snapshot", "none");
  await expect
    .poll(() => warnings.filter((text) => /shipped Python snapshot is not used/.test(text)))
    .not.toEqual([]);
  expect(warnings.join("\n")).toMatch(/SHA-256/);

  await openNewPlay(page, "hello_steps", { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
});

test("while Python starts, both run forms say a play started now waits for it", async ({
  appPage,
  freshContext,
}) => {
  // A flow brought in by a bundle: a library that has it before Python is ready.
  const bundle = await appPage.evaluate(() =>
    window.heroLogic.exportBundle({ workflows: ["hello_steps"] }),
  );
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { context, page } = await freshContext({ waitForPython: false });
  await context.route(SNAPSHOT_FILE, async (route: Route) => {
    await held;
    await route.continue();
  });
  await page.reload();
  await expect(page.getByTestId("python-progress")).toBeVisible();
  await page.evaluate((b) => window.heroLogic.importBundle(b), bundle);

  try {
    await page.getByTestId("run-card-hello_steps").click();
    const card = page.getByTestId("run-dialog");
    await expect(card.getByTestId("run-waits-for-python")).toBeVisible();
    await card.getByRole("button", { name: "Cancel" }).click();

    await page.getByTestId("flow-link-hello_steps").click();
    await page.getByTestId("run-flow").click();
    await expect(page.getByTestId("run-waits-for-python")).toBeVisible();
  } finally {
    release();
  }
  await waitForReady(page);
  await expect(page.getByTestId("run-waits-for-python")).toBeHidden();
});
