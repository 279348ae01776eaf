/**
 * Unsaved editor edits survive a reload (a crash, a closed tab): the flow opens with them and
 * a notice that offers to discard them; saving or discarding leaves no draft; a draft stays
 * with its flow through a rename and never shows on another flow; a draft based on a version
 * that another tab replaced says so.
 */
import type { Page } from "@playwright/test";
import {
  editorText,
  expect,
  gotoRoute,
  saveFlow,
  setEditorText,
  test,
  uniqueName,
  waitForReady,
} from "./fixtures";

const SAVED = [
  "from hero_logic import flow",
  "",
  "",
  "@flow",
  "def main(n: int = 2):",
  '    return {"double": n * 2}',
  "",
].join("\n");

const EDITED = `${SAVED.replace("n * 2", "n * 3")}# unsaved edit\n`;

/** The sources of every draft the page keeps in localStorage. */
function storedDrafts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith("hero_logic.draft."))
      .map((key) => String(JSON.parse(localStorage.getItem(key) ?? "{}").source)),
  );
}

/**
 * Start counting the drafts `page` hears another tab store (localStorage `storage` events); the
 * count so far, on each call.
 */
async function storageEventsIn(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const heard = window as unknown as { draftEvents: number };
    heard.draftEvents = 0;
    window.addEventListener("storage", (event) => {
      if (event.key?.startsWith("hero_logic.draft.")) heard.draftEvents += 1;
    });
  });
  return () => page.evaluate(() => (window as unknown as { draftEvents: number }).draftEvents);
}

async function versionCount(page: Page, flow: string): Promise<number> {
  return page.evaluate(
    async (name) => (await window.heroLogic.workflows.versions(name)).length,
    flow,
  );
}

/** Reload the tab the way a crash-and-reopen or the update prompt's Reload does. */
async function reload(page: Page): Promise<void> {
  // The leave guard's "Leave site?" question, when the browser asks it, is answered yes.
  const accept = (dialog: { type(): string; accept(): Promise<void> }) => {
    if (dialog.type() === "beforeunload") void dialog.accept();
  };
  page.on("dialog", accept);
  await page.reload();
  page.off("dialog", accept);
}

async function openFlow(page: Page, name: string, text: string): Promise<void> {
  await gotoRoute(page, `#/flows/${name}`);
  await expect.poll(() => editorText(page.getByTestId("flow-source"))).toBe(text);
}

test.afterEach(async ({ appPage: page }) => {
  // Later tests share this page: leave it booted, and out of any editor with unsaved edits
  // (the leave question answered yes).
  await waitForReady(page);
  const leave = (dialog: { type(): string; accept(): Promise<void> }) => {
    if (dialog.type() === "confirm") void dialog.accept();
  };
  page.on("dialog", leave);
  await gotoRoute(page, "#/flows");
  // The question comes after the hash changed: wait until the editor is really gone.
  await expect(page.getByTestId("flow-source")).toHaveCount(0);
  page.off("dialog", leave);
});

test("typed edits come back after a reload, with a notice; Save makes v2 and drops the draft", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_draft");
  await saveFlow(page, name, SAVED);
  await openFlow(page, name, SAVED);
  const editor = page.getByTestId("flow-source");
  await expect(page.getByTestId("draft-restored")).toHaveCount(0);

  await setEditorText(editor, EDITED);
  // Reloaded at once: the draft is written as the page goes away, not only after a pause.
  await reload(page);
  await expect.poll(() => editorText(editor)).toBe(EDITED);
  const notice = page.getByTestId("draft-restored");
  await expect(notice).toContainText("Unsaved edits from just now restored");
  await expect(notice).not.toContainText("older version");
  await expect(page.getByTestId("save-flow")).toHaveText("Save");

  await page.getByTestId("save-flow").click();
  await expect(page.getByTestId("save-flow")).toHaveText("Saved");
  await expect(notice).toHaveCount(0);
  expect(await versionCount(page, name)).toBe(2);
  expect(await storedDrafts(page)).not.toContain(EDITED);

  await reload(page);
  await expect.poll(() => editorText(editor)).toBe(EDITED);
  await expect(page.getByTestId("draft-restored")).toHaveCount(0);
  await expect(page.getByTestId("save-flow")).toHaveText("Saved");
});

test("Discard puts the saved text back and forgets the draft", async ({ appPage: page }) => {
  const name = uniqueName("e2e_draft_discard");
  await saveFlow(page, name, SAVED);
  await openFlow(page, name, SAVED);
  const editor = page.getByTestId("flow-source");
  await setEditorText(editor, EDITED);
  // The draft is written a moment after the typing stops.
  await expect.poll(() => storedDrafts(page)).toContain(EDITED);

  await reload(page);
  await expect.poll(() => editorText(editor)).toBe(EDITED);
  await page.getByTestId("discard-draft").click();
  await expect.poll(() => editorText(editor)).toBe(SAVED);
  await expect(page.getByTestId("draft-restored")).toHaveCount(0);
  await expect(page.getByTestId("save-flow")).toHaveText("Saved");
  expect(await storedDrafts(page)).not.toContain(EDITED);

  await reload(page);
  await expect.poll(() => editorText(editor)).toBe(SAVED);
  await expect(page.getByTestId("draft-restored")).toHaveCount(0);
  expect(await versionCount(page, name)).toBe(1);
});

