/**
 * Trace export: a fan-out play's page offers "Export trace ▾" (mouse and keyboard); the files
 * it downloads are a Trace Event Format trace (one track per play, arrows to the children) and
 * OTLP/JSON TracesData that conforms to the opentelemetry-proto definitions, checked here in
 * Node with protobufjs. A failed play exports its failure as status 2 through the API.
 */
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import type { ChromeTrace } from "../src/engine/trace/chrome";
import type { TracesData } from "../src/engine/trace/otlp";
import { otlpProblems, roundTrip, withoutDefaults } from "../src/engine/trace/otlp-conformance";
import { traceEventProblems } from "../src/engine/trace/trace-event-conformance";
import { expect, openNewPlay, test } from "./fixtures";

/** Wait for the download `act` starts and read it as JSON. */
async function downloaded(page: Page, act: () => Promise<void>, path: string): Promise<unknown> {
  const [file] = await Promise.all([page.waitForEvent("download"), act()]);
  await file.saveAs(path);
  expect(file.suggestedFilename()).toMatch(
    /^hero_logic-(trace|otlp)-[a-z0-9]+-\d{4}-\d\d-\d\d\.json$/,
  );
  return JSON.parse(await readFile(path, "utf8"));
}

test("a fan-out play's trace exports from its page for Perfetto and for OpenTelemetry", async ({
  appPage: page,
}, testInfo) => {
  const sid = await openNewPlay(page, "fan_out", { inputs: { count: 3 }, settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed");

  const chrome = (await downloaded(
    page,
    async () => {
      await page.getByTestId("export-trace").click();
      await page.getByTestId("export-trace-chrome").click();
    },
    testInfo.outputPath("trace.json"),
  )) as ChromeTrace;
  expect(traceEventProblems(chrome)).toEqual([]);
  const tracks = chrome.traceEvents.filter((e) => e.name === "thread_name");
  expect(tracks).toHaveLength(4);
  expect(tracks[0]?.args?.name).toBe(`fan_out · play ${sid}`);
  expect(chrome.traceEvents.filter((e) => e.ph === "s")).toHaveLength(3);
  expect(chrome.traceEvents.filter((e) => e.ph === "X" && e.cat !== "wait").length).toBeGreaterThan(
    10,
  );

  // The keyboard: Enter opens the menu on its first item, ↓ moves to OTLP, Enter downloads it.
  const otlp = (await downloaded(
    page,
    async () => {
      await page.getByTestId("export-trace").focus();
      await page.keyboard.press("Enter");
      await expect(page.getByTestId("export-trace-chrome")).toBeFocused();
      await page.keyboard.press("ArrowDown");
      await expect(page.getByTestId("export-trace-otlp")).toBeFocused();
      await page.keyboard.press("Enter");
    },
    testInfo.outputPath("otlp.json"),
  )) as TracesData;
  expect(otlpProblems(otlp)).toEqual([]);
  expect(roundTrip(otlp)).toEqual(withoutDefaults(otlp));
  expect(otlp.resourceSpans).toHaveLength(4);
  const root = otlp.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
  expect(root).toMatchObject({ name: "fan_out", status: { code: 1 } });
  await expect(page.getByRole("menu")).toHaveCount(0);

  // On a phone the button sits near the left edge: the menu opens where it stays on screen.
  const wide = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.getByTestId("export-trace").click();
    const box = (await page.getByRole("menu", { name: "Export trace" }).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toHaveCount(0);
    // Tabbing past the last item leaves the menu, which closes.
    await page.getByTestId("export-trace").click();
    await expect(page.getByRole("menuitem", { name: "OpenTelemetry (OTLP/JSON)" })).toBeVisible();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("menu")).toHaveCount(0);
  } finally {
    await page.setViewportSize(wide);
  }

  const failed = await page.evaluate(async () => {
    const play = await window.heroLogic.plays.start("nested_failure");
    await window.heroLogic.plays.wait(play.sid, { timeoutMs: 60_000 });
    return window.heroLogic.exportTrace(play.sid, { format: "otlp" });
  });
  expect(otlpProblems(failed)).toEqual([]);
  const codes = (failed as TracesData).resourceSpans[0]!.scopeSpans[0]!.spans.map(
    (s) => s.status.code,
  );
  expect(codes).toContain(2);
});
