/**
 * Storage faults in Chromium: the site's storage quota is made small (DevTools protocol,
 * `Storage.overrideQuotaForOrigin`). A play that writes spans without end fails within seconds
 * of the first refused batch, saying storage is full; what was stored before (another play,
 * this play's earlier batches) still reads, and the next play runs once there is room. With the
 * last bytes of the quota taken, importing a bundle, saving a version and answering a pause each
 * say so where the user looks, and change nothing stored.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EditorView } from "@codemirror/view";
import { type BrowserContext, chromium, type Page } from "@playwright/test";
import chromiumConfig from "../scripts/chromium.json" with { type: "json" };
import {
  editorText,
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
 * Steps without end that each return 256 KB of random text (Chromium compresses what IndexedDB
 * stores, so repeated characters would hardly count): far more than the quota left, and only
 * the storage can stop it.
 */
const BIG_SOURCE = `import base64
import random
from hero_logic import flow


def chunk(k: int) -> str:
    return base64.b64encode(random.Random(k).randbytes(196608)).decode()


@flow
def main():
    k = 0
    while True:
        flow.step(chunk, k, name=f"chunk_{k:02d}")
        k += 1
`;

/** A play that waits for a long text. */
const PAUSE_SOURCE = `from hero_logic import flow


@flow
def main():
    answer = flow.pause("note", prompt="Write", fields=[{"name": "text", "field_type": "text"}])
    return len(answer["text"])
`;

/** About 200 KB of random text (the storage left is far less), as a Python literal. */
function bigLiteral(): string {
  const text = randomBytes(150_000).toString("base64");
  const lines = text.match(/.{1,76}/g) ?? [];
  return `BLOB = (\n${lines.map((line) => `    "${line}"\n`).join("")})\n`;
}

/**
 * Take what is left of the quota (to within 16 KB) with random bytes in a database of the
 * test's own: from then on any write of some size is refused. (In IndexedDB: the app's
 * connection keeps count of the space left by what goes through IndexedDB, so bytes put in the
 * Cache API would go unnoticed for a while.) Returns the way to free it again.
 */
async function fillStorage(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const opening = indexedDB.open("e2e-filler", 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore("bytes");
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    const put = (key: number, size: number) =>
      new Promise<boolean>((resolve) => {
        const data = new Uint8Array(size);
        for (let i = 0; i < size; i += 65_536) crypto.getRandomValues(data.subarray(i, i + 65_536));
        const tx = db.transaction("bytes", "readwrite");
        tx.objectStore("bytes").put(data, key);
        tx.oncomplete = () => resolve(true);
        tx.onabort = () => resolve(false);
      });
    let n = 0;
    for (let size = 4 * 1024 * 1024; size >= 16 * 1024; ) {
      if (!(await put(n++, size))) size = Math.floor(size / 2);
    }
    db.close();
  });
  return () =>
    page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const deleting = indexedDB.deleteDatabase("e2e-filler");
          deleting.onsuccess = () => resolve();
          deleting.onerror = () => reject(deleting.error);
        }),
    );
}

/** Everything stored (flows, versions, plays, runs, spans, outputs, answers), as JSON text. */
function everything(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const { exported_at: _, ...rest } = await window.heroLogic.exportBundle();
    return JSON.stringify(rest);
  });
}

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

