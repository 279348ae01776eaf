/**
 * Shared helpers for the end-to-end tests.
 *
 * Pyodide takes several seconds to boot in headless Chromium, so tests share one app page per
 * Playwright worker (`appPage`, booted once). Tests that need clean storage (a first visit, an
 * empty IndexedDB) open a new browser context with `freshContext()`.
 *
 * Everything the browser prints (page and Web Worker console, uncaught errors, failed requests)
 * goes to the test log, and is attached as `browser-console.txt` to a failing test.
 */
import {
  type BrowserContext,
  test as base,
  type ConsoleMessage,
  expect,
  type Locator,
  type Page,
} from "@playwright/test";
import type { Play, Span } from "../src/db/records";

/** How long `window.heroLogic.ready()` may take (Python boot). */
export const BOOT_TIMEOUT_MS = 90_000;
/** How long a small example play may take to finish once Python is up. */
export const PLAY_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// Browser console → test log

/** Lines printed by the browser during the current test (one test at a time per worker). */
let currentTestLines: string[] | null = null;

function emit(line: string): void {
  currentTestLines?.push(line);
  console.log(line);
}

function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.hash;
  } catch {
    return url;
  }
}

function describeConsole(label: string, message: ConsoleMessage): string {
  const where = message.worker() ? "worker" : "page";
  const location = message.location();
  const at = location.url ? ` (${shortUrl(location.url)}:${location.lineNumber})` : "";
  return `[browser ${label} ${where} ${message.type()}] ${message.text()}${at}`;
}

/**
 * Print the console of every page and worker of `context` to the test log, with uncaught
 * errors, failed requests and crashes. `label` tells contexts apart ("shared", "fresh-1").
 */
export function pipeConsole(context: BrowserContext, label: string): void {
  context.on("console", (message) => emit(describeConsole(label, message)));
  context.on("weberror", (webError) => {
    const error = webError.error();
    emit(`[browser ${label} uncaught] ${error.stack ?? error.message}`);
  });
  context.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "failed";
    emit(`[browser ${label} request] ${request.method()} ${shortUrl(request.url())}: ${reason}`);
  });
  context.on("page", (page) => {
    page.on("crash", () => emit(`[browser ${label} crash] the page crashed: ${page.url()}`));
  });
}

// ---------------------------------------------------------------------------------------------
// Opening the app

/**
 * Wait until `window.heroLogic` exists and `await heroLogic.ready()` resolved (Python booted),
 * within `timeoutMs` in all.
 */
export async function waitForReady(page: Page, timeoutMs = BOOT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await page.waitForFunction(() => typeof window.heroLogic?.ready === "function", undefined, {
    timeout: timeoutMs,
  });
  const remaining = Math.max(1_000, deadline - Date.now());
  await page.evaluate(async (ms) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`window.heroLogic.ready() did not resolve within ${ms} ms`)),
        ms,
      );
    });
    try {
      await Promise.race([window.heroLogic.ready(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }, remaining);
}

/** Load the app at `route` (a hash route such as `#/flows`) and wait for Python. */
export async function openApp(page: Page, route = "#/flows"): Promise<void> {
  await page.goto(hashOf(route));
  await waitForReady(page);
}

/**
 * Go to a hash route in the already loaded app, without reloading the page (Python stays
 * booted): `#/flows`, `#/flows/<name>`, `#/plays`, `#/plays/<sid>`.
 */
export async function gotoRoute(page: Page, route: string): Promise<void> {
  const hash = hashOf(route);
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await expect(page).toHaveURL((url) => url.hash === hash);
}

function hashOf(route: string): string {
  if (route.startsWith("#")) return route;
  return `#${route.startsWith("/") ? route : `/${route}`}`;
}

/** The route of the current page, e.g. `#/plays/abcd1234`. */
export function currentHash(page: Page): string {
  return new URL(page.url()).hash;
}

/** A fresh workflow name (the shared page's storage lives as long as its worker). */
export function uniqueName(prefix = "e2e_flow"): string {
  const stamp = Date.now().toString(36);
  const random = Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, "0");
  return `${prefix}_${stamp}_${random}`;
}

