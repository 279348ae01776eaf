/**
 * The span graph in Chromium: the Tree/Graph switch, ELK-laid-out cards carrying the span
 * hooks, the shared toolbar (Collapse all, Expand to failures), same-named siblings grouped
 * into one expandable node, selection shared with the detail panel, and Fit.
 */
import type { Page } from "@playwright/test";
import { expect, openNewPlay, PLAY_TIMEOUT_MS, test } from "./fixtures";

const graphCards = (page: Page) => page.locator(".span-graph [data-span-sid]");

// The shared page keeps its view mode across plays: leave it on the tree for the next tests.
test.afterEach(async ({ appPage: page }) => {
  await page.evaluate(() => localStorage.setItem("hero_logic.view", "tree"));
  const tree = page.getByTestId("view-tree");
  if (await tree.isVisible()) await tree.click();
});

test("the graph shows the run's spans as cards; the toolbar drives it; failures come first", async ({
  appPage: page,
}) => {
  await openNewPlay(page, "nested_failure", { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("failed", { timeout: PLAY_TIMEOUT_MS });
  await page.getByTestId("view-graph").click();
  await expect(graphCards(page).first()).toBeVisible({ timeout: 30_000 });
  // main, batch, 3 × process, 3 × check
  await expect(graphCards(page)).toHaveCount(8);
  await expect(page.locator('.span-graph [data-kind="flow_root"]')).toHaveCount(1);
  await expect(page.locator('.span-graph [data-status="failed"]')).toHaveCount(4);

  await page.getByTestId("collapse-all").click();
  await expect(graphCards(page)).toHaveCount(1);
  await page.getByTestId("expand-failures").click();
  await expect(page.locator('.span-graph [data-status="failed"]')).toHaveCount(4);
  await expect(page.getByTestId("span-detail")).toContainText("item 3 is not allowed");

  // Clicking a card selects its span, as in the tree.
  await page.locator('.span-graph [data-kind="flow_root"]').click();
  await expect(page.getByTestId("span-detail")).toContainText("flow_root");
  await page.getByTestId("graph-fit").click();

  // The choice is remembered; the tree is one click away.
  await page.reload();
  await expect(graphCards(page).first()).toBeVisible({ timeout: 90_000 });
  await page.getByTestId("view-tree").click();
  await expect(page.locator(".span-tree [data-span-sid]").first()).toBeVisible();
});

test("a long run of same-named steps is one group node that opens on click", async ({
  appPage: page,
}) => {
  await page.evaluate(() =>
    window.heroLogic.workflows.save({
      name: "doubler",
      source:
        "from hero_logic import flow\ndef double(x):\n    return 2 * x\n@flow\ndef main(n: int = 300):\n    return sum(flow.step(double, i) for i in range(n))\n",
    }),
  );
  await openNewPlay(page, "doubler", { settle: true });
  await page.getByTestId("view-graph").click();
  const group = page.locator('.span-graph [data-node="group"]');
  await expect(group).toHaveCount(1, { timeout: 30_000 });
  await expect(group).toContainText("double");
  await expect(group).toContainText("300");
  await expect(graphCards(page)).toHaveCount(1); // only main: the group carries no span sid
  await group.click();
  await expect.poll(() => graphCards(page).count(), { timeout: 30_000 }).toBeGreaterThan(10);
});