test("a full storage: a play is cut off at once, and an import, a save or an answer that does not fit says so and changes nothing", async ({
  baseURL,
}, testInfo) => {
  test.setTimeout(360_000);
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
    const pauseName = uniqueName("e2e_quota_pause");
    await saveFlow(page, pauseName, PAUSE_SOURCE);
    const earlier = await openNewPlay(page, "hello_steps", { settle: true });
    await expect(page.getByTestId("play-status")).toHaveText("completed");
    const paused = await openNewPlay(page, pauseName, { settle: true });
    await expect(page.getByTestId("play-status")).toHaveText("paused");
    const earlierSpans = await page.evaluate(
      async (sid) => (await window.heroLogic.plays.spans(sid)).length,
      earlier,
    );
    expect(earlierSpans).toBeGreaterThan(1);
    const usage = () => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    // The estimate lags behind the writes: the quota below is set from it once it settles (the
    // same figure twice in a row, a second apart).
    let last = -1;
    await expect
      .poll(
        async () => {
          const [before, now] = [last, await usage()];
          last = now;
          return now === before;
        },
        { intervals: [1_000], timeout: 60_000 },
      )
      .toBe(true);
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

    // The first refused batch ends the run (the flow itself would never end).
    const sid = await openNewPlay(page, name);
    await expect(page.getByTestId("play-status")).toHaveText("failed");
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

    // Whatever room the refused batch left is taken, so that even small writes are refused.
    const free = await fillStorage(page);
    const before = await everything(page);
    const literal = bigLiteral();

    // An import that does not fit: a new flow whose source is larger than the space left.
    const bundle = JSON.parse(
      await page.evaluate(async (n) => {
        const { exported_at: _, ...rest } = await window.heroLogic.exportBundle({
          workflows: [n],
        });
        return JSON.stringify({ ...rest, exported_at: Date.now() });
      }, pauseName),
    );
    bundle.plays = [];
    bundle.workflows[0].sid = "wfquota01";
    bundle.workflows[0].name = uniqueName("e2e_quota_import");
    bundle.workflows[0].current_version_sid = "vequota01";
    bundle.versions = [{ ...bundle.versions[0], sid: "vequota01", workflow_sid: "wfquota01" }];
    bundle.versions[0].source = `${literal}${PAUSE_SOURCE}`;
    const file = testInfo.outputPath("too-big.json");
    writeFileSync(file, JSON.stringify(bundle));
    await gotoRoute(page, "#/flows");
    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser"),
      page.getByTestId("import-bundle").click(),
    ]);
    await chooser.setFiles(file);
    const importError = page.getByTestId("import-error");
    await expect(importError).toContainText("too-big.json was not imported.");
    await expect(importError).toContainText("storage is full");
    expect(await everything(page)).toBe(before);

    // A new version that does not fit: the editor says so above the source; nothing changes.
    await gotoRoute(page, `#/flows/${pauseName}`);
    // Pasted in one piece (typing 800 KB through the keyboard takes minutes).
    const edited = `${literal}${PAUSE_SOURCE}`;
    await page
      .getByTestId("flow-source")
      .evaluate((el: HTMLElement & { editorView?: EditorView }, text) => {
        const view = el.editorView!;
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      }, edited);
    await expect.poll(() => editorText(page.getByTestId("flow-source"))).toBe(edited);
    await page.getByTestId("save-flow").click();
    await expect(page.getByTestId("flow-error")).toContainText("storage is full", {
      timeout: PLAY_TIMEOUT_MS,
    });
    expect(await everything(page)).toBe(before);

    // An answer that does not fit: the pause form says so; the play still waits for it. (The
    // editor asks before it drops the unsaved edit.)
    page.once("dialog", (dialog) => dialog.accept());
    await gotoRoute(page, `#/plays/${paused}`);
    await expect(page.getByTestId("play-status")).toHaveText("paused");
    // As a paste arrives (typing 800 KB through Playwright's fill is as slow).
    await page
      .getByTestId("pause-form")
      .locator("textarea")
      .evaluate((el: HTMLTextAreaElement, text) => {
        el.value = text;
        el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
      }, literal);
    await page.getByTestId("pause-submit").click();
    await expect(page.getByTestId("pause-form").locator(".form-error")).toContainText(
      "storage is full",
    );
    await expect(page.getByTestId("play-status")).toHaveText("paused");
    expect(await everything(page)).toBe(before);

    // Once there is room again, the worker the storage cut off has been replaced: the next play
    // runs to its end.
    await free();
    await openNewPlay(page, "hello_steps");
    await expect(page.getByTestId("play-status")).toHaveText("completed", {
      timeout: PLAY_TIMEOUT_MS,
    });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