// ---------------------------------------------------------------------------------------------
// Spans as the user sees them

/** One span as rendered: every element carrying `data-span-sid`, merged by sid. */
export interface RenderedSpan {
  sid: string;
  kind: string | null;
  status: string | null;
  replayed: boolean;
  /** The text nodes of the span's element(s), trimmed, empty ones left out. */
  texts: string[];
}

/** All spans on the page in document order, one entry per sid (a graph may repeat them). */
export async function renderedSpans(page: Page): Promise<RenderedSpan[]> {
  const elements = await page.locator("[data-span-sid]").evaluateAll((nodes) =>
    nodes.map((node) => ({
      sid: node.getAttribute("data-span-sid") ?? "",
      kind: node.getAttribute("data-kind"),
      status: node.getAttribute("data-status"),
      replayed: node.getAttribute("data-replayed") === "true",
      texts: (() => {
        const texts: string[] = [];
        const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
          // Text of a span element nested inside this one belongs to that span.
          if (text.parentElement?.closest("[data-span-sid]") !== node) continue;
          const value = text.nodeValue?.trim();
          if (value) texts.push(value);
        }
        return texts;
      })(),
    })),
  );
  const bySid = new Map<string, RenderedSpan>();
  for (const element of elements) {
    const known = bySid.get(element.sid);
    if (known) known.texts.push(...element.texts);
    else bySid.set(element.sid, { ...element });
  }
  return [...bySid.values()];
}

function wordPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`);
}

/**
 * Which of `names` a rendered span shows: one of its text nodes is exactly the name, else the
 * name appears in one as a whole word (the longest such name wins).
 */
export function spanName(span: RenderedSpan, names: readonly string[]): string | null {
  const byLength = [...names].sort((a, b) => b.length - a.length);
  return (
    byLength.find((name) => span.texts.includes(name)) ??
    byLength.find((name) => span.texts.some((text) => wordPattern(name).test(text))) ??
    null
  );
}

/**
 * A sorted, comparable summary of the rendered spans: `"<name> <kind> <status>"` per span
 * (plus ` replayed`), with `?` for a span whose name is none of `names`.
 */
export async function spanSummary(page: Page, names: readonly string[]): Promise<string[]> {
  const spans = await renderedSpans(page);
  return spans
    .map((span) =>
      [spanName(span, names) ?? "?", span.kind, span.status, span.replayed ? "replayed" : ""]
        .join(" ")
        .trim(),
    )
    .sort();
}

/** Steps of `slowStepsSource`: step_01, step_02, … */
export const slowStepName = (k: number) => `step_${String(k).padStart(2, "0")}`;

/** A flow slow enough to watch or cut off: `steps` steps that busy-wait a quarter second each. */
export function slowStepsSource(steps: number): string {
  return `import time
from hero_logic import flow


def burn(k: int) -> int:
    end = time.perf_counter() + 0.25
    while time.perf_counter() < end:
        pass
    return k * k


@flow
def main(steps: int = ${steps}):
    total = 0
    for k in range(1, steps + 1):
        total += flow.step(burn, k, name=f"step_{k:02d}")
    return {"total": total}
`;
}

/** The span names of the `hello_steps` example, and what its first run shows (`spanSummary`). */
export const HELLO_STEPS_NAMES = ["main", "fetch_greeting", "tally", "count_letters"] as const;
export const HELLO_STEPS_RUN = [
  "main flow_root ok",
  "fetch_greeting step ok",
  "tally step ok",
  "count_letters step ok",
  "count_letters step ok",
  "count_letters step ok",
].sort();

/** The rendered sids, sorted. */
export async function spanSids(page: Page): Promise<string[]> {
  return (await renderedSpans(page)).map((span) => span.sid).sort();
}

/**
 * The span elements showing `name`: for each element whose whole text is `name`, the nearest
 * element carrying `data-span-sid` (use `.first()` or `.nth()` to pick one).
 */
export function spanElements(page: Page, name: string): Locator {
  return page
    .getByText(name, { exact: true })
    .locator("xpath=ancestor-or-self::*[@data-span-sid][1]");
}

// ---------------------------------------------------------------------------------------------
// Fixtures

export interface FreshContextOptions {
  /** Route to open; default `#/flows`. */
  route?: string;
  /** Wait for `heroLogic.ready()` (default true); false only loads the page. */
  waitForPython?: boolean;
}

