/**
 * Lint in the editor: Ruff (WebAssembly, in a worker of its own) marks an undefined name at its
 * line as the person types, `heroLogic.workflows.lint` returns the same finding, and both work
 * with the network off after a reload (the service worker precaches Ruff's wasm).
 */
import type { Locator, Page } from "@playwright/test";
import {
  BOOT_TIMEOUT_MS,
  editorText,
  expect,
  gotoRoute,
  openApp,
  pipeConsole,
  test,
  waitForReady,
} from "./fixtures";
import { waitForOfflineReady } from "./offline-helpers";

const FLOW = [
  "from hero_logic import flow",
  "",
  "",
  "@flow",
  "def main():",
  "    return 1",
  "",
].join("\n");

const UNDEFINED_TOTL = {
  line: 7,
  column: 11,
  code: "F821",
  message: "Undefined name `totl`",
};

/** The line numbers the lint marks of rule `code` sit on, read through the editor's view. */
function markedLines(editor: Locator, code: string): Promise<number[]> {
  return editor.evaluate((el, rule) => {
    const view = (el as HTMLElement & { editorView?: import("@codemirror/view").EditorView })
      .editorView;
    if (!view) throw new Error("not a source editor");
    return [...el.querySelectorAll(`.lint-${rule}`)].map(
      (mark) => view.state.doc.lineAt(view.posAtDOM(mark)).number,
    );
  }, code);
}

function lint(page: Page, source: unknown) {
  return page.evaluate(async (text) => {
    try {
      return await window.heroLogic.workflows.lint(text as string);
    } catch (failure) {
      return `${(failure as { code?: string }).code}: ${(failure as Error).message}`;
    }
  }, source);
}

test("an undefined name is marked F821 at its line as you type, and the lint works offline", async ({
  freshContext,
}) => {
  const { context, page } = await freshContext();
  await waitForOfflineReady(page);
  await page.evaluate(
    (source) => window.heroLogic.workflows.save({ name: "lint_me", source }),
    FLOW,
  );
  await gotoRoute(page, "#/flows/lint_me");
  const editor = page.getByTestId("flow-source");
  await expect.poll(() => editorText(editor)).toBe(FLOW);

  // Type a line that reads a name nothing defines: Enter keeps main's indentation.
  await editor.getByText("return 1").click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("print(totl)");
  await expect.poll(() => editorText(editor)).toContain("    return 1\n    print(totl)\n");
  await expect.poll(() => markedLines(editor, "F821")).toEqual([7]);
  await expect(editor.locator(".lint-F821")).toHaveText("totl");

  // The mark says its rule and message.
  await editor.locator(".lint-F821").hover();
  await expect(page.locator(".cm-tooltip-lint")).toContainText("F821: Undefined name `totl`");

  const typed = await editorText(editor);
  expect(await lint(page, typed)).toEqual([UNDEFINED_TOTL]);
  expect(await lint(page, 5)).toBe("invalid_input: source must be text, not a number");

  // Saved as it is (a lint finding never stops a save), then the network goes off.
  await page.keyboard.press("ControlOrMeta+s");
  await expect(page.locator(".editor-status")).toHaveText("Saved a new version.");
  await context.setOffline(true);
  const fromServiceWorker = new Map<string, boolean>();
  context.on("response", (response) => {
    fromServiceWorker.set(new URL(response.url()).pathname, response.fromServiceWorker());
  });
  await page.reload();
  await waitForReady(page, BOOT_TIMEOUT_MS);
  await gotoRoute(page, "#/flows/lint_me");
  await expect.poll(() => editorText(editor)).toBe(typed);
  await expect.poll(() => markedLines(editor, "F821")).toEqual([7]);
  expect(await lint(page, typed)).toEqual([UNDEFINED_TOTL]);
  const wasm = [...fromServiceWorker].filter(([path]) => /\/ruff_wasm_bg-[^/]+\.wasm$/.test(path));
  expect(wasm).toEqual([[expect.any(String), true]]);
  await expect(page.getByTestId("lint-unavailable")).toHaveCount(0);
});

test("when Ruff cannot load, a quiet note says so and typing and saving go on", async ({
  browser,
}) => {
  // No service worker (it would answer from its precache), and Ruff's wasm never arrives.
  const context = await browser.newContext({ serviceWorkers: "block" });
  pipeConsole(context, "no-ruff");
  await context.route(/\/ruff_wasm_bg-[^/]+\.wasm$/, (route) => route.abort());
  try {
    const page = await context.newPage();
    await openApp(page);
    const source = FLOW.replace("return 1", "return totl");
    await page.evaluate(
      (text) => window.heroLogic.workflows.save({ name: "no_ruff", source: text }),
      source,
    );
    await gotoRoute(page, "#/flows/no_ruff");
    const editor = page.getByTestId("flow-source");
    await expect.poll(() => editorText(editor)).toBe(source);

    await expect(page.getByTestId("lint-unavailable")).toContainText("could not load");
    await expect(page.getByTestId("flow-error")).toHaveCount(0);
    await expect(editor.locator(".lint-mark")).toHaveCount(0);
    expect(await lint(page, source)).toMatch(/^lint_unavailable: The lint \(Ruff\) could not run/);

    await editor.getByText("return totl").click();
    await page.keyboard.press("End");
    await page.keyboard.type(" + 1");
    await expect.poll(() => editorText(editor)).toContain("return totl + 1\n");
    await page.keyboard.press("ControlOrMeta+s");
    await expect(page.locator(".editor-status")).toHaveText("Saved a new version.");
  } finally {
    await context.close();
  }
});
