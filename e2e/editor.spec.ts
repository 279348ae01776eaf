/**
 * The library and the flow editor: live syntax errors at their line, save and versions, an
 * older version read-only, its diff with the current one and a run of it, rename, delete with
 * a confirmation, Restore examples, and the editor waiting politely while Python starts.
 */
import type { Locator, Page } from "@playwright/test";
import {
  editorText,
  expect,
  gotoRoute,
  PLAY_TIMEOUT_MS,
  playSidOf,
  saveFlow,
  setEditorText,
  test,
  uniqueName,
  waitForReady,
} from "./fixtures";

const GREET_V1 = [
  "from hero_logic import flow",
  "",
  "",
  "@flow",
  'def main(who: str = "Ada"):',
  '    return {"message": f"Hello, {who}!"}',
  "",
].join("\n");

const GREET_V2 = [
  "from hero_logic import flow",
  "",
  "",
  "@flow",
  'def main(person: str = "Grace", times: int = 2):',
  '    return {"message": " ".join([f"Hi, {person}!"] * times)}',
  "",
].join("\n");

async function versionSids(page: Page, flow: string): Promise<string[]> {
  return page.evaluate(
    async (name) => (await window.heroLogic.workflows.versions(name)).map((v) => v.sid),
    flow,
  );
}

/** The text of the editor line carrying the lint mark, and its line number in the gutter. */
async function markedLine(editor: Locator): Promise<{ text: string; number: string }> {
  const page = editor.page();
  const line = editor.locator(".cm-line", { has: page.locator(".cm-lintRange-error") });
  const marker = editor.locator(".cm-gutterElement", {
    has: page.locator(".cm-lint-marker-error"),
  });
  await expect(line).toHaveCount(1);
  await expect(marker).toHaveCount(1);
  // The line-number gutter element on the same row as the marker.
  const box = (await marker.boundingBox())!;
  const numbers = editor.locator(".cm-lineNumbers .cm-gutterElement");
  let number = "";
  for (const candidate of await numbers.all()) {
    const other = await candidate.boundingBox();
    if (other && Math.abs(other.y - box.y) < 2) number = (await candidate.textContent()) ?? "";
  }
  return { text: (await line.textContent()) ?? "", number };
}

test("edit: a syntax error is marked at its line as you type, the fix saves a new version", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_edit");
  await saveFlow(page, name, GREET_V1);
  await gotoRoute(page, `#/flows/${name}`);
  const editor = page.getByTestId("flow-source");
  await expect.poll(() => editorText(editor)).toBe(GREET_V1);
  await expect(page.getByTestId("version-1")).toContainText("(current)");

  // Type a new line at the end of main's body: Enter keeps the four-space indentation.
  await editor.getByText('return {"message"').click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("extra = (1,");
  await expect.poll(() => editorText(editor)).toContain('!"}\n    extra = (1,\n');

  // Python's parser (in the worker) marks it, without a click on Save.
  const flowError = page.getByTestId("flow-error");
  await expect(flowError).toHaveText("line 7: '(' was never closed");
  expect(await markedLine(editor)).toEqual({ text: "    extra = (1,", number: "7" });

  // Saving the broken source is refused and stores nothing.
  await page.getByTestId("save-flow").click();
  await expect(flowError).toContainText("line 7");
  expect(await versionSids(page, name)).toHaveLength(1);

  // Undo takes the typing back, redo brings it again.
  await editor.getByText("extra = (1,").click();
  await page.keyboard.press("End");
  await page.keyboard.type(" 2)");
  await expect.poll(() => editorText(editor)).toContain("extra = (1, 2)\n");
  await page.keyboard.press("ControlOrMeta+z");
  await expect.poll(() => editorText(editor)).not.toContain("(1, 2)");
  await page.keyboard.press("ControlOrMeta+Shift+Z");
  await expect.poll(() => editorText(editor)).toContain("extra = (1, 2)\n");

  // The fix clears the mark; Ctrl+S saves a new version.
  await expect(flowError).toHaveCount(0);
  await expect(editor.locator(".cm-lintRange-error")).toHaveCount(0);
  await page.keyboard.press("ControlOrMeta+s");
  await expect(page.locator(".editor-status")).toHaveText("Saved a new version.");
  await expect(page.getByTestId("version-2")).toContainText("(current)");
  await expect(page.getByTestId("version-1")).not.toContainText("(current)");
  const versions = await page.evaluate(
    async (flow) => (await window.heroLogic.workflows.versions(flow)).map((v) => v.source),
    name,
  );
  expect(versions).toEqual([GREET_V1, await editorText(editor)]);
  await expect(page.getByTestId("save-flow")).toHaveText("Saved");

  // Tab indents the line by four spaces (here one level too deep), Shift+Tab takes it back.
  await editor.getByText("extra = (1, 2)").click();
  await page.keyboard.press("Tab");
  await expect.poll(() => editorText(editor)).toContain("\n        extra = (1, 2)\n");
  await expect(flowError).toContainText("line 7: unexpected indent");
  await page.keyboard.press("Shift+Tab");
  await expect.poll(() => editorText(editor)).toBe(versions[1]);
  await expect(flowError).toHaveCount(0);
  await expect(page.getByTestId("save-flow")).toHaveText("Saved");
});