export interface FreshApp {
  context: BrowserContext;
  page: Page;
}

interface TestFixtures {
  /**
   * Open the app in a new browser context (clean IndexedDB: a first visit), booted unless
   * `waitForPython: false`. Contexts are closed when the test ends.
   */
  freshContext: (options?: FreshContextOptions) => Promise<FreshApp>;
  /** Collects the browser console of the test and attaches it when the test fails. */
  _browserLog: undefined;
  /**
   * One app page per worker, opened at `#/flows` with Python ready. Tests share it (and its
   * storage): navigate with `gotoRoute`, use unique names for flows you create, and call
   * `waitForReady` again after a reload. Each test gets it with the play page's view back at
   * its default (the tree): a test that switched to the graph leaves no view behind.
   */
  appPage: Page;
}

interface WorkerFixtures {
  /** The page behind `appPage`, booted once per worker. */
  sharedAppPage: Page;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // The built-in per-test `page` also reports its console.
  context: async ({ context }, use) => {
    pipeConsole(context, "test");
    await use(context);
  },

  appPage: async ({ sharedAppPage: page }, use) => {
    await page.evaluate(() => localStorage.removeItem("hero_logic.view"));
    await use(page);
  },

  sharedAppPage: [
    async ({ browser }, use, workerInfo) => {
      const context = await browser.newContext({
        baseURL: workerInfo.project.use.baseURL,
        viewport: { width: 1280, height: 900 },
      });
      pipeConsole(context, "shared");
      const page = await context.newPage();
      await openApp(page);
      await use(page);
      await context.close();
    },
    { scope: "worker", timeout: BOOT_TIMEOUT_MS + 30_000 },
  ],

  freshContext: async ({ browser, baseURL }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (options = {}) => {
      const context = await browser.newContext({
        baseURL,
        viewport: { width: 1280, height: 900 },
      });
      opened.push(context);
      pipeConsole(context, `fresh-${opened.length}`);
      const page = await context.newPage();
      if (options.waitForPython === false) await page.goto(hashOf(options.route ?? "#/flows"));
      else await openApp(page, options.route);
      return { context, page };
    });
    for (const context of opened) await context.close();
  },

  _browserLog: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures list their dependencies by destructuring.
    async ({}, use, testInfo) => {
      const lines: string[] = [];
      currentTestLines = lines;
      await use(undefined);
      currentTestLines = null;
      if (testInfo.status !== testInfo.expectedStatus && lines.length > 0) {
        await testInfo.attach("browser-console.txt", {
          body: lines.join("\n"),
          contentType: "text/plain",
        });
      }
    },
    { auto: true },
  ],
});

// ---------------------------------------------------------------------------------------------
// Plays

/** The play sid of the current play page. */
export function playSidOf(page: Page): string {
  const match = /^#\/plays\/([^/?#]+)/.exec(currentHash(page));
  if (!match?.[1]) throw new Error(`not on a play page: ${page.url()}`);
  return match[1];
}

/** Save a workflow through the API. */
export async function saveFlow(page: Page, name: string, source: string): Promise<void> {
  await page.evaluate(([n, s]) => window.heroLogic.workflows.save({ name: n, source: s }), [
    name,
    source,
  ] as const);
}

/**
 * Start a play through the API and open its page; with `settle`, first wait until it paused
 * or ended.
 */
