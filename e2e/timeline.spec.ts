/**
 * The timeline in Chromium: a play waiting for its Python says so on its badge and in its spans
 * box; the timeline draws the tree's rows (expansion, filter, selection shared) on one time axis
 * with the boot of Python and the wait for child plays as segments of their own; zoom to a
 * selection; a fan-out's children inline at their own times.
 */
import type { Page } from "@playwright/test";
import {
  expect,
  gotoRoute,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  saveFlow,
  test,
  uniqueName,
} from "./fixtures";

const SLOW = `import os, time
from hero_logic import flow

def busy(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return os.urandom(4).hex()

@flow
def main():
    flow.step(busy, 0.05, name="quick")
    with flow.span("work"):
        flow.step(busy, 1.2, name="slow")
        flow.step(busy, 0.3, name="medium")
    return "done"
`;

const rows = (page: Page) => page.locator(".tl-row");
const rowNames = (page: Page, selector: string) =>
  page.locator(`${selector} .span-name`).allTextContents();
const bar = (page: Page, name: string) =>
  page
    .locator(".tl-row", { has: page.locator(".span-name", { hasText: new RegExp(`^${name}$`) }) })
    .getByTestId("timeline-bar");
const width = async (page: Page, name: string) => (await bar(page, name).boundingBox())?.width ?? 0;

// The shared page keeps its view mode across plays: leave it on the tree for the next tests.
test.afterEach(async ({ appPage: page }) => {
  await page.evaluate(() => localStorage.setItem("hero_logic.view", "tree"));
});

test("a slow step on the timeline, after the boot of Python it waited for", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_timeline");
  await saveFlow(page, name, SLOW);
  // Start on the tree, whatever view an earlier journey left chosen.
  await page.evaluate(() => localStorage.setItem("hero_logic.view", "tree"));
  // A fresh page boots its Python again: the play waits for it, and says so.
  await page.reload();
  await page.waitForFunction(() => typeof window.heroLogic?.plays?.start === "function");
  const sid = await page.evaluate(async (n) => (await window.heroLogic.plays.start(n)).sid, name);
  await gotoRoute(page, `#/plays/${sid}`);
  await expect(page.getByTestId("play-waiting-for")).toContainText("starting Python");
  await expect(page.getByTestId("spans-waiting-for")).toContainText(
    /starting Python; no spans yet/i,
  );
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  await expect(page.getByTestId("play-waiting-for")).toHaveCount(0);

  await page.getByTestId("expand-all").click();
  const treeNames = await rowNames(page, ".span-row");
  await page.getByTestId("view-timeline").click();
  await expect(rows(page)).toHaveCount(5);
  expect(await rowNames(page, ".tl-row")).toEqual(treeNames);
  // The root's row carries the boot of Python before it; bars are as long as their steps.
  const root = page.locator('.tl-row[data-kind="flow_root"]');
  await expect(root.locator('[data-testid="timeline-wait"][data-wait="python"]')).toBeVisible();
  expect(await width(page, "slow")).toBeGreaterThan(await width(page, "medium"));
  expect(await width(page, "medium")).toBeGreaterThan(await width(page, "quick"));
  const ruler = page.getByTestId("timeline-ruler");
  await expect(ruler.locator(".tl-tick").first()).toHaveText("0");
  expect(await ruler.locator(".tl-tick").count()).toBeGreaterThanOrEqual(3);

  // Zoom to the slow step: it fills the track, and the ruler counts from the run's start.
  await bar(page, "slow").click();
  await expect(page.getByTestId("span-detail")).toContainText("slow");
  await page.getByTestId("timeline-zoom-selection").click();
  const track = (await ruler.boundingBox())?.width ?? 0;
  await expect.poll(() => width(page, "slow")).toBeGreaterThan(track * 0.8);
  await expect(ruler.locator(".tl-tick").first()).not.toHaveText("0");
  await page.getByTestId("timeline-zoom-reset").click();
  await expect(ruler.locator(".tl-tick").first()).toHaveText("0");
  // A drag across the ruler zooms to the stretch dragged over.
  const box = (await ruler.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(ruler.locator(".tl-tick").first()).not.toHaveText("0");
  await expect(page.getByTestId("timeline-zoom-reset")).toBeEnabled();
  await page.getByTestId("timeline-zoom-reset").click();

  // Expansion, filter and selection are the tree's.
  await page.getByTestId("collapse-all").click();
  await expect(rows(page)).toHaveCount(1);
  await page.getByTestId("expand-all").click();
  await page.getByRole("searchbox", { name: "Filter spans by name" }).fill("slow");
  expect(await rowNames(page, ".tl-row")).toEqual(["main", "work", "slow"]);
  await page.getByRole("searchbox", { name: "Filter spans by name" }).fill("");
  await page.getByTestId("view-tree").click();
  await expect(page.locator(".span-row.selected .span-name")).toHaveText("slow");
});

/** A child that takes a while, so its parent waits long enough to be seen waiting. */
const CHILD = `import os, time
from hero_logic import flow

@flow
def main(k: int = 0):
    end = time.monotonic() + 1.0
    while time.monotonic() < end:
        pass
    return {"k": k, "token": os.urandom(4).hex()}
`;

const parentOf = (child: string) => `from hero_logic import flow

@flow
def main(count: int = 3):
    sids = [flow.run_async("${child}", k=k) for k in range(count)]
    return [flow.wait(sid)["k"] for sid in sids]
`;

test("a fan-out: the parent says how many children it waits for; they show inline at their own times", async ({
  appPage: page,
}) => {
  const child = uniqueName("e2e_tl_child");
  const parent = uniqueName("e2e_tl_fan");
  await saveFlow(page, child, CHILD);
  await saveFlow(page, parent, parentOf(child));
  await openNewPlay(page, parent);
  const badge = page.locator(".badge", { has: page.getByTestId("play-status") });
  await expect(badge).toContainText(/waiting for [1-3] child plays?/, {
    timeout: PLAY_TIMEOUT_MS,
  });
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  await page.getByTestId("view-timeline").click();
  const root = page.locator('.tl-row[data-kind="flow_root"]').first();
  await expect(root.locator('[data-testid="timeline-wait"][data-wait="children"]')).toBeVisible();
  // A child drawn inline: its own rows, its step as long as it took, not the spawn's instant.
  await page.locator(".tl-row").getByTestId("expand-child").first().click();
  const inline = page.locator(".tl-row.inline-child");
  await expect(inline.first()).toBeVisible({ timeout: 30_000 });
  const childRow = page.locator('.tl-row.inline-child[data-kind="flow_root"]').first();
  await expect(childRow.getByTestId("timeline-bar")).toBeVisible();
  const spawn = page.locator('.tl-row[data-kind="subflow"]').first().getByTestId("timeline-bar");
  const childWidth = (await childRow.getByTestId("timeline-bar").boundingBox())?.width ?? 0;
  expect(childWidth).toBeGreaterThan((await spawn.boundingBox())?.width ?? 0);
});
