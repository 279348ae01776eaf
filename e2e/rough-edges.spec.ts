/**
 * The play page's rough edges (issue 16, items 4, 5, 8, 9 and part of 11): run tabs with a
 * selection, the span filter per play, traceback lines back to the code of the version that
 * ran, text outputs as text, argument names in a span's input, fan-out children told apart,
 * and the "↻ replayed" label's contrast in light and dark.
 */
import type { Page } from "@playwright/test";
import {
  editorSelection,
  expect,
  gotoRoute,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  playSpans,
  spanElements,
  test,
} from "./fixtures";

/** A pause_resume_demo play paused once and resumed: run 1 paused, run 2 completed. */
async function resumedDemo(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const api = window.heroLogic;
    const play = await api.plays.start("pause_resume_demo");
    await api.plays.wait(play.sid, { timeoutMs: 60_000 });
    await api.plays.resume(play.sid, { ok: true, tone: "plain" });
    await api.plays.wait(play.sid, { timeoutMs: 60_000 });
    return play.sid;
  });
}

const selectedRow = (page: Page) => page.locator('[data-span-sid][aria-selected="true"]');

test("run tabs: switching keeps the selected span where the other run has it, else clears it", async ({
  appPage: page,
}) => {
  const sid = await resumedDemo(page);
  const [run1, run2] = [await playSpans(page, sid, 1), await playSpans(page, sid, 2)];
  const outline = (spans: typeof run1) => spans.find((s) => s.name === "make_outline")!.sid;
  await gotoRoute(page, `#/plays/${sid}`);
  await expect(page.getByTestId("run-2")).toHaveAttribute("aria-pressed", "true");

  await spanElements(page, "make_outline").click();
  await expect(selectedRow(page)).toHaveAttribute("data-span-sid", outline(run2));
  await page.getByTestId("run-1").click();
  await expect(page.getByTestId("run-1")).toHaveAttribute("aria-pressed", "true");
  await expect(selectedRow(page)).toHaveAttribute("data-span-sid", outline(run1));
  // The step's input names its argument.
  await expect(page.getByTestId("span-input")).toContainText('"topic": "durable flows"');
  await page.getByTestId("run-2").click();
  await expect(page.getByTestId("run-2")).toHaveAttribute("aria-pressed", "true");
  await expect(selectedRow(page)).toHaveAttribute("data-span-sid", outline(run2));

  // A span run 1 never reached: run 1 shows with nothing selected.
  await spanElements(page, "write_section").first().click();
  await expect(page.getByTestId("span-detail")).toBeVisible();
  await page.getByTestId("run-1").click();
  await expect(page.getByTestId("run-1")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("span-detail")).toHaveCount(0);
  await expect(page).toHaveURL((url) => url.hash === `#/plays/${sid}`);
  await expect(page.getByTestId("run-1")).toHaveAttribute("aria-pressed", "true");

  // The article, declared text, reads as text; the exact JSON is one click away.
  await page.getByTestId("run-2").click();
  await expect(page.getByTestId("output-text")).toContainText(
    "matters — written in a plain tone.\n",
  );
  await page.getByTestId("output-as-json").click();
  await expect(page.getByTestId("play-output")).toContainText('"article": "Why durable flows');
});

test("the span filter belongs to its play and says when it matches nothing", async ({
  appPage: page,
}) => {
  const first = await openNewPlay(page, "hello_steps", { settle: true });
  const filter = page.getByRole("searchbox", { name: "Filter spans by name" });
  const total = (await playSpans(page, first)).length;
  await filter.fill("no such span");
  await expect(page.getByTestId("filter-status")).toHaveText(`0 of ${total} match — Clear`);
  await expect(page.locator("[data-span-sid]")).toHaveCount(0);

  // Nor does Collapse all carry over: the next play opens as a play opens.
  await page.getByTestId("collapse-all").click();
  await openNewPlay(page, "nested_failure", { settle: true });
  await expect(filter).toHaveValue("");
  await expect(spanElements(page, "batch")).toBeVisible();
  await expect(page.getByTestId("filter-status")).toHaveCount(0);
  await expect(page.locator("[data-span-sid]").first()).toBeVisible();

  await gotoRoute(page, `#/plays/${first}`);
  await expect(filter).toHaveValue("no such span");
  await page.getByTestId("filter-clear").click();
  await expect(filter).toHaveValue("");
  await expect(page.locator("[data-span-sid]")).toHaveCount(total);
});

