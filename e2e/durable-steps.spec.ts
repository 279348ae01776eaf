/**
 * Durable steps (issue 13), with a flow shaped like real ones: a quick first step (a random
 * token), then a step that computes for seconds. While the slow step runs, the first is stored
 * with its output and the slow one shows running, in the API and on the play page. When the run
 * is cut off there (the tab closed, its renderer crashed, or the play handed to another tab), the
 * next run replays the first step with the same token; the cut-off run keeps it `ok` and records
 * only the slow step, really in flight, as interrupted. A play whose runs keep being cut off
 * fails after the third, and the app stays usable.
 */
import type { BrowserContext, Page } from "@playwright/test";
import { serveStatic } from "../scripts/serve-static.mjs";
import type { Span } from "../src/db/records";
import {
  crashPage,
  expect,
  gotoRoute,
  openAppInNewPage,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  playSpans,
  saveFlow,
  settledPlay,
  test,
  uniqueName,
  waitForReady,
} from "./fixtures";
import { DIST, newAppContext, STATIC_PORT } from "./offline-helpers";

const SLOW_SECONDS = 6;

/** `token` returns at once; `slow` computes (no sleep: the worker's event loop stays still). */
const FAST_THEN_SLOW = `import os
import time
from hero_logic import flow


@flow
def token() -> str:
    return os.urandom(8).hex()


@flow
def slow(seconds: float) -> float:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return seconds


@flow
def main(seconds: float = ${SLOW_SECONDS}.0):
    first = token()
    waited = slow(seconds)
    return {"token": first, "slow": waited}
`;

/** One step that computes for a minute: every run of it can be cut off. */
const ONE_LONG_STEP = `import time
from hero_logic import flow


@flow
def long_step(seconds: float) -> float:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return seconds


@flow
def main(seconds: float = 60.0):
    return long_step(seconds)
`;

/** What `os.urandom(8).hex()` returns. */
const TOKEN = /^[0-9a-f]{16}$/;

/** How long a started step may take to show as running (generous: the machine is shared). */
const SHOWS_RUNNING_MS = 30_000;

type Cut = (page: Page) => Promise<void>;

const closeTab: Cut = (page) => page.close();

async function startPlay(page: Page, flow: string): Promise<string> {
  return page.evaluate(async (name) => (await window.heroLogic.plays.start(name)).sid, flow);
}

/** The steps of a run as stored: name → status (a run that has not started yet has none). */
async function stepStatuses(page: Page, sid: string, runNo: number) {
  const spans = await playSpans(page, sid, runNo);
  return Object.fromEntries(spans.filter((s) => s.kind === "step").map((s) => [s.name, s.status]));
}

function named(spans: readonly Span[], name: string): Span {
  const span = spans.find((s) => s.name === name);
  if (!span) throw new Error(`no span named ${name} among ${spans.map((s) => s.name).join(", ")}`);
  return span;
}

/** Every rendered element of a span, by its sid. */
function spanOnPage(page: Page, spanSid: string) {
  return page.locator(`[data-span-sid="${spanSid}"]`).first();
}

/**
 * Wait, without a fixed sleep, until run `runNo` has stored `token` finished and `slow` started
 * (its body is computing now), and return both spans as stored.
 */
async function whileSlowRuns(page: Page, sid: string, runNo: number) {
  await expect
    .poll(() => stepStatuses(page, sid, runNo), { timeout: SHOWS_RUNNING_MS, intervals: [100] })
    .toEqual({ token: "ok", slow: "running" });
  const spans = await playSpans(page, sid, runNo);
  return { token: named(spans, "token"), slow: named(spans, "slow") };
}

/** A span the run was executing when it was cut off: cancelled, saying why. */
function expectInterrupted(span: Span): void {
  expect({ name: span.name, status: span.status, error: span.error?.type }).toEqual({
    name: span.name,
    status: "cancelled",
    error: "Interrupted",
  });
  expect(span.error?.message ?? "").not.toBe("");
}

