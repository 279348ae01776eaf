/**
 * The Packages page (issue 18): wheels come in by the file chooser and by drag-and-drop, each
 * refusal is shown beside its file, rows say which flows need each wheel, and an added wheel
 * can be deleted. Screenshots of the page (empty and with wheels; 1280 and 390 wide; light and
 * dark) go to SHOTS_DIR when it is set.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "@playwright/test";
import { makeWheel } from "../src/test-support/wheels";
import { expect, gotoRoute, saveFlow, test, uniqueName } from "./fixtures";

const SHOTS_DIR = process.env.SHOTS_DIR;

/** Screenshots of the page at both widths in both colour schemes, named `<label>-<w>-<scheme>`. */
async function shoot(page: Page, label: string): Promise<void> {
  if (!SHOTS_DIR) return;
  mkdirSync(SHOTS_DIR, { recursive: true });
  for (const width of [1280, 390]) {
    for (const colorScheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({
        path: `${SHOTS_DIR}/packages-${label}-${width}-${colorScheme}.png`,
        fullPage: true,
      });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}

/** Drop files on the drop zone as a browser does: a DataTransfer carried by drag events. */
async function dropFiles(page: Page, files: { name: string; bytes: number[] }[]): Promise<void> {
  await page.getByTestId("packages-drop").evaluate((zone, given) => {
    const transfer = new DataTransfer();
    for (const file of given) transfer.items.add(new File([new Uint8Array(file.bytes)], file.name));
    for (const type of ["dragenter", "dragover", "drop"]) {
      zone.dispatchEvent(
        new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
      );
    }
  }, files);
}

const declaring = (module: string) => `# /// script
# dependencies = ["${module}"]
# ///
from hero_logic import flow

@flow
def main():
    import ${module}
    return ${module}.VALUE
`;

test("wheels are added by the file chooser and by a drop, refusals shown per file, and deleted", async ({
  freshContext,
}) => {
  const { page } = await freshContext();
  const chosen = uniqueName("chosen");
  const dropped = uniqueName("dropped");
  const flow = uniqueName("needs_chosen");
  await gotoRoute(page, "#/packages");
  await expect(page.getByTestId("packages-page")).toBeVisible();
  await expect(page.getByTestId("packages-empty")).toContainText("wheel");
  await shoot(page, "empty");

  await saveFlow(page, flow, declaring(chosen));
  // A flow declaring a package nobody added: the page names it before anyone runs it.
  await expect(page.getByTestId("package-missing")).toHaveAttribute(
    "data-package",
    chosen.replace(/_/g, "-"),
  );

  // The file chooser, reached by keyboard from its button: one good wheel and one bad file.
  const good = makeWheel({ name: chosen, version: "1.0" });
  await page.getByRole("button", { name: "Add wheels…" }).focus();
  await expect(page.getByRole("button", { name: "Add wheels…" })).toBeFocused();
  await page.getByTestId("packages-add-input").setInputFiles([
    { name: good.filename, mimeType: "application/zip", buffer: Buffer.from(good.bytes) },
    {
      name: "notes-1.0-py3-none-any.whl",
      mimeType: "application/zip",
      buffer: Buffer.from("not a zip"),
    },
  ]);
  const chosenRow = page.locator(
    `[data-testid="package-row"][data-package="${chosen.replace(/_/g, "-")}"]`,
  );
  await expect(chosenRow).toContainText("added in this browser");
  await expect(chosenRow).toContainText("py3-none-any");
  await expect(chosenRow).toContainText(`needed by ${flow}`);
  const refusal = page.locator(
    '[data-testid="package-error"][data-file="notes-1.0-py3-none-any.whl"]',
  );
  await expect(refusal).toContainText("not a zip archive");
  await expect(page.getByTestId("package-missing")).toHaveCount(0);

  // A drop of two files: a second wheel of the same package is refused, saying which is added.
  const other = makeWheel({ name: dropped, version: "2.5", requires: [`${chosen}>=1`] });
  const twin = makeWheel({ name: chosen, version: "2.0" });
  await dropFiles(page, [
    { name: other.filename, bytes: [...other.bytes] },
    { name: twin.filename, bytes: [...twin.bytes] },
  ]);
  const droppedRow = page.locator(
    `[data-testid="package-row"][data-package="${dropped.replace(/_/g, "-")}"]`,
  );
  await expect(droppedRow).toContainText("2.5");
  await expect(
    page.locator(`[data-testid="package-error"][data-file="${twin.filename}"]`),
  ).toContainText("delete it first");
  const listed = await page.evaluate(() => window.heroLogic.packages.list());
  expect(listed.map((p) => [p.name, p.version])).toEqual(
    [
      [chosen.replace(/_/g, "-"), "1.0"],
      [dropped.replace(/_/g, "-"), "2.5"],
    ].sort(),
  );
  await shoot(page, "wheels");

  // Delete asks first, then the row goes and the flow's need shows as missing again.
  await chosenRow.getByTestId("package-delete").click();
  const dialog = page.getByTestId("package-delete-dialog");
  await expect(dialog).toContainText(flow);
  await dialog.getByTestId("confirm").click();
  await expect(chosenRow).toHaveCount(0);
  await expect(page.getByTestId("package-missing")).toHaveAttribute(
    "data-package",
    chosen.replace(/_/g, "-"),
  );
  const left = await page.evaluate(() => window.heroLogic.packages.list());
  expect(left.map((p) => p.name)).toEqual([dropped.replace(/_/g, "-")]);
});
