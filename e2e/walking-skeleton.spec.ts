/**
 * The walking skeleton, end to end in Chromium: library → flow → run form → play page with
 * its span tree and details; persistence across a reload; a failing flow; a new flow with a
 * syntax error fixed through the UI; a first visit with clean storage.
 */
import type { Page } from "@playwright/test";
import {
  BOOT_TIMEOUT_MS,
  editorText,
  expect,
  gotoRoute,
  HELLO_STEPS_NAMES,
  HELLO_STEPS_RUN,
  PLAY_TIMEOUT_MS,
  playSidOf,
  setEditorText,
  spanElements,
  spanSids,
  spanSummary,
  test,
  uniqueName,
  waitForReady,
} from "./fixtures";

const PLAY_ROUTE = /#\/plays\/[^/?#]+$/;

/** From the library, open a flow, open its run form, submit it, land on the new play. */
async function runFromLibrary(page: Page, flowName: string): Promise<string> {
  await gotoRoute(page, "#/flows");
  await page.getByTestId(`flow-link-${flowName}`).click();
  await expect(page).toHaveURL((url) => url.hash === `#/flows/${flowName}`);
  return runFromFlowPage(page);
}

/** On a flow page: Run, submit the inputs form as it is, wait for the play page. */
async function runFromFlowPage(page: Page): Promise<string> {
  await page.getByTestId("run-flow").click();
  const form = page.getByTestId("run-form");
  await expect(form).toBeVisible();
  await form.getByTestId("run-submit").click();
  await expect(page).toHaveURL(PLAY_ROUTE);
  return playSidOf(page);
}