/**
 * The play, cut off in run 1 while `slow` computed, completed in run 2 with the token run 1
 * stored: run 1 keeps `token` ok and records `slow` (and the root) interrupted; run 2 replays
 * `token` and executes `slow`. The page (open at the play) shows the same.
 */
async function expectRecoveredWithToken(page: Page, sid: string, token: string): Promise<void> {
  const play = await page.evaluate((playSid) => window.heroLogic.plays.get(playSid), sid);
  expect(play.status).toBe("completed");
  expect(play.output_data).toEqual({ token, slow: SLOW_SECONDS });
  const runs = await page.evaluate((playSid) => window.heroLogic.plays.runs(playSid), sid);
  expect(runs.map((r) => r.ended_by)).toEqual(["interrupted", "completed"]);

  const run1 = await playSpans(page, sid, 1);
  expect(named(run1, "token")).toMatchObject({ status: "ok", output: token, replayed: false });
  expectInterrupted(named(run1, "slow"));
  for (const span of run1.filter((s) => s.status !== "ok")) expectInterrupted(span);

  const run2 = await playSpans(page, sid, 2);
  expect(named(run2, "token")).toMatchObject({ status: "ok", output: token, replayed: true });
  expect(named(run2, "slow")).toMatchObject({ status: "ok", replayed: false });

  await expect(page.getByTestId("play-status")).toHaveText("completed");
  await expect(page.getByTestId("play-output")).toContainText(token);
  await expect(spanOnPage(page, named(run2, "token").sid)).toHaveAttribute("data-replayed", "true");
  await page.getByTestId("run-1").click();
  await expect(spanOnPage(page, named(run1, "token").sid)).toHaveAttribute("data-status", "ok");
  await expect(spanOnPage(page, named(run1, "slow").sid)).toHaveAttribute(
    "data-status",
    "cancelled",
  );
}

/** Later tabs of the context run one Python worker: two cores are shared by several tabs. */
async function oneWorkerPerTab(page: Page): Promise<void> {
  await page.evaluate(() => localStorage.setItem("hero_logic.workers", "1"));
}

/**
 * The fast-then-slow play on `page`: while `slow` computes, `token` is stored ok and `slow`
 * running, in the API and on the page; left alone, it completes in one run with that token.
 */
async function expectStoredWhileSlowRuns(page: Page): Promise<void> {
  const name = uniqueName("e2e_fast_then_slow");
  await saveFlow(page, name, FAST_THEN_SLOW);
  const sid = await openNewPlay(page, name);

  const { token, slow } = await whileSlowRuns(page, sid, 1);
  expect(token.output).toMatch(TOKEN);
  expect(slow.ended_at).toBeNull();
  await expect(spanOnPage(page, token.sid)).toHaveAttribute("data-status", "ok");
  await expect(spanOnPage(page, slow.sid)).toHaveAttribute("data-status", "running");
  await expect(page.getByTestId("play-status")).toHaveText("running");

  // Left alone, it completes in that one run with that token.
  const play = await settledPlay(page, sid);
  expect(play.status).toBe("completed");
  expect(play.output_data).toEqual({ token: token.output, slow: SLOW_SECONDS });
  expect(play.run_count).toBe(1);
  await expect(spanOnPage(page, slow.sid)).toHaveAttribute("data-status", "ok");
}

test("a finished step is stored while the next one computes, and the play page shows both", async ({
  appPage: page,
}) => {
  // The test server sends COOP/COEP, as vite.config.ts and public/_headers ask: batches go
  // through memory the page shares with the worker (src/wire/ring.ts).
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expectStoredWhileSlowRuns(page);
});

test("the same on a plain static host, where batches travel as posts (no shared memory)", async ({
  browser,
}) => {
  const server = await serveStatic({ root: DIST, port: STATIC_PORT });
  const context = await newAppContext(browser, "plain-host");
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}#/flows`);
    await waitForReady(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expectStoredWhileSlowRuns(page);
  } finally {
    await context.close();
    await server.close();
  }
});

const CUTS: [string, Cut][] = [
  ["closing its tab", closeTab],
  ["crashing its renderer", crashPage],
];

