/**
 * Two tabs of the app (two pages of one browser context: one IndexedDB, one set of Web Locks):
 * a play started in one shows live in the other and runs in exactly one of them; when the tab
 * running it closes mid-play, the other takes it up at once (no reload) and completes it,
 * replaying what was finished; a cancel in one tab stops the run in the other; a newer schema
 * opened in another tab makes this one let go of the database and ask for a reload, and stops
 * the play it was running, which goes on after the reload.
 */
import type { BrowserContext, Page } from "@playwright/test";
import { quietFor } from "../src/test-support/quiet";
import {
  expect,
  gotoRoute,
  openApp,
  PLAY_TIMEOUT_MS,
  saveFlow,
  slowStepName,
  slowStepsSource,
  spanElements,
  test,
  uniqueName,
  waitForReady,
} from "./fixtures";

const STEPS = 10;
const stepName = slowStepName;

/** A play slow enough to watch: STEPS steps of a quarter second each. */
const SLOW_SOURCE = slowStepsSource(STEPS);

const TOTAL = Array.from({ length: STEPS }, (_, i) => (i + 1) ** 2).reduce((a, b) => a + b);

function status(page: Page) {
  return page.getByTestId("play-status");
}

/** Whether this page ran (a run of) the play itself: the runner's measure names each run. */
function ranHere(page: Page, sid: string): Promise<number> {
  return page.evaluate(
    (playSid) =>
      performance
        .getEntriesByName("hero_logic:run:python")
        .filter((e) => (e as PerformanceMeasure).detail?.play === playSid).length,
    sid,
  );
}

/** A second tab of the app in the same context, booted (one Python worker, to spare the CPU). */
async function secondTab(context: BrowserContext, first: Page, route: string): Promise<Page> {
  await first.evaluate(() => localStorage.setItem("hero_logic.workers", "1"));
  const page = await context.newPage();
  await openApp(page, route);
  return page;
}

async function startPlay(page: Page, flow: string): Promise<string> {
  return page.evaluate(async (name) => (await window.heroLogic.plays.start(name)).sid, flow);
}

function finishedSteps(page: Page, sid: string, runNo: number): Promise<string[]> {
  return page.evaluate(
    async ([playSid, run]) => {
      const spans = await window.heroLogic.plays.spans(playSid, { runNo: run });
      return spans.filter((s) => s.kind === "step" && s.status === "ok").map((s) => s.name);
    },
    [sid, runNo] as const,
  );
}

/**
 * Another tab of the same site opens the database at a higher version, as a newer build would.
 * It is not blocked: the app's tabs close their connection at once.
 */
async function upgradeInAnotherTab(context: BrowserContext): Promise<void> {
  const other = await context.newPage();
  await other.goto("pyodide/pyodide-lock.json");
  const upgrade = await other.evaluate(
    () =>
      new Promise<string>((resolve) => {
        indexedDB.databases().then((dbs) => {
          const current = dbs.find((d) => d.name === "hero_logic")?.version ?? 0;
          const request = indexedDB.open("hero_logic", current + 1);
          request.onblocked = () => resolve("blocked");
          request.onerror = () => resolve(`error: ${request.error?.message}`);
          request.onsuccess = () => {
            request.result.close();
            resolve(`upgraded from ${current} to ${request.result.version}`);
          };
        });
      }),
  );
  expect(upgrade).toMatch(/^upgraded from \d+ to \d+$/);
  await other.close();
}