export async function openNewPlay(
  page: Page,
  flow: string,
  options: {
    inputs?: Record<string, unknown>;
    start?: { prefill?: Record<string, unknown>; timeoutMs?: number };
    settle?: boolean;
  } = {},
): Promise<string> {
  const sid = await page.evaluate(
    async ([name, inputs, start, settle]) => {
      const play = await window.heroLogic.plays.start(name, inputs, start);
      if (settle) await window.heroLogic.plays.wait(play.sid, { timeoutMs: 120_000 });
      return play.sid;
    },
    [flow, options.inputs ?? {}, options.start ?? {}, options.settle ?? false] as const,
  );
  await gotoRoute(page, `#/plays/${sid}`);
  return sid;
}

/** The spans of one run of a play (default: its latest), through the API. */
export function playSpans(page: Page, sid: string, runNo?: number): Promise<Span[]> {
  return page.evaluate(
    ([playSid, run]) => window.heroLogic.plays.spans(playSid, run === null ? {} : { runNo: run }),
    [sid, runNo ?? null] as const,
  );
}

/**
 * The play once it paused or ended, waiting up to `timeoutMs`; when it has not by then, the play
 * as it is (still running, say), so that a test reports what it found rather than a time-out.
 */
export function settledPlay(page: Page, sid: string, timeoutMs = PLAY_TIMEOUT_MS): Promise<Play> {
  return page.evaluate(
    async ([playSid, ms]) => {
      try {
        return await window.heroLogic.plays.wait(playSid, { timeoutMs: ms });
      } catch (error) {
        if ((error as { code?: unknown }).code !== "timeout") throw error;
        return window.heroLogic.plays.get(playSid);
      }
    },
    [sid, timeoutMs] as const,
  );
}

// ---------------------------------------------------------------------------------------------
// Tabs cut off mid-run

/** Open the app at `route` in a new tab of `context` (same storage, locks and Python snapshot). */
export async function openAppInNewPage(context: BrowserContext, route = "#/flows"): Promise<Page> {
  const page = await context.newPage();
  await openApp(page, route);
  return page;
}

/**
 * Crash the renderer of `page`, as the browser does to a tab that runs out of memory, and wait
 * until it is gone: its workers die with it, and it unloads nothing. Chromium handles
 * `chrome://crash` in the tab's own renderer before any navigation (no unload runs). CDP's
 * `Page.crash` would do the same, but afterwards this Chromium opens no new tab in the context.
 */
export async function crashPage(page: Page): Promise<void> {
  const crashed = page.waitForEvent("crash");
  // The navigation is aborted by the crash itself.
  await page.goto("chrome://crash").catch(() => {});
  await crashed;
}

// ---------------------------------------------------------------------------------------------
// The flow editor (CodeMirror)

/** What a SourceEditor's element carries (the DOM holds only the lines in view). */
type EditorElement = HTMLElement & {
  editorView?: {
    state: {
      doc: { toString(): string };
      selection: { main: { from: number; to: number } };
      sliceDoc(from: number, to: number): string;
    };
  };
};

/** The whole text of a source editor, e.g. `editorText(page.getByTestId("flow-source"))`. */
export function editorText(editor: Locator): Promise<string> {
  return editor.evaluate((el: EditorElement) => {
    if (!el.editorView) throw new Error("not a source editor");
    return el.editorView.state.doc.toString();
  });
}

/** The selected text of a source editor. */
export function editorSelection(editor: Locator): Promise<string> {
  return editor.evaluate((el: EditorElement) => {
    if (!el.editorView) throw new Error("not a source editor");
    const { from, to } = el.editorView.state.selection.main;
    return el.editorView.state.sliceDoc(from, to);
  });
}

/**
 * Replace a source editor's text the way a person pastes: focus it, select all, insert the
 * text as one input (no auto-indent on the way), and wait until the editor holds it.
 */
export async function setEditorText(editor: Locator, text: string): Promise<void> {
  const keyboard = editor.page().keyboard;
  await editor.locator(".cm-content").click();
  await keyboard.press("ControlOrMeta+a");
  if (text === "") await keyboard.press("Delete");
  else await keyboard.insertText(text);
  await expect.poll(() => editorText(editor)).toBe(text);
}

export { expect };