for (const [how, cut] of CUTS) {
  test(`a run cut off by ${how} mid-step: a new tab replays the finished step with its token`, async ({
    freshContext,
  }) => {
    const { context, page: first } = await freshContext();
    await oneWorkerPerTab(first);
    const name = uniqueName("e2e_cut_off");
    await saveFlow(first, name, FAST_THEN_SLOW);
    const sid = await startPlay(first, name);
    const { token } = await whileSlowRuns(first, sid, 1);
    await cut(first);

    const page = await openAppInNewPage(context, `#/plays/${sid}`);
    const play = await settledPlay(page, sid);
    expect(play.status).toBe("completed");
    await expectRecoveredWithToken(page, sid, token.output as string);
  });
}

test("a tab closed mid-step hands the play to the other tab, which completes it with the same token", async ({
  freshContext,
}) => {
  const { context, page: first } = await freshContext();
  await oneWorkerPerTab(first);
  const name = uniqueName("e2e_hand_over_step");
  await saveFlow(first, name, FAST_THEN_SLOW);
  const second = await openAppInNewPage(context, "#/plays");
  // Anything that survives on `window` proves the other tab was not reloaded.
  await second.evaluate(() => {
    (window as unknown as { tabMark: string }).tabMark = "still here";
  });

  const sid = await startPlay(first, name);
  await gotoRoute(second, `#/plays/${sid}`);
  const { token, slow } = await whileSlowRuns(second, sid, 1);
  // The tab that does not run it follows along.
  await expect(spanOnPage(second, token.sid)).toHaveAttribute("data-status", "ok");
  await expect(spanOnPage(second, slow.sid)).toHaveAttribute("data-status", "running");
  await first.close();

  const play = await settledPlay(second, sid);
  expect(play.status).toBe("completed");
  expect(await second.evaluate(() => (window as unknown as { tabMark?: string }).tabMark)).toBe(
    "still here",
  );
  await expectRecoveredWithToken(second, sid, token.output as string);
});

/** Wait until run `runNo` of the one-long-step play computes its step. */
async function whileLongStepRuns(page: Page, sid: string, runNo: number): Promise<void> {
  await expect
    .poll(() => stepStatuses(page, sid, runNo), { timeout: SHOWS_RUNNING_MS, intervals: [100] })
    .toEqual({ long_step: "running" });
}

async function cutOffThreeTimes(context: BrowserContext, first: Page, sid: string) {
  let page = first;
  const cuts: Cut[] = [closeTab, crashPage, closeTab];
  for (const [i, cut] of cuts.entries()) {
    await whileLongStepRuns(page, sid, i + 1);
    await cut(page);
    page = await openAppInNewPage(context, `#/plays/${sid}`);
  }
  return page;
}

test("a play whose runs keep being cut off fails after the third, and the app stays usable", async ({
  freshContext,
}) => {
  test.setTimeout(300_000);
  const { context, page: first } = await freshContext();
  await oneWorkerPerTab(first);
  const name = uniqueName("e2e_cut_loop");
  await saveFlow(first, name, ONE_LONG_STEP);
  const sid = await startPlay(first, name);

  // Each tab takes the play up and is cut off while the step computes; the fourth fails it.
  const page = await cutOffThreeTimes(context, first, sid);
  const play = await settledPlay(page, sid);
  expect(play.status).toBe("failed");
  expect(play.error?.message).toMatch(/without an outcome/);
  await expect(page.getByTestId("play-status")).toHaveText("failed");
  await expect(page.getByTestId("play-error")).toContainText("without an outcome");
  const runs = await page.evaluate((playSid) => window.heroLogic.plays.runs(playSid), sid);
  expect(runs.slice(0, 3).map((r) => r.ended_by)).toEqual([
    "interrupted",
    "interrupted",
    "interrupted",
  ]);
  // No run is left looking as if it still computed.
  for (let runNo = 1; runNo <= play.run_count; runNo++) {
    const open = (await playSpans(page, sid, runNo)).filter((s) => s.status === "running");
    expect(open).toEqual([]);
  }

  // The tab that failed it runs other plays.
  await openNewPlay(page, "hello_steps");
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
});
