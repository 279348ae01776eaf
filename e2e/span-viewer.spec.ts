/**
 * The span viewer in Chromium: toolbar (Expand all, Collapse all, Expand to failures), the
 * name filter, keyboard navigation, a deep link to a span of an earlier run, the source line
 * that opens the editor, and a 10,000-span play that stays responsive (virtualized rows).
 */
import {
  editorSelection,
  expect,
  gotoRoute,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  saveFlow,
  spanElements,
  test,
} from "./fixtures";

test("toolbar: collapse all, then expand to failures reveals and selects the failing step", async ({
  appPage: page,
}) => {
  await openNewPlay(page, "nested_failure", { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("failed", { timeout: PLAY_TIMEOUT_MS });
  await page.getByTestId("collapse-all").click();
  await expect(page.locator("[data-span-sid]")).toHaveCount(1);
  // One step failed (check); the spans it failed on its way up are not counted again.
  await expect(page.locator("[data-span-sid]")).toContainText("✕ 1");

  await page.getByTestId("expand-failures").click();
  const failed = page.locator('[data-span-sid][data-status="failed"]');
  await expect(failed).toHaveCount(4);
  await expect(page.getByTestId("span-detail")).toContainText("item 3 is not allowed");
  await expect(page.locator('[data-span-sid][aria-selected="true"]')).toContainText("check");

  await page.getByTestId("expand-all").click();
  await expect(spanElements(page, "check")).toHaveCount(3);

  await page.getByRole("searchbox", { name: "Filter spans by name" }).fill("proc");
  await expect(page.locator("[data-span-sid]")).toHaveCount(5); // main, batch, 3 × process
  await page.getByRole("searchbox", { name: "Filter spans by name" }).fill("");
});

test("keyboard: arrows move the selection, Left collapses, e goes to the next failure", async ({
  appPage: page,
}) => {
  await openNewPlay(page, "nested_failure", { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("failed", { timeout: PLAY_TIMEOUT_MS });
  await spanElements(page, "main").click();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator('[aria-selected="true"]')).toContainText("batch");
  await page.keyboard.press("e");
  await expect(page.locator('[aria-selected="true"]')).toHaveAttribute("data-status", "failed");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("span-detail")).toHaveCount(0);
  await spanElements(page, "batch").click();
  await page.keyboard.press("ArrowLeft");
  await expect(page.locator("[data-span-sid]")).toHaveCount(2);

  // An arrow pressed right after a click moves from the clicked row, even before the selection
  // (kept in the URL) has followed the click: it moved from the row selected before.
  await page.getByTestId("expand-all").click();
  await spanElements(page, "main").click();
  await expect(page.locator('[aria-selected="true"]')).toContainText("main");
  const expected = await page
    .locator('[data-span-sid][aria-level="3"]')
    .first()
    .evaluate((row) => {
      const rows = [...document.querySelectorAll("[data-span-sid]")];
      (row as HTMLElement).click();
      row.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
      return rows[rows.indexOf(row) + 1]!.getAttribute("data-span-sid");
    });
  await expect(page.locator('[aria-selected="true"]')).toHaveAttribute("data-span-sid", expected!);
});

test("a deep link to a span of an earlier run opens that run with the span selected", async ({
  appPage: page,
}) => {
  const sid = await page.evaluate(async () => {
    const api = window.heroLogic;
    const play = await api.plays.start("pause_resume_demo");
    await api.plays.wait(play.sid, { timeoutMs: 60_000 });
    await api.plays.resume(play.sid, { ok: true, tone: "plain" });
    await api.plays.wait(play.sid, { timeoutMs: 60_000 });
    return play.sid;
  });
  const outline = await page.evaluate(
    async (playSid) =>
      (await window.heroLogic.plays.spans(playSid, { runNo: 1 })).find(
        (s) => s.name === "make_outline",
      )!.sid,
    sid,
  );
  await gotoRoute(page, `#/plays/${sid}/spans/${outline}`);
  await expect(page.getByTestId("run-1")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(`[data-span-sid="${outline}"]`)).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(page.getByTestId("span-detail")).toContainText("outlining durable flows");

  // The source line opens the flow at that line, of the version the play ran.
  await page.getByTestId("source-link").click();
  await expect(page).toHaveURL(/#\/flows\/pause_resume_demo\?version=\w+&line=\d+$/);
  const source = page.getByTestId("version-source");
  await expect.poll(() => editorSelection(source)).toContain("make_outline(topic)");
});

test("a play of 10,000 spans opens with a bounded number of rows in the page", async ({
  appPage: page,
}) => {
  await page.evaluate(() =>
    window.heroLogic.workflows.save({
      name: "ten_thousand",
      source:
        "from hero_logic import flow\ndef inc(i):\n    return i + 1\n@flow\ndef main(n: int = 9999):\n    return sum(flow.step(inc, i) for i in range(n))\n",
    }),
  );
  await openNewPlay(page, "ten_thousand", { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  await expect(page.locator("[data-span-sid]").first()).toBeVisible();
  const rows = await page.locator("[data-span-sid]").count();
  expect(rows).toBeGreaterThan(10);
  expect(rows).toBeLessThan(200);
  // Scrolling to the end shows the last step.
  await page.locator(".span-tree").evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.locator("[data-span-sid]").last()).toContainText("inc");
  await page.getByTestId("collapse-all").click();
  await expect(page.locator("[data-span-sid]")).toHaveCount(1);
});

test("the duration of a running span grows while it runs", async ({ appPage: page }) => {
  // One step that burns far longer than the test looks: however late a loaded machine lets the
  // test see it running, it is still running while the figure is watched. Cancelled after.
  await saveFlow(
    page,
    "slowish",
    "import time\nfrom hero_logic import flow\ndef burn(s):\n    end = time.perf_counter() + s\n    while time.perf_counter() < end:\n        pass\n    return s\n@flow\ndef main():\n    return flow.step(burn, 120)\n",
  );
  await openNewPlay(page, "slowish");
  const root = page.locator('[data-span-sid][data-kind="flow_root"]');
  await expect(root).toHaveAttribute("data-status", "running", { timeout: PLAY_TIMEOUT_MS });
  const read = async () => {
    const text = (await root.locator(".span-duration").textContent()) ?? "";
    const value = Number.parseFloat(text);
    return text.includes(" s") ? value * 1000 : value;
  };
  const first = await read();
  // No new data arrives while the step burns (at most the step's own start, a few milliseconds
  // in): only a ticking clock moves the figure by seconds.
  await expect.poll(read, { timeout: 10_000 }).toBeGreaterThan(first + 1_500);
  await expect(root).toHaveAttribute("data-status", "running");
  await page.getByTestId("cancel-play").click();
  await page.getByTestId("confirm-cancel").getByTestId("confirm").click();
  await expect(page.getByTestId("play-status")).toHaveText("cancelled", { timeout: 10_000 });
});
