/**
 * The graph's view (issue 16, item 6): Fit never shrinks cards below a readable size (the rest
 * is a pan away), a small graph gets a box its own height, the graph refits when the detail
 * panel closes, a group card opened by the reader stays in view, and a group's count ("×8")
 * is never cut by an ellipsis.
 */
import type { Locator, Page } from "@playwright/test";
import { expect, gotoRoute, openNewPlay, saveFlow, test, uniqueName } from "./fixtures";

// main with seven cards in a row below it: six steps and a group of eight same-named steps.
const SOURCE = `import os
from hero_logic import flow


def token(tag: str) -> str:
    return tag + ":" + os.urandom(4).hex()


@flow
def main():
    for name in ["load", "parse", "check", "enrich", "store", "notify"]:
        flow.step(token, name, name=name)
    for i in range(8):
        flow.step(token, str(i), name="service_code_generator")
    return "done"
`;

test.afterEach(async ({ appPage: page }) => {
  await page.evaluate(() => localStorage.setItem("hero_logic.view", "tree"));
});

const screen = (page: Page) => page.locator(".graph-screen");

/** The zoom the toolbar shows, in per cent. */
async function zoom(page: Page): Promise<number> {
  const text = await page.locator(".graph-toolbar button[title='Zoom to 100%']").innerText();
  return Number.parseInt(text, 10);
}

/** Whether `el` shows whole inside the graph's screen. */
async function insideScreen(page: Page, el: Locator): Promise<boolean> {
  const box = (await el.boundingBox())!;
  const area = (await screen(page).boundingBox())!;
  return (
    box.x >= area.x - 1 &&
    box.y >= area.y - 1 &&
    box.x + box.width <= area.x + area.width + 1 &&
    box.y + box.height <= area.y + area.height + 1
  );
}

/** How far the drawn cards sit from the screen's left and right edges. */
async function sideMargins(page: Page): Promise<[number, number]> {
  return page.evaluate(() => {
    const area = document.querySelector(".graph-screen")!.getBoundingClientRect();
    const cards = [...document.querySelectorAll(".graph-node")].map((c) =>
      c.getBoundingClientRect(),
    );
    const left = Math.min(...cards.map((c) => c.left));
    const right = Math.max(...cards.map((c) => c.right));
    return [left - area.left, area.right - right];
  });
}

test("Fit keeps cards readable, refits when the panel closes, keeps an opened group in view, never cuts a count", async ({
  appPage: page,
}) => {
  const name = uniqueName("graph_fit");
  await saveFlow(page, name, SOURCE);
  await page.evaluate(() => localStorage.setItem("hero_logic.view", "graph"));
  // Through another page: a play page already open keeps its view when the play changes.
  await gotoRoute(page, "#/flows");
  await openNewPlay(page, name, { settle: true });
  const group = page.locator('.span-graph [data-node="group"]');
  await expect(group).toHaveCount(1, { timeout: 30_000 });

  // The count shows whole, beside a name that may be cut.
  const count = group.locator(".gn-count");
  await expect(count).toHaveText("×8");
  const header = (await group.locator(".gn-header").boundingBox())!;
  const countBox = (await count.boundingBox())!;
  expect(countBox.x + countBox.width).toBeLessThanOrEqual(header.x + header.width + 0.5);
  const cut = await group
    .locator(".gn-duration")
    .evaluate((el) => el.scrollWidth > el.clientWidth + 0.5);
  expect(cut, "the group's durations show whole").toBe(false);

  // Seven cards side by side: Fit shows them at a readable size and lets the reader pan.
  await page.getByTestId("graph-fit").click();
  expect(await zoom(page)).toBeGreaterThanOrEqual(80);
  // A two-row graph gets a box its height, not most of the screen left empty.
  const area = (await screen(page).boundingBox())!;
  expect(area.height).toBeLessThan(400);

  // Opening the group (its card sits at the right): the card stays in view.
  await group.locator(".gn-toggle").click();
  await expect(page.locator('.span-graph [data-span-sid][data-kind="step"]')).toHaveCount(14, {
    timeout: 30_000,
  });
  await expect.poll(() => insideScreen(page, group)).toBe(true);
  await group.locator(".gn-toggle").click();
  await expect(page.locator('.span-graph [data-span-sid][data-kind="step"]')).toHaveCount(6, {
    timeout: 30_000,
  });

  // A span chosen: the detail panel takes the right of the page; closed, the graph refits.
  await page.getByTestId("graph-fit").click();
  await page.locator('.span-graph [data-kind="flow_root"]').click();
  await expect(page.getByTestId("span-detail")).toBeVisible();
  await page.getByTestId("graph-fit").click();
  await page.getByTestId("span-detail").getByRole("button", { name: /close/i }).click();
  await expect(page.getByTestId("span-detail")).toBeHidden();
  await expect
    .poll(async () => {
      const [left, right] = await sideMargins(page);
      return Math.abs(left - right) < 4 || (left <= 20 && right <= 20) ? "fitted" : [left, right];
    })
    .toBe("fitted");
});
