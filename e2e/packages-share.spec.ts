/**
 * Sharing flows that need packages (issue 18, item 5): an export may carry the wheels its flows
 * need (opt-in, size shown), so a browser without them runs the flow after importing it; a
 * share link to a flow needing a wheel this browser lacks says which before anything runs.
 */
import type { Page } from "@playwright/test";
import { makeWheel, type WheelSpec } from "../src/test-support/wheels";
import { expect, gotoRoute, saveFlow, settledPlay, test, uniqueName } from "./fixtures";

/** Screenshots of the notices, when SHOTS_DIR names a folder for them. */
const SHOTS = process.env.SHOTS_DIR;

async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  const size = page.viewportSize();
  for (const [width, label] of [
    [1280, "1280"],
    [390, "390"],
  ] as const) {
    await page.setViewportSize({ width, height: 844 });
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: `${SHOTS}/${name}-${label}-${colorScheme}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  if (size) await page.setViewportSize(size);
}

async function addWheel(page: Page, spec: WheelSpec): Promise<void> {
  const { bytes, filename } = makeWheel(spec);
  await page.evaluate(
    async ([data, name]) => {
      await window.heroLogic.packages.add(new Uint8Array(data), name);
    },
    [[...bytes], filename] as const,
  );
}

/** Two packages, the top one requiring the base one; a flow that declares the top one. */
function needing(prefix: string) {
  const base = `${prefix}_base`;
  const top = `${prefix}_top`;
  return {
    base,
    top,
    wheels: [
      { name: base, version: "1.5", init: 'BASE = "base 1.5"\n' },
      {
        name: top,
        version: "2.0",
        requires: [`${base}>=1`],
        init: `from ${base} import BASE\nVALUE = "top 2.0 on " + BASE\n`,
      },
    ],
    source: `# /// script
# dependencies = ["${top}"]
# ///
import os
from hero_logic import flow

@flow
def main():
    """Needs ${top}, which needs ${base}."""
    print("ran", os.urandom(8).hex())
    import ${top}
    return ${top}.VALUE
`,
  };
}

const normalized = (name: string) => name.replace(/_/g, "-");

test("a flow exported with its wheels from one browser runs in a fresh one", async ({
  freshContext,
}, testInfo) => {
  const { page } = await freshContext();
  const { base, top, wheels, source } = needing("pkx");
  for (const wheel of wheels) await addWheel(page, wheel);
  const flow = uniqueName("carries_wheels");
  await saveFlow(page, flow, source);

  await gotoRoute(page, "#/flows");
  await page.getByTestId("export-open").click();
  const panel = page.getByTestId("export-panel");
  for (const box of await panel.getByRole("checkbox").all()) {
    const id = await box.getAttribute("data-testid");
    if (id?.startsWith("export-choose-") && id !== `export-choose-${flow}`) await box.uncheck();
  }
  // Each export says what it would carry: chosen flows that need no wheel offer none, while
  // the whole library (which has this flow) still offers its two.
  const libraryOption = page.getByTestId("export-library-wheels");
  await page.getByTestId(`export-choose-${flow}`).uncheck();
  await page.getByTestId("export-choose-hello_steps").check();
  await expect(page.getByTestId("export-wheels")).toHaveCount(0);
  await expect(libraryOption).toHaveAccessibleName(
    /Include the wheels it needs \(2 files, \d+ KB\)/,
  );
  await expect(libraryOption).not.toBeChecked();
  await page.getByTestId("export-choose-hello_steps").uncheck();
  await page.getByTestId(`export-choose-${flow}`).check();
  const option = page.getByTestId("export-wheels");
  await expect(option).not.toBeChecked();
  await expect(panel).toContainText(/Include the wheels it needs \(2 files, \d+ KB\)/);
  await option.check();
  await shoot(page, "export-wheels-option");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-flows").click(),
  ]);
  const path = testInfo.outputPath("with-wheels.json");
  await download.saveAs(path);

  const { page: other } = await freshContext();
  expect(await other.evaluate(() => window.heroLogic.packages.list())).toEqual([]);
  const [chooser] = await Promise.all([
    other.waitForEvent("filechooser"),
    other.getByTestId("import-bundle").click(),
  ]);
  await chooser.setFiles(path);
  await expect(other.getByTestId("import-report")).toContainText(
    `Imported 1 flow (${flow}), 2 wheels (${normalized(top)}, ${normalized(base)}).`,
  );
  const sid = await other.evaluate(
    async (name) => (await window.heroLogic.plays.start(name)).sid,
    flow,
  );
  const play = await settledPlay(other, sid);
  expect(play.error).toBeNull();
  expect(play.output_data).toBe("top 2.0 on base 1.5");
});

test("a share link to a flow needing a wheel this browser lacks lists it before Run", async ({
  appPage: page,
  freshContext,
}) => {
  const { base, wheels, source } = needing(uniqueName("pks"));
  for (const wheel of wheels) await addWheel(page, wheel);
  const flow = uniqueName("shared_needs");
  await saveFlow(page, flow, source);
  const url = await page.evaluate((name) => window.heroLogic.shareUrl(name), flow);
  expect(
    await page.evaluate((u) => window.heroLogic.readShareUrl(u).missing_packages, url),
  ).toEqual([]);

  const { page: other } = await freshContext();
  // Only the top one: what it requires is missing too, and named.
  await addWheel(other, wheels[1]!);
  await other.goto(url);
  const notice = other.getByTestId("missing-packages");
  await expect(notice).toBeVisible();
  await expect(notice.getByTestId("missing-package")).toHaveText([normalized(base)]);
  await expect(notice).toContainText("Packages");
  expect(
    await other.evaluate((u) => window.heroLogic.readShareUrl(u).missing_packages, url),
  ).toEqual([normalized(base)]);
  await shoot(other, "missing-packages-shared");
  await notice.getByRole("link", { name: "Packages" }).click();
  await expect(other).toHaveURL(/#\/packages$/);
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Packages");
  await other.goBack();
  await expect(other.getByTestId("missing-packages")).toBeVisible();

  // Added to the library, the run form says the same before the play starts.
  await other.getByTestId("import-flow").click();
  await other.getByTestId("open-imported").click();
  await other.getByTestId("run-flow").click();
  const form = other.getByTestId("missing-packages");
  await expect(form).toContainText("A play started now fails before any of its code runs");
  await expect(form.getByTestId("missing-package")).toHaveText([normalized(base)]);
  await shoot(other, "missing-packages-run");
  // The notice's link opens the Packages page of this (hash-routed) app.
  await form.getByRole("link", { name: "Packages" }).click();
  await expect(other).toHaveURL(/#\/packages$/);
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Packages");

  // The library card's run form says the same.
  await gotoRoute(other, "#/flows");
  await other.getByTestId(`run-card-${flow}`).click();
  const card = other.getByTestId("run-dialog");
  await expect(card.getByTestId("missing-packages")).toContainText(
    "A play started now fails before any of its code runs",
  );
  await expect(card.getByTestId("missing-package")).toHaveText([normalized(base)]);
  await shoot(other, "missing-packages-card");
  // Run stays possible: the play fails before any code, naming the package.
  await card.getByTestId("run-submit").click();
  await expect(other.getByTestId("play-status")).toHaveText("failed");
  await expect(other.getByText(`'${normalized(base)}'`).first()).toBeVisible();
});
