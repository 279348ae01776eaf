/**
 * A phone is a real screen (issue 16, item 10): at 390 × 844 the rail is a bar across the top,
 * toolbars wrap, the span detail stacks under the view, and no page scrolls sideways: the
 * library, the editor, the plays list, a play (tree and graph, a span chosen, a pause to
 * answer), the fork dialog, a diff and a shared flow. A person answers a pause there.
 */
import type { Page } from "@playwright/test";
import { expect, gotoRoute, PLAY_TIMEOUT_MS, saveFlow, test, uniqueName } from "./fixtures";

const PHONE = { width: 390, height: 844 };

const SOURCE = `import os
from hero_logic import flow


def token(tag: str) -> str:
    return tag + ":" + os.urandom(8).hex()


@flow
def main(topic: str = "a rather long topic that would not fit on one line of a phone"):
    first = flow.step(token, "first", name="first_step_with_a_long_name")
    answer = flow.pause(
        "approve",
        prompt="Approve the first step's token?",
        fields=[{"name": "ok", "field_type": "bool"}, {"name": "note", "field_type": "str"}],
    )
    for i in range(8):
        flow.step(token, str(i), name="fan")
    return {"first": first, "ok": answer["ok"], "note": answer.get("note")}
`;

/**
 * Elements that reach beyond the screen's right edge (or start left of it), outside any box
 * that scrolls or clips them: what would make the page scroll sideways or cut text off.
 */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clipped = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX !== "visible" || style.position === "fixed") return true;
      }
      return false;
    };
    const found: string[] = [];
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right <= width + 0.5 && box.left >= -0.5) continue;
      if (clipped(el) || el.closest(".visually-hidden, dialog:not([open])")) continue;
      const what = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
      found.push(`${what} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
    }
    return found;
  });
}

/** The page fits the phone's width: no sideways scroll, nothing sticking out. */
async function expectFits(page: Page, where: string) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  expect.soft(scroll, `${where}: the page is ${scroll} px wide`).toBeLessThanOrEqual(PHONE.width);
  expect.soft(await overflowing(page), `${where}: elements beyond the screen`).toEqual([]);
}

/** The rail is a bar across the top of the screen, not a column beside the page. */
async function expectTopBar(page: Page) {
  const rail = await page.locator("nav.rail").boundingBox();
  const main = await page.locator("main.main").boundingBox();
  expect(rail && main).toBeTruthy();
  expect(rail!.width).toBeGreaterThanOrEqual(PHONE.width - 1);
  expect(rail!.height).toBeLessThan(110);
  expect(main!.y).toBeGreaterThanOrEqual(rail!.y + rail!.height - 1);
  expect(main!.width).toBeGreaterThanOrEqual(PHONE.width - 1);
}

test("every page fits a 390 px phone, and a pause is answered there", async ({ appPage: page }) => {
  const name = uniqueName("phone");
  await saveFlow(page, name, SOURCE);
  const [paused, other] = await page.evaluate(
    async ([flow, ms]) => {
      const api = window.heroLogic;
      const a = await api.plays.start(flow);
      const b = await api.plays.start(flow, {}, { prefill: { approve: { ok: true, note: "b" } } });
      await api.plays.wait(a.sid, { timeoutMs: ms });
      await api.plays.wait(b.sid, { timeoutMs: ms });
      return [a.sid, b.sid];
    },
    [name, PLAY_TIMEOUT_MS] as const,
  );
  const share = await page.evaluate((n) => window.heroLogic.shareUrl(n), name);
  const firstStep = await page.evaluate(
    async (sid) =>
      (await window.heroLogic.plays.spans(sid)).find((s) => s.name.startsWith("first_step"))!.sid,
    other,
  );
  await page.setViewportSize(PHONE);
  try {
    await gotoRoute(page, "#/flows");
    await expect(page.locator(".card").first()).toBeVisible();
    await expectTopBar(page);
    await expectFits(page, "library");

    await gotoRoute(page, `#/flows/${name}`);
    await expect(page.locator(".cm-editor")).toBeVisible();
    await expectFits(page, "editor");

    await gotoRoute(page, "#/plays");
    await expect(page.getByTestId(`choose-play-${other}`)).toBeAttached();
    await expectFits(page, "plays");

    await gotoRoute(page, `#/plays/${other}`);
    await expect(page.getByTestId("play-status")).toContainText("completed");
    await expect(page.locator(".span-tree [data-span-sid]").first()).toBeVisible();
    await expectFits(page, "play, tree");

    // A tap on a row shows its details: under the tree, brought into view.
    await page.locator(`.span-tree [data-span-sid="${firstStep}"]`).click();
    const detail = page.locator(".span-detail");
    await expect(detail).toBeInViewport();
    // Both measured at once: the page may still be scrolling to the panel.
    const [viewBottom, panelTop] = await page.evaluate(() => [
      document.querySelector(".span-view")!.getBoundingClientRect().bottom,
      document.querySelector(".span-detail")!.getBoundingClientRect().top,
    ]);
    expect(panelTop, "the detail panel sits under the view").toBeGreaterThanOrEqual(
      viewBottom! - 1,
    );
    await expectFits(page, "play, a span chosen");

    await page.getByTestId("view-graph").click();
    await expect(page.locator(".span-graph [data-span-sid]").first()).toBeVisible();
    await expectFits(page, "play, graph");
    await page.getByTestId("view-tree").click();

    await gotoRoute(page, `#/plays/${other}/fork/${firstStep}`);
    await expect(page.getByTestId("fork-dialog")).toBeVisible();
    await expectFits(page, "fork dialog");

    await gotoRoute(page, `#/diff/${paused}/${other}`);
    await expect(page.locator("[data-testid=diff-span]").first()).toBeVisible();
    await expectFits(page, "diff");

    await gotoRoute(page, share.slice(share.indexOf("#")));
    await expect(page.locator(".cm-editor")).toBeVisible();
    await expectFits(page, "shared flow");

    // The pause, answered on the phone.
    await gotoRoute(page, `#/plays/${paused}`);
    await expect(page.getByTestId("play-status")).toContainText("paused");
    await expectFits(page, "play, paused");
    await page.getByLabel("ok").check();
    await page.getByLabel("note").fill("from a phone");
    await page.getByRole("button", { name: /resume|submit|continue/i }).click();
    await expect(page.getByTestId("play-status")).toContainText("completed", {
      timeout: PLAY_TIMEOUT_MS,
    });
    await expectFits(page, "play, answered");
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

test("the library's export panel fits a phone", async ({ appPage: page }) => {
  await page.setViewportSize(PHONE);
  try {
    await gotoRoute(page, "#/flows");
    await page.getByTestId("export-open").click();
    const panel = page.getByTestId("export-panel");
    await expect(panel).toBeVisible();
    const box = await panel.boundingBox();
    expect(box, "the panel has a box").toBeTruthy();
    expect(box!.x, "the panel's left edge").toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, "the panel's right edge").toBeLessThanOrEqual(PHONE.width);
    // Opened under its button, not somewhere else on the page.
    const button = await page.getByTestId("export-open").boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(button!.y + button!.height);
    await expectFits(page, "export panel");
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});