test("leaving a flow with unsaved edits asks first; older versions can be looked at meanwhile", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_leave");
  await saveFlow(page, name, GREET_V1);
  await saveFlow(page, name, GREET_V2);
  await gotoRoute(page, `#/flows/${name}`);
  const editor = page.getByTestId("flow-source");
  await expect.poll(() => editorText(editor)).toBe(GREET_V2);
  await editor.getByText("from hero_logic import flow").click();
  await page.keyboard.press("End");
  await page.keyboard.type("  # draft");
  await expect(page.getByTestId("save-flow")).toHaveText("Save");

  // An older version and back: no question, the draft is still there.
  await page.getByTestId("version-1").click();
  await expect(page.getByTestId("version-source")).toBeVisible();
  await page.getByRole("link", { name: "Back to the current version" }).click();
  await expect.poll(() => editorText(editor)).toContain("flow  # draft");

  const questions: string[] = [];
  page.once("dialog", (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole("link", { name: "Library" }).click();
  await expect
    .poll(() => questions)
    .toEqual(["Leave this flow? Your unsaved changes will be lost."]);
  await expect(page).toHaveURL((url) => url.hash === `#/flows/${name}`);
  await expect.poll(() => editorText(editor)).toContain("flow  # draft");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("link", { name: "Library" }).click();
  await expect(page).toHaveURL((url) => url.hash === "#/flows");
  expect(await versionSids(page, name)).toHaveLength(2);
});

test("an old version opens read-only, diffs against the current one and runs as itself", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_versions");
  await saveFlow(page, name, GREET_V1);
  await saveFlow(page, name, GREET_V2);
  const [v1, v2] = await versionSids(page, name);
  await gotoRoute(page, `#/flows/${name}`);
  await expect.poll(() => editorText(page.getByTestId("flow-source"))).toBe(GREET_V2);

  await page.getByTestId("version-1").click();
  await expect(page).toHaveURL((url) => url.hash === `#/flows/${name}?version=${v1}`);
  const old = page.getByTestId("version-source");
  await expect.poll(() => editorText(old)).toBe(GREET_V1);
  await expect(page.getByTestId("version-panel")).toContainText("read-only");
  // Typing changes nothing.
  await old.locator(".cm-content").click();
  await page.keyboard.type("oops");
  expect(await editorText(old)).toBe(GREET_V1);
  // The side panel shows this version's inputs.
  await expect(page.locator(".flow-side")).toContainText("who");

  await page.getByTestId("show-diff").click();
  await expect(page).toHaveURL((url) => url.hash.endsWith("view=diff"));
  const diff = page.getByTestId("version-diff");
  await expect(diff).toContainText("v1 (this version)");
  await expect(diff).toContainText("v2 (current)");
  const before = diff.locator(".cm-merge-a .cm-changedLine");
  const after = diff.locator(".cm-merge-b .cm-changedLine");
  await expect(before).toHaveCount(2);
  await expect(after).toHaveCount(2);
  await expect(before.first()).toContainText('def main(who: str = "Ada"):');
  await expect(after.first()).toContainText('def main(person: str = "Grace", times: int = 2):');

  // Run version 1: its own inputs in the form; the play records that version.
  await page.getByTestId("run-version").click();
  const form = page.getByTestId("run-version-form");
  await expect(form.locator('[name="who"]')).toHaveValue("Ada");
  await expect(form.locator('[name="person"]')).toHaveCount(0);
  await form.locator('[name="who"]').fill("Lin");
  await form.getByTestId("run-version-submit").click();
  await expect(page).toHaveURL(/#\/plays\/[^/?#]+$/);
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  expect(JSON.parse((await page.getByTestId("play-output").textContent()) ?? "")).toEqual({
    message: "Hello, Lin!",
  });
  const play = await page.evaluate((sid) => window.heroLogic.plays.get(sid), playSidOf(page));
  expect(play.version_sid).toBe(v1);
  expect(play.version_sid).not.toBe(v2);
});

test("rename: a taken name is refused in place; a free one moves the flow and its plays", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_rename");
  const taken = uniqueName("e2e_taken");
  const renamed = uniqueName("e2e_renamed");
  await saveFlow(page, name, GREET_V1);
  await saveFlow(page, taken, GREET_V1);
  const playSid = await page.evaluate(async (flow) => {
    const play = await window.heroLogic.plays.start(flow);
    await window.heroLogic.plays.wait(play.sid, { timeoutMs: 60_000 });
    return play.sid;
  }, name);
  await gotoRoute(page, `#/flows/${name}`);

  await page.getByTestId("rename-flow").click();
  const input = page.getByTestId("rename-form").getByRole("textbox");
  await expect(input).toBeFocused();
  await input.fill(taken);
  await input.press("Enter");
  await expect(page.getByTestId("rename-form")).toContainText(
    `a flow named '${taken}' exists already: choose another name`,
  );
  await expect(page).toHaveURL((url) => url.hash === `#/flows/${name}`);

  await input.fill(renamed);
  await input.press("Enter");
  await expect(page).toHaveURL((url) => url.hash === `#/flows/${renamed}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(renamed);
  await expect(page.locator(".flow-side")).toContainText(playSid);
  expect(
    await page.evaluate(
      async ([oldName, newName]) => ({
        old: (await window.heroLogic.workflows.get(oldName)) ?? null,
        plays: (await window.heroLogic.plays.list({ workflow: newName })).map((p) => p.sid),
      }),
      [name, renamed] as const,
    ),
  ).toEqual({ old: null, plays: [playSid] });
});

test("delete asks first: Escape keeps the flow, confirming removes it from the library", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_delete");
  await saveFlow(page, name, GREET_V1);
  await gotoRoute(page, `#/flows/${name}`);

  await page.getByTestId("delete-flow").click();
  const dialog = page.getByTestId("delete-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Delete ${name}?`);
  // Cancel has the focus: Enter or Escape never deletes by accident.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await page.evaluate((n) => window.heroLogic.workflows.get(n), name)).toBeTruthy();

  await page.getByTestId("delete-flow").click();
  await dialog.getByTestId("confirm").click();
  await expect(page).toHaveURL((url) => url.hash === "#/flows");
  await expect(page.getByTestId("flow-link-hello_steps")).toBeVisible();
  await expect(page.getByTestId(`flow-link-${name}`)).toHaveCount(0);
  expect(await page.evaluate((n) => window.heroLogic.workflows.get(n), name)).toBeUndefined();
});

test("deleting a flow with a play waiting for an answer says so, and cancels that play", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_delete_paused");
  await saveFlow(
    page,
    name,
    'from hero_logic import flow\n\n\n@flow\ndef main():\n    return flow.pause("ok", fields=[{"name": "go", "field_type": "bool"}])\n',
  );
  const sid = await page.evaluate(async (n) => {
    const play = await window.heroLogic.plays.start(n);
    return (await window.heroLogic.plays.wait(play.sid, { timeoutMs: 60_000 })).sid;
  }, name);
  await gotoRoute(page, `#/flows/${name}`);
  await page.getByTestId("delete-flow").click();
  const dialog = page.getByTestId("delete-dialog");
  await expect(dialog).toContainText(
    "Its 1 play stays readable, with the versions they ran. 1 unfinished play is cancelled.",
  );
  await expect(dialog.getByTestId("delete-cancels")).toHaveText("1 unfinished play is cancelled.");
  await dialog.getByTestId("confirm").click();
  await expect(page).toHaveURL((url) => url.hash === "#/flows");

  // Before, the play stayed paused and an answer queued it for ever ("cannot go from pending
  // to failed"): it could never run again without its flow.
  await gotoRoute(page, `#/plays/${sid}`);
  await expect(page.getByTestId("play-status")).toHaveText("cancelled");
  await expect(page.getByTestId("pause-form")).toHaveCount(0);
});

test("restore examples brings back an edited and a deleted example, and nothing else", async ({
  freshContext,
}) => {
  const { page } = await freshContext();
  const mine = uniqueName("e2e_mine");
  await saveFlow(page, mine, GREET_V1);
  const shipped = await page.evaluate(
    async () => (await window.heroLogic.workflows.versions("nested_failure"))[0]!.source,
  );

  // Edit an example in the editor and save it; delete another one from its page.
  await gotoRoute(page, "#/flows/nested_failure");
  const editor = page.getByTestId("flow-source");
  await expect.poll(() => editorText(editor)).toBe(shipped);
  await setEditorText(editor, `${shipped}\n# my change\n`);
  await page.getByTestId("save-flow").click();
  await expect(page.getByTestId("version-2")).toContainText("(current)");
  await gotoRoute(page, "#/flows/fan_out");
  await page.getByTestId("delete-flow").click();
  await page.getByTestId("delete-dialog").getByTestId("confirm").click();
  await expect(page).toHaveURL((url) => url.hash === "#/flows");
  await expect(page.getByTestId("flow-link-fan_out")).toHaveCount(0);

  await page.getByTestId("restore-examples").click();
  await expect(page.getByTestId("restore-result")).toHaveText(
    "Added back fan_out; restored nested_failure as shipped (your edits stay as older versions).",
  );
  await expect(page.getByTestId("flow-link-fan_out")).toBeVisible();
  await expect(page.getByTestId(`flow-link-${mine}`)).toBeVisible();

  // The example is as shipped again, the edit is still in its history; my flow is untouched.
  await gotoRoute(page, "#/flows/nested_failure");
  await expect.poll(() => editorText(editor)).toBe(shipped);
  await expect(page.getByTestId("version-3")).toContainText("(current)");
  const sources = await page.evaluate(async (name) => {
    const versions = (n: string) => window.heroLogic.workflows.versions(n);
    return {
      example: (await versions("nested_failure")).map((v) => v.source),
      mine: (await versions(name)).length,
    };
  }, mine);
  expect(sources).toEqual({
    example: [shipped, `${shipped}\n# my change\n`, shipped],
    mine: 1,
  });

  await gotoRoute(page, "#/flows");
  await page.getByTestId("restore-examples").click();
  await expect(page.getByTestId("restore-result")).toHaveText("The examples are all as shipped.");
});

test("while Python starts, the editor says the syntax is checked later, then checks it", async ({
  freshContext,
}) => {
  const { context, page } = await freshContext();
  const name = uniqueName("e2e_boot");
  await saveFlow(page, name, GREET_V1);

  // Hold the Python workers' script back on the next load, until the test lets it through.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await context.route("**/assets/pyodide.worker-*.js", async (route) => {
    await held;
    await route.continue();
  });
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#/flows/${name}`);
  await page.reload();
  const editor = page.getByTestId("flow-source");
  await expect.poll(() => editorText(editor)).toBe(GREET_V1);
  await expect(page.getByTestId("syntax-waiting")).toHaveText(
    "Syntax is checked when Python is ready…",
  );
  await expect(page.getByTestId("python-status")).not.toHaveText("Python ready");

  await setEditorText(editor, GREET_V1.replace('f"Hello, {who}!"}', 'f"Hello, {who}!"'));
  // No error while Python cannot check.
  await expect(page.getByTestId("flow-error")).toHaveCount(0);

  release();
  await waitForReady(page);
  await expect(page.getByTestId("flow-error")).toContainText("line 6");
  await expect(page.getByTestId("syntax-waiting")).toHaveCount(0);
});