test("a draft follows its flow through a rename and never shows on another flow", async ({
  appPage: page,
}) => {
  const first = uniqueName("e2e_draft_a");
  const renamed = uniqueName("e2e_draft_renamed");
  const other = uniqueName("e2e_draft_b");
  const OTHER = SAVED.replace("n * 2", "n * 4");
  await saveFlow(page, first, SAVED);
  await saveFlow(page, other, OTHER);
  await openFlow(page, first, SAVED);
  const editor = page.getByTestId("flow-source");
  await setEditorText(editor, EDITED);
  await expect.poll(() => storedDrafts(page)).toContain(EDITED);

  await page.getByTestId("rename-flow").click();
  await page.getByTestId("rename-form").getByRole("textbox").fill(renamed);
  await page.getByTestId("rename-submit").click();
  await expect(page).toHaveURL((url) => url.hash === `#/flows/${renamed}`);
  await reload(page);
  await expect.poll(() => editorText(editor)).toBe(EDITED);
  await expect(page.getByTestId("draft-restored")).toBeVisible();

  // The old name now belongs to a new flow: opened in another tab, it shows its own text.
  await saveFlow(page, first, OTHER);
  const tab = await page.context().newPage();
  try {
    await tab.goto(`/#/flows/${first}`);
    const tabEditor = tab.getByTestId("flow-source");
    await expect.poll(() => editorText(tabEditor)).toBe(OTHER);
    await expect(tab.getByTestId("draft-restored")).toHaveCount(0);
    await expect(tab.getByTestId("save-flow")).toHaveText("Saved");

    await gotoRoute(tab, `#/flows/${other}`);
    await expect.poll(() => editorText(tabEditor)).toBe(OTHER);
    await expect(tab.getByTestId("draft-restored")).toHaveCount(0);
    // Moving between flows with nothing typed writes no draft for either: even one pending
    // would be written now, as the page is hidden.
    await tab.evaluate(() => window.dispatchEvent(new Event("pagehide")));
    expect(await storedDrafts(tab)).not.toContain(OTHER);
  } finally {
    await tab.close();
  }
  // The renamed flow keeps its edits until they are discarded.
  await expect.poll(() => editorText(editor)).toBe(EDITED);
  expect(await storedDrafts(page)).toContain(EDITED);
  await page.getByTestId("discard-draft").click();
  expect(await storedDrafts(page)).not.toContain(EDITED);
});

test("a draft whose flow was saved in another tab says it is based on an older version", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_draft_stale");
  const ELSEWHERE = SAVED.replace("n * 2", "n + n");
  await saveFlow(page, name, SAVED);
  await openFlow(page, name, SAVED);
  const editor = page.getByTestId("flow-source");
  await setEditorText(editor, EDITED);
  await expect.poll(() => storedDrafts(page)).toContain(EDITED);

  // Another tab saves a version meanwhile (through the same database).
  await saveFlow(page, name, ELSEWHERE);
  await reload(page);
  await expect.poll(() => editorText(editor)).toBe(EDITED);
  await expect(page.getByTestId("draft-restored")).toContainText(
    "based on an older version: saving makes a new version from your text",
  );
  await page.getByTestId("save-flow").click();
  await expect(page.getByTestId("save-flow")).toHaveText("Saved");
  expect(await versionCount(page, name)).toBe(3);
  const newest = await page.evaluate(async (flow) => {
    const versions = await window.heroLogic.workflows.versions(flow);
    return versions[versions.length - 1]?.source;
  }, name);
  expect(newest).toBe(EDITED);
});

test("a draft written in one tab leaves the other tab's open editor alone until it reopens", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_draft_tabs");
  await saveFlow(page, name, SAVED);
  const other = await page.context().newPage();
  try {
    await other.goto(`/#/flows/${name}`);
    const otherEditor = other.getByTestId("flow-source");
    await expect.poll(() => editorText(otherEditor)).toBe(SAVED);
    const heard = await storageEventsIn(other);

    await openFlow(page, name, SAVED);
    await setEditorText(page.getByTestId("flow-source"), EDITED);
    await expect.poll(() => storedDrafts(page)).toContain(EDITED);
    // The other tab has heard of the draft (the only way a tab learns of another's storage),
    // and its editor stays as it was.
    await expect.poll(heard).toBeGreaterThan(0);
    expect(await editorText(otherEditor)).toBe(SAVED);
    await expect(other.getByTestId("draft-restored")).toHaveCount(0);
    await expect(other.getByTestId("save-flow")).toHaveText("Saved");
    // The other tab, open on the flow with no edits of its own, did not drop this draft.
    expect(await storedDrafts(page)).toContain(EDITED);

    await reload(other);
    await expect.poll(() => editorText(otherEditor)).toBe(EDITED);
    await expect(other.getByTestId("draft-restored")).toBeVisible();
  } finally {
    await other.close();
  }
});

test("leaving with yes, or deleting the flow, leaves no draft behind", async ({
  appPage: page,
}) => {
  const left = uniqueName("e2e_draft_left");
  await saveFlow(page, left, SAVED);
  await openFlow(page, left, SAVED);
  const editor = page.getByTestId("flow-source");
  await setEditorText(editor, EDITED);
  await expect.poll(() => storedDrafts(page)).toContain(EDITED);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("link", { name: "Library" }).click();
  await expect(page).toHaveURL((url) => url.hash === "#/flows");
  expect(await storedDrafts(page)).not.toContain(EDITED);
  await openFlow(page, left, SAVED);
  await expect(page.getByTestId("draft-restored")).toHaveCount(0);

  const deleted = uniqueName("e2e_draft_deleted");
  const DELETED = `${EDITED}# of a deleted flow\n`;
  await saveFlow(page, deleted, SAVED);
  await openFlow(page, deleted, SAVED);
  await setEditorText(editor, DELETED);
  await expect.poll(() => storedDrafts(page)).toContain(DELETED);
  await page.getByTestId("delete-flow").click();
  await page.getByTestId("delete-dialog").getByTestId("confirm").click();
  await expect(page).toHaveURL((url) => url.hash === "#/flows");
  expect(await storedDrafts(page)).not.toContain(DELETED);
});
