/**
 * Storage faults in Chromium: the site's storage quota is made small (DevTools protocol,
 * `Storage.overrideQuotaForOrigin`) and a play writes more spans than fit. The play fails with
 * a message saying storage is full; what was stored before (another play, this play's earlier
 * batches) still reads.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "@playwright/test";
import chromiumConfig from "../scripts/chromium.json" with { type: "json" };
import {
  expect,
  gotoRoute,
  openApp,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  pipeConsole,
  saveFlow,
  spanElements,
  test,
  uniqueName,
} from "./fixtures";

/**
 * Steps that each return 256 KB of random text (Chromium compresses what IndexedDB stores, so
 * repeated characters would hardly count): 60 of them are far more than the quota left.
 */
const BIG_SOURCE = `import base64
import random
from hero_logic import flow


def chunk(k: int) -> str:
    return base64.b64encode(random.Random(k).randbytes(196608)).decode()


@flow
def main(steps: int = 60):
    sizes = []
    for k in range(steps):
        sizes.append(len(flow.step(chunk, k, name=f"chunk_{k:02d}")))
    return {"stored": sum(sizes)}
`;

const HEADROOM_BYTES = 3 * 1024 * 1024;

/** A browser with a profile on disk: Chromium applies a quota override only to such profiles. */
function launch(profile: string, baseURL: string | undefined): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH?.trim() || chromiumConfig.path,
    args: chromiumConfig.args,
    baseURL,
    // Its precache would take the headroom the test leaves.
    serviceWorkers: "block",
    viewport: { width: 1280, height: 900 },
  });
}

test("a play that fills the storage fails saying so; what was stored before still reads", async ({
  baseURL,
}) => {
  const profile = mkdtempSync(join(tmpdir(), "hero-logic-quota-"));
  let context = await launch(profile, baseURL);
  try {
    // A first visit: the examples, a flow that writes a lot, a finished play, and the memory
    // snapshot of Python that the first boot stores.
    let page = context.pages()[0] ?? (await context.newPage());
    pipeConsole(context, "quota-1");
    await openApp(page);
    const name = uniqueName("e2e_quota");
    await saveFlow(page, name, BIG_SOURCE);
    const earlier = await openNewPlay(page, "hello_steps", { settle: true });
    await expect(page.getByTestId("play-status")).toHaveText("completed");
    const earlierSpans = await page.evaluate(
      async (sid) => (await window.heroLogic.plays.spans(sid)).length,
      earlier,
    );
    expect(earlierSpans).toBeGreaterThan(1);
    const usage = () => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    let stable = -1;
    for (let now = await usage(); now !== stable; now = await usage()) {
      stable = now;
      await page.waitForTimeout(1_000);
    }
    await context.close();

    // Back with a quota of what is stored plus a few megabytes, set before the app opens its
    // database (IndexedDB reads the quota when it opens a site's storage).
    context = await launch(profile, baseURL);
    pipeConsole(context, "quota-2");
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto("pyodide/pyodide-lock.json");
    const cdp = await context.newCDPSession(page);
    await cdp.send("Storage.overrideQuotaForOrigin", {
      origin: new URL(page.url()).origin,
      quotaSize: (await usage()) + HEADROOM_BYTES,
    });
    await openApp(page);

    const sid = await openNewPlay(page, name);
    await expect(page.getByTestId("play-status")).toHaveText("failed", {
      timeout: PLAY_TIMEOUT_MS,
    });
    const error = page.getByTestId("play-error");
    await expect(error).toContainText("storage is full");
    const play = await page.evaluate((s) => window.heroLogic.plays.get(s), sid);
    expect(play.error?.message).toMatch(/^storage is full/);

    // This play's earlier batches read: the first steps finished and kept their output, with
    // no gap; the spans that were open when storage failed ended failed with the play.
    const spans = await page.evaluate(async (s) => {
      const spans = await window.heroLogic.plays.spans(s, { runNo: 1 });
      return spans.map((span) => ({
        name: span.name,
        kind: span.kind,
        status: span.status,
        size: String(span.output).length,
      }));
    }, sid);
    const stored = spans.filter((span) => span.kind === "step" && span.status === "ok");
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(60);
    expect(stored.map((span) => span.name)).toEqual(
      Array.from({ length: stored.length }, (_, k) => `chunk_${String(k).padStart(2, "0")}`),
    );
    expect(stored.every((span) => span.size === 262144)).toBe(true);
    expect(spans.filter((span) => span.status === "running")).toEqual([]);
    expect(spans.find((span) => span.kind === "flow_root")?.status).toBe("failed");
    await expect(spanElements(page, "main").first()).toHaveAttribute("data-status", "failed");
    const runs = await page.evaluate((s) => window.heroLogic.plays.runs(s), sid);
    expect(runs.map((r) => r.ended_by)).toEqual(["failed"]);

    // The other play is untouched.
    expect(
      await page.evaluate(async (s) => (await window.heroLogic.plays.spans(s)).length, earlier),
    ).toBe(earlierSpans);
    await gotoRoute(page, `#/plays/${earlier}`);
    await expect(page.getByTestId("play-status")).toHaveText("completed");
    await expect(spanElements(page, "main").first()).toHaveAttribute("data-status", "ok");
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