test.describe("hello_steps", () => {
  test.describe.configure({ mode: "serial" });

  const NAMES = HELLO_STEPS_NAMES;
  // "Hello, Ada!" has 8 letters, counted once per repeat (3).
  const OUTPUT = { greeting: "Hello, Ada!", letters: 24 };
  let playSid = "";
  let sidsBefore: string[] = [];

  test("run the example from the library and inspect its spans", async ({ appPage: page }) => {
    await gotoRoute(page, "#/flows");
    await expect(page.getByTestId("python-status")).toHaveText("Python ready", {
      timeout: BOOT_TIMEOUT_MS,
    });

    // The example is installed on the first visit, once Python is ready.
    const link = page.getByTestId("flow-link-hello_steps");
    await expect(link).toBeVisible({ timeout: BOOT_TIMEOUT_MS });
    await link.click();
    await expect(page).toHaveURL((url) => url.hash === "#/flows/hello_steps");
    await expect.poll(() => editorText(page.getByTestId("flow-source"))).toMatch(/def main\(/);

    await page.getByTestId("run-flow").click();
    const form = page.getByTestId("run-form");
    await expect(form).toBeVisible();
    // Inputs are named by field and filled with the declared defaults.
    await expect(form.locator('[name="name"]')).toHaveValue("Ada");
    await expect(form.locator('[name="repeat"]')).toHaveValue("3");
    await form.getByTestId("run-submit").click();

    await expect(page).toHaveURL(PLAY_ROUTE);
    playSid = playSidOf(page);

    await expect(page.getByTestId("play-status")).toHaveText("completed", {
      timeout: PLAY_TIMEOUT_MS,
    });
    const output = page.getByTestId("play-output");
    await expect(output).toBeVisible();
    expect(JSON.parse((await output.textContent()) ?? "")).toEqual(OUTPUT);

    // Root, one step, the grouping span and three counting steps, all finished, none replayed.
    await expect.poll(() => spanSummary(page, NAMES)).toEqual(HELLO_STEPS_RUN);
    sidsBefore = await spanSids(page);

    // The tree shows what the engine stored for this play, no more and no less.
    const stored = await page.evaluate((sid) => window.heroLogic.plays.spans(sid), playSid);
    expect(stored.map((span) => span.sid).sort()).toEqual(sidsBefore);

    await spanElements(page, "fetch_greeting").first().click();
    const detail = page.getByTestId("span-detail");
    await expect(detail).toBeVisible();
    await expect(detail).toContainText("fetch_greeting");
    await expect(detail).toContainText("building a greeting for Ada");
  });

  test("a reload shows the same play from IndexedDB", async ({ appPage: page }) => {
    expect(playSid, "the previous test started a play").not.toBe("");
    await gotoRoute(page, `#/plays/${playSid}`);
    await page.reload();

    await expect(page.getByTestId("play-status")).toHaveText("completed");
    await expect.poll(() => spanSids(page)).toEqual(sidsBefore);
    const output = page.getByTestId("play-output");
    await expect(output).toBeVisible();
    expect(JSON.parse((await output.textContent()) ?? "")).toEqual(OUTPUT);

    // Python comes up again on the reloaded page; the finished play is not executed again.
    await waitForReady(page);
    const play = await page.evaluate((sid) => window.heroLogic.plays.get(sid), playSid);
    expect(play.status).toBe("completed");
    expect(play.run_count).toBe(1);
    await expect(page.getByTestId("python-status")).toHaveText("Python ready");
  });
});

test("a flow that fails in a nested step shows the error and the failing spans", async ({
  appPage: page,
}) => {
  await runFromLibrary(page, "nested_failure");

  await expect(page.getByTestId("play-status")).toHaveText("failed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  const error = page.getByTestId("play-error");
  await expect(error).toBeVisible();
  await expect(error).toContainText("ValueError: item 3 is not allowed");
  await expect(error).toContainText("nested_failure.py");

  // Items 1 and 2 pass, item 3 fails three levels down and the loop stops there; every span
  // from the root to the failing check is failed.
  await expect
    .poll(() => spanSummary(page, ["main", "batch", "process", "check"]))
    .toEqual(
      [
        "main flow_root failed",
        "batch step failed",
        "process step ok",
        "process step ok",
        "process step failed",
        "check step ok",
        "check step ok",
        "check step failed",
      ].sort(),
    );

  const failedCheck = spanElements(page, "check").and(page.locator('[data-status="failed"]'));
  await failedCheck.first().click();
  const detail = page.getByTestId("span-detail");
  await expect(detail).toBeVisible();
  await expect(detail).toContainText("ValueError: item 3 is not allowed");
});

test("create a flow, see its syntax error, fix it and run it", async ({ appPage: page }) => {
  const name = uniqueName("e2e_new");
  await gotoRoute(page, "#/flows");
  await page.getByTestId("new-flow-name").fill(name);
  await page.getByTestId("create-flow").click();
  await expect(page).toHaveURL((url) => url.hash === `#/flows/${name}`);

  const source = page.getByTestId("flow-source");
  await expect.poll(() => editorText(source)).toMatch(/@flow/);

  const broken = [
    "from hero_logic import flow",
    "",
    "",
    "@flow",
    'def main(who: str = "Grace"):',
    '    return {"message": f"Hi, {who}!"',
    "",
  ].join("\n");
  await setEditorText(source, broken);
  await page.getByTestId("save-flow").click();
  const flowError = page.getByTestId("flow-error");
  await expect(flowError).toBeVisible();
  await expect(flowError).toContainText("line");

  const fixed = [
    "from hero_logic import flow",
    "",
    "",
    "@flow",
    "def shout(text: str) -> str:",
    '    print(f"shouting {text}")',
    "    return text.upper()",
    "",
    "",
    "@flow",
    'def main(who: str = "Grace"):',
    '    return {"message": shout(f"Hi, {who}!")}',
    "",
  ].join("\n");
  await setEditorText(source, fixed);
  await page.getByTestId("save-flow").click();
  await expect(flowError).toHaveCount(0);
  // The saved version is the fixed source.
  await expect
    .poll(() =>
      page.evaluate(async (flowName) => {
        const versions = await window.heroLogic.workflows.versions(flowName);
        return versions.at(-1)?.source;
      }, name),
    )
    .toBe(fixed);

  const playSid = await runFromFlowPage(page);
  expect(playSid).not.toBe("");
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  const output = page.getByTestId("play-output");
  await expect(output).toBeVisible();
  expect(JSON.parse((await output.textContent()) ?? "")).toEqual({ message: "HI, GRACE!" });
  await expect
    .poll(() => spanSummary(page, ["main", "shout"]))
    .toEqual(["main flow_root ok", "shout step ok"]);
});

test("a first visit with clean storage has the examples and nothing else", async ({
  appPage,
  freshContext,
}) => {
  // Something only the shared page's storage has.
  const name = uniqueName("e2e_private");
  await appPage.evaluate(
    (flowName) =>
      window.heroLogic.workflows.save({
        name: flowName,
        source: 'from hero_logic import flow\n\n\n@flow\ndef main():\n    return {"ok": True}\n',
      }),
    name,
  );

  const { page } = await freshContext();
  await expect(page.getByTestId("python-status")).toHaveText("Python ready");
  await expect(page.getByTestId("flow-link-hello_steps")).toBeVisible({
    timeout: BOOT_TIMEOUT_MS,
  });
  await expect(page.getByTestId("flow-link-nested_failure")).toBeVisible();
  await expect(page.getByTestId(`flow-link-${name}`)).toHaveCount(0);
  const plays = await page.evaluate(() => window.heroLogic.plays.list());
  expect(plays).toEqual([]);
});

test("a flow cannot reach IndexedDB, the Cache API, nested workers or locks", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_isolation");
  const source = `import js
from hero_logic import flow

@flow
def main():
    names = ["indexedDB", "caches", "Worker", "SharedWorker", "BroadcastChannel"]
    reachable = [n for n in names if getattr(js, n, None) is not None]
    if getattr(js.navigator, "locks", None) is not None:
        reachable.append("navigator.locks")
    return {"reachable": reachable}
`;
  const play = await page.evaluate(
    async ([n, s]) => {
      await window.heroLogic.workflows.save({ name: n, source: s });
      const started = await window.heroLogic.plays.start(n);
      return window.heroLogic.plays.wait(started.sid, { timeoutMs: 60_000 });
    },
    [name, source] as const,
  );
  expect(play.status).toBe("completed");
  expect(play.output_data).toEqual({ reachable: [] });
});