test("a play started in one tab shows live in the other and runs in exactly one", async ({
  freshContext,
}) => {
  const { context, page: first } = await freshContext();
  const name = uniqueName("e2e_two_tabs");
  await saveFlow(first, name, SLOW_SOURCE);
  const second = await secondTab(context, first, "#/flows");

  const sid = await startPlay(first, name);
  await gotoRoute(first, `#/plays/${sid}`);
  await gotoRoute(second, `#/plays/${sid}`);
  // The tab that did not start it follows along: status, then spans as the steps finish.
  await expect(status(second)).toHaveText("running", { timeout: PLAY_TIMEOUT_MS });
  await expect(spanElements(second, stepName(2)).first()).toHaveAttribute("data-status", "ok", {
    timeout: PLAY_TIMEOUT_MS,
  });
  await expect(status(second)).toHaveText("running");
  await expect(status(second)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  await expect(spanElements(second, stepName(STEPS)).first()).toHaveAttribute("data-status", "ok");
  await expect(second.getByTestId("play-output")).toContainText(String(TOTAL));
  await expect(status(first)).toHaveText("completed");

  // One run, in the tab that started it; every step once.
  const play = await second.evaluate((playSid) => window.heroLogic.plays.get(playSid), sid);
  expect(play.run_count).toBe(1);
  const runs = await second.evaluate((playSid) => window.heroLogic.plays.runs(playSid), sid);
  expect(runs.map((r) => r.ended_by)).toEqual(["completed"]);
  expect(await finishedSteps(second, sid, 1)).toEqual(
    Array.from({ length: STEPS }, (_, i) => stepName(i + 1)),
  );
  // (The runner notes a run just after its end is stored.)
  await expect.poll(() => ranHere(first, sid)).toBe(1);
  expect(await ranHere(second, sid)).toBe(0);
});

test("closing the tab that runs a play hands it to the other tab, which completes it without a reload", async ({
  freshContext,
}) => {
  const { context, page: first } = await freshContext();
  const name = uniqueName("e2e_hand_over");
  await saveFlow(first, name, SLOW_SOURCE);
  const second = await secondTab(context, first, "#/plays");
  // Anything that survives on `window` proves the page was not reloaded.
  await second.evaluate(() => {
    (window as unknown as { tabMark: string }).tabMark = "still here";
  });

  const sid = await startPlay(first, name);
  await gotoRoute(second, `#/plays/${sid}`);
  await expect
    .poll(async () => (await finishedSteps(second, sid, 1)).length, {
      timeout: PLAY_TIMEOUT_MS,
      intervals: [100],
    })
    .toBeGreaterThanOrEqual(3);
  await first.close();

  await expect(status(second)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  await expect(second.getByTestId("play-output")).toContainText(String(TOTAL));
  expect(await second.evaluate(() => (window as unknown as { tabMark?: string }).tabMark)).toBe(
    "still here",
  );
  expect(await ranHere(second, sid)).toBe(1);

  const play = await second.evaluate((playSid) => window.heroLogic.plays.get(playSid), sid);
  expect(play.run_count).toBe(2);
  const runs = await second.evaluate((playSid) => window.heroLogic.plays.runs(playSid), sid);
  expect(runs.map((r) => r.ended_by)).toEqual(["interrupted", "completed"]);
  // Run 2 replays exactly what run 1 finished and executes the rest.
  const doneInRun1 = await finishedSteps(second, sid, 1);
  expect(doneInRun1.length).toBeLessThan(STEPS);
  const run2 = await second.evaluate(
    (playSid) => window.heroLogic.plays.spans(playSid, { runNo: 2 }),
    sid,
  );
  const steps2 = run2.filter((s) => s.kind === "step");
  expect(steps2.map((s) => s.name)).toEqual(
    Array.from({ length: STEPS }, (_, i) => stepName(i + 1)),
  );
  expect(steps2.filter((s) => s.replayed).map((s) => s.name)).toEqual(doneInRun1);
  await expect(second.getByTestId("run-2")).toHaveAttribute("aria-pressed", "true");
});

test("cancelling in one tab stops the run in the tab that executes it", async ({
  freshContext,
}) => {
  const { context, page: first } = await freshContext();
  const name = uniqueName("e2e_cancel_across");
  await saveFlow(first, name, SLOW_SOURCE.replace(`steps: int = ${STEPS}`, "steps: int = 400"));
  const second = await secondTab(context, first, "#/plays");

  const sid = await startPlay(first, name);
  await gotoRoute(second, `#/plays/${sid}`);
  await expect(spanElements(second, stepName(1)).first()).toHaveAttribute("data-status", "ok", {
    timeout: PLAY_TIMEOUT_MS,
  });
  await second.getByTestId("cancel-play").click();
  await second.getByTestId("confirm-cancel").getByTestId("confirm").click();
  await expect(status(second)).toHaveText("cancelled", { timeout: PLAY_TIMEOUT_MS });
  // The executing tab stops the run: its root span ends cancelled, and nothing its worker still
  // computes afterwards is stored (Chromium lets a busy worker go on for up to 2 s).
  const rootStatus = () =>
    first.evaluate(async (playSid) => {
      const spans = await window.heroLogic.plays.spans(playSid, { runNo: 1 });
      return spans.find((s) => s.kind === "flow_root")?.status;
    }, sid);
  await expect.poll(rootStatus, { timeout: 10_000 }).toBe("cancelled");
  const settled = await finishedSteps(first, sid, 1);
  await quietFor(
    3_000,
    "Chromium lets a terminated busy worker run on for up to 2 s: anything it sent would be stored by then",
  );
  expect(await finishedSteps(first, sid, 1)).toEqual(settled);
  expect(await rootStatus()).toBe("cancelled");
  expect(settled.length).toBeLessThan(20);
  const runs = await first.evaluate((playSid) => window.heroLogic.plays.runs(playSid), sid);
  expect(runs.map((r) => r.ended_by)).toEqual(["cancelled"]);
});

test("a newer schema opened in another tab: this tab lets go of the database and asks for a reload", async ({
  freshContext,
}) => {
  const { context, page: first } = await freshContext();
  const name = uniqueName("e2e_schema");
  await saveFlow(first, name, SLOW_SOURCE);
  await gotoRoute(first, "#/flows");
  await expect(first.getByTestId(`flow-link-${name}`)).toBeVisible();
  await expect(first.getByTestId("storage-banner")).toHaveCount(0);

  await upgradeInAnotherTab(context);

  const banner = first.getByTestId("storage-banner");
  await expect(banner).toBeVisible();
  await expect(banner.getByRole("alert")).toContainText("another tab");
  await expect(banner.getByRole("alert")).toContainText("Reload");
  // The button is reachable from the keyboard, and reloads.
  const reload = first.getByTestId("storage-reload");
  await first.keyboard.press("Tab");
  // (Past every control of the library: each flow card has Open, Run and more.)
  for (let i = 0; i < 200 && !(await reload.evaluate((el) => el === document.activeElement)); i++) {
    await first.keyboard.press("Tab");
  }
  await expect(reload).toBeFocused();
  await Promise.all([first.waitForEvent("load"), first.keyboard.press("Enter")]);
  await waitForReady(first);
  // After the reload the library is there, unchanged.
  await expect(first.getByTestId("storage-banner")).toHaveCount(0);
  await expect(first.getByTestId(`flow-link-${name}`)).toBeVisible();
  const saved = await first.evaluate((n) => window.heroLogic.workflows.get(n), name);
  expect(saved?.name).toBe(name);
});

test("a newer schema opened in another tab while a play runs here: the run stops, and goes on after the reload", async ({
  freshContext,
}) => {
  const { context, page: first } = await freshContext();
  const name = uniqueName("e2e_schema_running");
  const steps = 40;
  await saveFlow(first, name, slowStepsSource(steps));
  const sid = await startPlay(first, name);
  await gotoRoute(first, `#/plays/${sid}`);
  await expect(spanElements(first, stepName(2)).first()).toHaveAttribute("data-status", "ok", {
    timeout: PLAY_TIMEOUT_MS,
  });
  // The worker running the play is terminated (a fresh one takes its place), not left to
  // compute what can no longer be stored.
  // The Python workers start from blob: URLs (the layout worker from the site).
  const pythonWorkers = first.workers().filter((w) => w.url().startsWith("blob:"));
  expect(pythonWorkers.length).toBeGreaterThan(0);
  const terminated = Promise.race(
    pythonWorkers.map((w) => new Promise<void>((resolve) => w.on("close", () => resolve()))),
  );
  await upgradeInAnotherTab(context);

  const banner = first.getByTestId("storage-banner");
  await expect(banner).toBeVisible();
  await expect(banner.getByRole("alert")).toContainText("plays that were running here stopped");
  await terminated;

  await Promise.all([first.waitForEvent("load"), first.getByTestId("storage-reload").click()]);
  await waitForReady(first);
  await gotoRoute(first, `#/plays/${sid}`);
  await expect(status(first)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  const total = Array.from({ length: steps }, (_, i) => (i + 1) ** 2).reduce((a, b) => a + b);
  await expect(first.getByTestId("play-output")).toContainText(String(total));
  // Run 1 was cut off by the upgrade; run 2 replayed what it had stored and ran the rest.
  const runs = await first.evaluate((playSid) => window.heroLogic.plays.runs(playSid), sid);
  expect(runs.map((r) => r.ended_by)).toEqual(["interrupted", "completed"]);
  const doneInRun1 = await finishedSteps(first, sid, 1);
  expect(doneInRun1.length).toBeGreaterThanOrEqual(2);
  expect(doneInRun1.length).toBeLessThan(steps);
  const run2 = await first.evaluate(
    (playSid) => window.heroLogic.plays.spans(playSid, { runNo: 2 }),
    sid,
  );
  const steps2 = run2.filter((s) => s.kind === "step");
  expect(steps2.map((s) => s.name)).toEqual(
    Array.from({ length: steps }, (_, i) => stepName(i + 1)),
  );
  expect(steps2.filter((s) => s.replayed).map((s) => s.name)).toEqual(doneInRun1);
  // Nothing of run 1 is left open.
  const run1 = await first.evaluate(
    (playSid) => window.heroLogic.plays.spans(playSid, { runNo: 1 }),
    sid,
  );
  expect(run1.filter((s) => s.status === "running")).toEqual([]);
});