test("a traceback line of the flow opens the editor at that line of the version the play ran", async ({
  appPage: page,
}) => {
  const sid = await openNewPlay(page, "nested_failure", { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("failed", { timeout: PLAY_TIMEOUT_MS });
  const version = await page.evaluate(
    async (playSid) => (await window.heroLogic.plays.get(playSid)).version_sid,
    sid,
  );
  const frames = page.getByTestId("play-error").getByTestId("traceback-link");
  await expect(frames.last()).toContainText('File "nested_failure.py", line');
  const line = Number(/line (\d+)/.exec((await frames.last().textContent()) ?? "")![1]);
  await frames.last().click();
  await expect(page).toHaveURL(
    (url) => url.hash === `#/flows/nested_failure?version=${version}&line=${line}`,
  );
  const source = page.getByTestId("version-source");
  await expect.poll(() => editorSelection(source)).toContain("raise ValueError");
});

test("fan-out children: each span names its child's inputs and shows the child's own time", async ({
  appPage: page,
}) => {
  await openNewPlay(page, "fan_out", { inputs: { count: 3 }, settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  const starts = page.locator('[data-span-sid][data-kind="subflow"]', {
    hasText: /^(?!.*wait)/,
  });
  await expect(page.getByTestId("child-label")).toHaveCount(6); // 3 starts and 3 waits
  const labels = await page.getByTestId("child-label").allTextContents();
  expect(new Set(labels).size).toBe(3);
  expect(labels[0]).toContain('spec="parse the batch 0"');
  await expect(starts.first().locator(".span-duration")).toHaveAttribute(
    "title",
    /the child play's own time/,
  );
  await starts.first().click();
  await expect(page.getByTestId("child-play-time")).toContainText("completed ·");
  await expect(page.getByTestId("child-inputs")).toHaveCount(3);
  const listed = await page.getByTestId("child-inputs").allTextContents();
  expect(new Set(listed).size).toBe(3);

  // The graph's cards say the same: the child's inputs and its own time.
  const treeTimes = await starts.locator(".span-duration").allTextContents();
  await page.getByTestId("view-graph").click();
  const cards = page.locator('.graph-node[data-kind="subflow"]');
  await expect(cards.getByTestId("child-label")).toHaveCount(6);
  expect(await cards.getByTestId("child-label").allTextContents()).toEqual(labels);
  const startCards = cards.filter({ hasNotText: "wait" });
  await expect(startCards.first().locator(".gn-duration")).toHaveAttribute(
    "title",
    /the child play's own time/,
  );
  expect(await startCards.locator(".gn-duration").allTextContents()).toEqual(treeTimes);
  // The shared page goes on in the tree, as the next journeys expect it.
  await page.getByTestId("view-tree").click();
});

/** The contrast of `el`'s text on what is drawn behind it, opacity of its ancestors included. */
function contrastOf(el: Element): number {
  const rgba = (css: string): number[] => {
    const nums = (css.match(/[\d.]+/g) ?? []).map(Number);
    const [r, g, b] = css.startsWith("color(") ? nums.slice(0, 3).map((v) => v * 255) : nums;
    const a = css.startsWith("color(") ? (nums[3] ?? 1) : (nums[3] ?? 1);
    return [r!, g!, b!, a];
  };
  const over = (top: number[], bottom: number[]) =>
    [0, 1, 2].map((i) => top[i]! * top[3]! + bottom[i]! * (1 - top[3]!)).concat(1);
  let opacity = 1;
  const layers: number[][] = [];
  for (let e: Element | null = el; e; e = e.parentElement) {
    const style = getComputedStyle(e);
    opacity *= Number(style.opacity);
    const bg = rgba(style.backgroundColor);
    if (bg[3]! > 0 && layers.at(-1)?.[3] !== 1) layers.push(bg);
  }
  let behind = [255, 255, 255, 1];
  for (const layer of layers.reverse()) behind = over(layer, behind);
  const fg = rgba(getComputedStyle(el).color);
  const text = over([fg[0]!, fg[1]!, fg[2]!, fg[3]! * opacity], behind);
  const lum = (c: number[]) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [lum(text), lum(behind)].sort((a, b) => b - a);
  return (hi! + 0.05) / (lo! + 0.05);
}

test("the ↻ replayed label reaches 4.5:1 contrast, light and dark, selected or not", async ({
  appPage: page,
}) => {
  const sid = await resumedDemo(page);
  await gotoRoute(page, `#/plays/${sid}`);
  const row = spanElements(page, "make_outline");
  const mark = row.locator(".replayed-mark");
  await expect(mark).toHaveText("↻ replayed");
  try {
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.mouse.move(0, 0);
      expect(await mark.evaluate(contrastOf), `${colorScheme}`).toBeGreaterThanOrEqual(4.5);
      await row.click();
      await page.mouse.move(0, 0);
      await expect(row).toHaveAttribute("aria-selected", "true");
      expect(await mark.evaluate(contrastOf), `${colorScheme}, selected`).toBeGreaterThanOrEqual(
        4.5,
      );
      await page.keyboard.press("Escape");
    }
    // The graph's cards dim the same way.
    await page.getByTestId("view-graph").click();
    const card = page.locator('.graph-node[data-replayed="true"] .replayed-mark').first();
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await expect(card).toBeVisible();
      expect(await card.evaluate(contrastOf), `graph, ${colorScheme}`).toBeGreaterThanOrEqual(4.5);
    }
    // The shared page goes on in the tree, as the next journeys expect it.
    await page.getByTestId("view-tree").click();
  } finally {
    await page.emulateMedia({ colorScheme: null });
  }
});
