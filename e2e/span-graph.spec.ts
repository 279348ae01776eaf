/**
 * The span graph in Chromium: the Tree/Graph switch, ELK-laid-out cards carrying the span
 * hooks, the shared toolbar (Collapse all, Expand to failures), same-named siblings grouped
 * into one expandable node, selection shared with the detail panel, and Fit.
 */
import type { Page } from "@playwright/test";
import { expect, gotoRoute, openNewPlay, PLAY_TIMEOUT_MS, spanElements, test } from "./fixtures";

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

test("a subflow span opens its child play inline, in the graph and in the tree", async ({
  appPage: page,
}) => {
  // Round 1 of service_agent spawns service_code_gen as a child play.
  await openNewPlay(page, "service_agent", { inputs: { rounds: 2 }, settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  const childSid = await page.evaluate(async () => {
    const sid = location.hash.split("/")[2]!;
    const spans = await window.heroLogic.plays.spans(sid);
    return spans.find((s) => s.kind === "subflow" && s.child_play_sid)!.child_play_sid!;
  });
  await page.getByTestId("view-graph").click();
  // The spawning span and the wait for the child both link to it; open the first.
  const subflow = page
    .locator('.span-graph [data-kind="subflow"]')
    .filter({ has: page.getByTestId("expand-child") })
    .first();
  await expect(subflow).toBeVisible({ timeout: 30_000 });
  const before = await graphCards(page).count();
  const inlineCards = page.locator(".span-graph .inline-child[data-span-sid]");
  await expect(inlineCards).toHaveCount(0);

  await subflow.getByTestId("expand-child").click();
  // The child's root and its rpc spans hang under the subflow card, marked apart.
  await expect.poll(() => inlineCards.count(), { timeout: 30_000 }).toBeGreaterThan(1);
  await expect(page.locator('.span-graph .inline-child[data-kind="flow_root"]')).toHaveCount(1);
  expect(await graphCards(page).count()).toBe(before + (await inlineCards.count()));
  await expect(subflow).toHaveAttribute("aria-expanded", "true");

  // A child span opens in the detail panel, which links to the child play.
  await page.locator('.span-graph .inline-child[data-kind="flow_root"]').click();
  await expect(page.getByTestId("span-play-link")).toHaveText(childSid);

  // The tree shows the same expansion, and closing the subflow takes the child away.
  await page.getByTestId("view-tree").click();
  await expect(page.locator(".span-tree .inline-child[data-span-sid]").first()).toBeVisible();
  await page.locator(".span-tree").getByTestId("expand-child").first().click();
  await expect(page.locator(".span-tree .inline-child[data-span-sid]")).toHaveCount(0);
});

test("the keyboard moves between graph cards: arrows, Enter, Space, e, Escape", async ({
  appPage: page,
}) => {
  await openNewPlay(page, "nested_failure", { settle: true });
  await page.getByTestId("view-graph").click();
  const root = page.locator('.span-graph [data-kind="flow_root"]');
  await expect(root).toBeVisible({ timeout: 30_000 });
  const detail = page.getByTestId("span-detail");
  const focusedName = () =>
    page.evaluate(() => document.activeElement?.querySelector(".gn-name")?.textContent ?? "");

  await root.focus();
  await page.keyboard.press("ArrowDown"); // main → batch
  await expect(detail.locator("h2")).toContainText("batch");
  await expect.poll(focusedName).toBe("batch");
  await page.keyboard.press("ArrowDown"); // batch → process (item 1)
  await page.keyboard.press("ArrowRight"); // → process (item 2)
  await expect(detail.locator("section", { hasText: "output" })).toContainText("20");
  await page.keyboard.press("ArrowUp");
  await expect.poll(focusedName).toBe("batch");

  // `e` goes to a failed card; Space closes it, Enter on the root selects it again.
  await page.keyboard.press("e");
  await expect(detail.locator("h2")).toContainText("process");
  await expect(detail).toContainText("item 3 is not allowed");
  await page.keyboard.press(" ");
  await expect(page.locator(".span-graph .graph-node:focus")).toHaveAttribute(
    "aria-expanded",
    "false",
  );
  await page.keyboard.press("Home");
  await expect.poll(focusedName).toBe("main");
  await page.keyboard.press("Escape");
  await expect(detail).toHaveCount(0);
  await page.keyboard.press("Enter");
  await expect(detail.locator("h2")).toContainText("main");
});

test("a wide graph opens readable, its root card in view", async ({ appPage: page }) => {
  await page.evaluate(() =>
    window.heroLogic.workflows.save({
      name: "wide_graph",
      source:
        'from hero_logic import flow\ndef inc(i):\n    return i + 1\n@flow\ndef main(n: int = 30):\n    with flow.span("load"):\n        for i in range(n):\n            flow.step(inc, i, name=f"fetch_{i}")\n    return n\n',
    }),
  );
  await openNewPlay(page, "wide_graph", { settle: true });
  await page.getByTestId("view-graph").click();
  const root = page.locator('.span-graph [data-kind="flow_root"]');
  await expect(graphCards(page)).toHaveCount(32, { timeout: 30_000 });
  // Every layout until the reader moves is framed; wait for the last one to settle.
  await expect
    .poll(async () => {
      const screen = await page.locator(".graph-screen").boundingBox();
      const card = await root.boundingBox();
      if (!screen || !card) return "not drawn";
      const inside =
        card.x >= screen.x &&
        card.y >= screen.y &&
        card.x + card.width <= screen.x + screen.width &&
        card.y + card.height <= screen.y + screen.height;
      // Readable: the card is drawn at 65% of its size or more.
      return inside && card.width >= 0.6 * 212 ? "readable, in view" : JSON.stringify(card);
    })
    .toBe("readable, in view");
});

test("cards stay put while a running play's graph grows", async ({ appPage: page }) => {
  await page.evaluate(() =>
    window.heroLogic.workflows.save({
      name: "slow_grow",
      source: [
        "import time",
        "from hero_logic import flow",
        "def work(i):",
        "    time.sleep(0.25)",
        "    return i",
        "@flow",
        "def main(n: int = 16):",
        "    for i in range(n):",
        '        flow.step(work, i, name=f"w{i}")',
        "    return n",
        "",
      ].join("\n"),
    }),
  );
  await page.evaluate(() => localStorage.setItem("hero_logic.view", "graph"));
  // Through another page: a play page already open keeps its view when the play changes.
  await gotoRoute(page, "#/flows");
  await openNewPlay(page, "slow_grow");
  const first = spanElements(page, "w0").first();
  // Where the card sits on the graph's screen (the page above it grows when the play ends).
  const where = async () => {
    const box = await first.boundingBox();
    const screen = await page.locator(".graph-screen").boundingBox();
    return box && screen ? { x: box.x - screen.x, y: box.y - screen.y } : null;
  };
  // Once the graph no longer fits at a readable size, later layouts leave the view alone (a
  // card above may change height by a few pixels as it finishes).
  const stays = (from: { x: number; y: number } | null) => async () => {
    const now = await where();
    return !!from && !!now && Math.abs(now.x - from.x) < 1 && Math.abs(now.y - from.y) < 6;
  };
  await expect(spanElements(page, "w8").first()).toBeAttached({ timeout: 30_000 });
  const before = await where();
  await expect(spanElements(page, "w14").first()).toBeAttached({ timeout: 30_000 });
  expect(await stays(before)()).toBe(true);
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  expect(await stays(before)()).toBe(true);
});
