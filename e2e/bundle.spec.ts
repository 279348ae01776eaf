/**
 * Export and import of bundles: a finished play exported from one browser opens read-only,
 * with all its spans, in another; importing again adds nothing; a damaged file is refused in
 * place and changes nothing; flows chosen in the library travel the same way.
 */
import { readFile, writeFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import {
  expect,
  gotoRoute,
  openNewPlay,
  saveFlow,
  spanSids,
  spanSummary,
  test,
  uniqueName,
} from "./fixtures";

const SOURCE = `
from hero_logic import flow


@flow
def draft(topic: str) -> str:
    print("drafting", topic)
    return f"draft about {topic}"


@flow
def main(topic: str = "ducks"):
    text = draft(topic)
    with flow.span("review"):
        answer = flow.pause("approve", prompt="Approve?", fields=[{"name": "ok", "field_type": "bool"}])
    return {"text": text, "ok": answer["ok"]}
`;
const NAMES = ["main", "draft", "review", "approve"];

/** Click `testid`, which downloads a file; returns where Playwright saved it. */
async function download(page: Page, testid: string, path: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId(testid).click(),
  ]);
  await file.saveAs(path);
  return path;
}

/** Import a file through the Import… button and its file chooser. */
async function importFile(page: Page, path: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser"),
    page.getByTestId("import-bundle").click(),
  ]);
  await chooser.setFiles(path);
}

const counts = (page: Page) =>
  page.evaluate(async () => ({
    plays: (await window.heroLogic.plays.list()).length,
    workflows: (await window.heroLogic.workflows.list()).length,
  }));

test("a finished play exported from one browser opens read-only with its spans in another", async ({
  appPage: page,
  freshContext,
}, testInfo) => {
  const name = uniqueName("exported");
  await saveFlow(page, name, SOURCE);
  const sid = await openNewPlay(page, name, { settle: true });
  await page.evaluate(async (s) => {
    await window.heroLogic.plays.resume(s, { ok: true });
    await window.heroLogic.plays.wait(s, { timeoutMs: 60_000 });
  }, sid);
  await expect(page.getByTestId("play-status")).toHaveText("completed");
  await page.getByTestId("expand-all").click();
  const summary = await spanSummary(page, NAMES);
  const sids = await spanSids(page);
  expect(summary).toContain("draft step ok replayed");
  const file = await download(page, "export-play", testInfo.outputPath("play.json"));

  const { page: other } = await freshContext({ route: "#/plays" });
  const before = await counts(other);
  await importFile(other, file);
  await expect(other.getByTestId("import-report")).toContainText(
    `Imported 1 flow (${name}), 1 read-only play.`,
  );
  const row = other.locator(`[data-play-sid="${sid}"]`);
  await expect(row).toContainText("imported");
  await row.getByRole("link", { name: sid }).click();

  await expect(other.getByTestId("play-status")).toHaveText("completed");
  await expect(other.getByTestId("imported-banner")).toContainText("Imported record, read-only");
  await expect(other.getByTestId("cancel-play")).toHaveCount(0);
  await other.getByTestId("expand-all").click();
  expect(await spanSids(other)).toEqual(sids);
  expect(await spanSummary(other, NAMES)).toEqual(summary);
  // The first run too: it ended at the pause.
  await other.getByTestId("run-1").click();
  await other.getByTestId("expand-all").click();
  expect(await spanSummary(other, NAMES)).toContain("approve step paused");
  const refused = await other.evaluate(
    (s) => window.heroLogic.plays.resume(s, { ok: true }).catch((e) => `${e.code}: ${e.message}`),
    sid,
  );
  expect(refused).toMatch(/^read_only: .*read-only record/);
  expect(await other.evaluate((s) => window.heroLogic.plays.get(s), sid)).toMatchObject({
    status: "completed",
    run_count: 2,
  });

  // The same file again adds nothing.
  await gotoRoute(other, "#/plays");
  await importFile(other, file);
  await expect(other.getByTestId("import-report")).toContainText("Nothing new to add.");
  expect(await counts(other)).toEqual({ plays: before.plays + 1, workflows: before.workflows + 1 });

  // A damaged file is refused where it was chosen, and changes nothing.
  const broken = testInfo.outputPath("broken.json");
  const text = await readFile(file, "utf8");
  await writeFile(broken, text.slice(0, Math.floor(text.length * 0.7)));
  await importFile(other, broken);
  await expect(other.getByTestId("import-error")).toContainText(
    "broken.json was not imported. This is not a hero_logic bundle that can be imported: the file is not valid JSON",
  );
  await writeFile(broken, JSON.stringify({ format: "hero_logic.bundle", version: 7 }));
  await importFile(other, broken);
  await expect(other.getByTestId("import-error")).toContainText("bundle version 7");
  expect(await counts(other)).toEqual({ plays: before.plays + 1, workflows: before.workflows + 1 });
});

test("chosen plays are exported from the plays page, chosen flows from the library", async ({
  appPage: page,
  freshContext,
}, testInfo) => {
  const kept = uniqueName("chosen");
  const left = uniqueName("left_out");
  await saveFlow(page, kept, SOURCE);
  await saveFlow(page, left, SOURCE);

  await gotoRoute(page, "#/flows");
  await page.getByTestId("export-open").click();
  const panel = page.getByTestId("export-panel");
  // Choose only `kept`: untick everything else.
  for (const box of await panel.getByRole("checkbox").all()) {
    if ((await box.getAttribute("data-testid")) !== `export-choose-${kept}`) await box.uncheck();
  }
  await expect(page.getByTestId("export-flows")).toHaveText("Export chosen flows (1)");
  const flows = await download(page, "export-flows", testInfo.outputPath("flows.json"));

  const sid = await openNewPlay(page, kept, { settle: true });
  await gotoRoute(page, "#/plays");
  await page.getByTestId(`choose-play-${sid}`).check();
  await expect(page.getByTestId("export-plays")).toHaveText("Export chosen (1)");
  const plays = await download(page, "export-plays", testInfo.outputPath("plays.json"));

  const { page: other } = await freshContext({ route: "#/flows" });
  await importFile(other, flows);
  await expect(other.getByTestId("import-report")).toContainText(`Imported 1 flow (${kept}).`);
  await expect(other.getByTestId(`flow-link-${kept}`)).toBeVisible();
  await expect(other.getByTestId(`flow-link-${left}`)).toHaveCount(0);

  await gotoRoute(other, "#/plays");
  await importFile(other, plays);
  await expect(other.getByTestId("import-report")).toContainText("1 read-only play");
  await expect(other.getByTestId("import-report")).toContainText(
    "Already here, left as they were: 1 flow.",
  );
  await other.locator(`[data-play-sid="${sid}"]`).getByRole("link", { name: sid }).click();
  // Exported while paused: shown as it was, with no form to answer and no Cancel.
  await expect(other.getByTestId("play-status")).toHaveText("paused");
  await expect(other.getByTestId("imported-banner")).toContainText("(paused at “approve”)");
  await expect(other.getByTestId("pause-form")).toHaveCount(0);
  await expect(other.getByTestId("cancel-play")).toHaveCount(0);
  await page.evaluate((s) => window.heroLogic.plays.cancel(s), sid);
});
