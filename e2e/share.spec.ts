/**
 * Sharing a flow by link: the Share button makes a link that carries the flow; the link opens
 * in another browser as read-only source that runs nothing, and adds the flow to the library
 * only on a click (with a choice when the name is taken); a damaged link changes nothing.
 */
import type { Page } from "@playwright/test";
import { encodeSharedFlow } from "../src/engine/portable/share";
import { quietFor } from "../src/test-support/quiet";
import {
  expect,
  gotoRoute,
  PLAY_TIMEOUT_MS,
  playSidOf,
  saveFlow,
  test,
  uniqueName,
} from "./fixtures";

const SOURCE = `"""Greets in many scripts ✨."""

from hero_logic import flow


@flow
def greet(name: str) -> str:
    return f"¡Hola, {name}! 你好 👋"


@flow
def main(name: str = "Zoë"):
    return {"greeting": greet(name)}
`;

const plays = (page: Page) => page.evaluate(() => window.heroLogic.plays.list());
const flowSource = (page: Page, name: string) =>
  page.evaluate(async (n) => {
    const workflow = await window.heroLogic.workflows.get(n);
    const versions = workflow ? await window.heroLogic.workflows.versions(n) : [];
    return versions.find((v) => v.sid === workflow?.current_version_sid)?.source ?? null;
  }, name);

test("a shared link opens read-only in another browser, runs nothing, and imports on a click", async ({
  appPage: page,
  freshContext,
}) => {
  const name = uniqueName("shared");
  await saveFlow(page, name, SOURCE);
  await gotoRoute(page, `#/flows/${name}`);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByTestId("share-flow").click();
  const field = page.getByTestId("share-url");
  await expect(field).toBeVisible();
  const url = await field.inputValue();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/share\/[A-Za-z0-9_-]+$/);
  expect(url).toBe(await page.evaluate((n) => window.heroLogic.shareUrl(n), name));
  await expect(page.getByTestId("share-copied")).toHaveText("Link copied to the clipboard.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await page.keyboard.press("Escape");
  await expect(field).toBeHidden();

  // Another browser: clean storage, the link typed into the address bar.
  const { page: other } = await freshContext({ route: new URL(url).hash });
  await expect(other.getByRole("heading", { level: 1 })).toContainText(name);
  await expect(other.getByTestId("shared-source")).toContainText(
    'return f"¡Hola, {name}! 你好 👋"',
  );
  await expect(other.getByTestId("share-note")).toContainText("nothing runs");
  // Python is up (freshContext waited for it) and nothing ran or was stored.
  await quietFor(1_000, "a shared page that ran or stored the flow on opening would have by now");
  expect(await plays(other)).toEqual([]);
  expect(await flowSource(other, name)).toBeNull();

  await other.getByTestId("import-flow").click();
  await expect(other.getByTestId("import-done")).toContainText(
    `Added to your library as “${name}”`,
  );
  expect(await flowSource(other, name)).toBe(SOURCE);
  expect(await plays(other)).toEqual([]);

  // Now it is the person's own flow, and runs when they start it.
  await other.getByTestId("open-imported").click();
  await expect(other).toHaveURL((u) => u.hash === `#/flows/${name}`);
  await other.getByTestId("run-flow").click();
  await other.getByTestId("run-submit").click();
  await expect(other).toHaveURL(/#\/plays\/[^/]+$/);
  await expect(other.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  const output = JSON.parse((await other.getByTestId("play-output").textContent()) ?? "");
  expect(output).toEqual({ greeting: "¡Hola, Zoë! 你好 👋" });
  expect((await plays(other)).map((p) => p.sid)).toEqual([playSidOf(other)]);
});

test("a shared flow whose name is taken is added as a new version or under a new name", async ({
  appPage: page,
}) => {
  const name = uniqueName("clash");
  const mine = SOURCE.replace("Zoë", "Ada");
  await saveFlow(page, name, mine);
  const route = `#/share/${encodeSharedFlow({ name, description: "Theirs", source: SOURCE })}`;
  const before = (await plays(page)).length;

  await gotoRoute(page, route);
  await page.getByTestId("import-flow").click();
  const clash = page.getByTestId("name-clash");
  await expect(clash).toContainText(`A flow named “${name}” is already in your library`);
  const newName = page.getByTestId("import-new-name");
  await expect(newName).toHaveValue(`${name}_2`);
  // A new name is checked before anything is saved.
  await newName.fill("2nd flow");
  await page.getByTestId("import-as-new").click();
  await expect(page.getByTestId("import-name-error")).toContainText("Use letters, digits and _");
  await newName.fill(name);
  await page.getByTestId("import-as-new").click();
  await expect(page.getByTestId("import-name-error")).toContainText(`“${name}” exists too`);
  await newName.fill(`${name}_theirs`);
  await page.getByTestId("import-as-new").click();
  await expect(page.getByTestId("import-done")).toContainText(`as “${name}_theirs”`);
  expect(await flowSource(page, `${name}_theirs`)).toBe(SOURCE);
  expect(await flowSource(page, name)).toBe(mine);

  // The same link again, this time as a new version of the flow here.
  await gotoRoute(page, "#/flows");
  await gotoRoute(page, route);
  await page.getByTestId("import-flow").click();
  await page.getByTestId("import-as-version").click();
  await expect(page.getByTestId("import-done")).toContainText(`a new version of “${name}”`);
  expect(await flowSource(page, name)).toBe(SOURCE);
  const versions = await page.evaluate((n) => window.heroLogic.workflows.versions(n), name);
  expect(versions.map((v) => v.source)).toEqual([mine, SOURCE]);

  // Once more: the flow already has exactly this source.
  await gotoRoute(page, "#/flows");
  await gotoRoute(page, route);
  await page.getByTestId("import-flow").click();
  await expect(page.getByTestId("import-done")).toContainText("already has exactly this source");
  expect((await plays(page)).length).toBe(before);
});

test("a damaged or cut-off link says so and changes nothing", async ({ appPage: page }) => {
  const payload = encodeSharedFlow({ name: uniqueName("cut"), description: "", source: SOURCE });
  const before = await page.evaluate(() => window.heroLogic.workflows.list());
  const altered = `${payload.slice(0, 20)}${payload[20] === "A" ? "B" : "A"}${payload.slice(21)}`;
  for (const broken of [payload.slice(0, -12), altered, `${payload}!`]) {
    await gotoRoute(page, "#/flows");
    await gotoRoute(page, `#/share/${broken}`);
    await expect(page.getByTestId("share-error")).toContainText("This share link is damaged");
    await expect(page.getByTestId("import-flow")).toHaveCount(0);
  }
  expect(await page.evaluate(() => window.heroLogic.workflows.list())).toEqual(before);
});

test("a flow too large for a link is offered as a file", async ({ appPage: page }) => {
  const name = uniqueName("big");
  // Text that does not compress: its link would pass 8 KB.
  let noise = "";
  for (let i = 0; noise.length < 12_000; i++) noise += ((i * 2654435761) >>> 0).toString(36);
  await saveFlow(page, name, `${SOURCE}\n# ${noise}\n`);
  await gotoRoute(page, `#/flows/${name}`);
  await page.getByTestId("share-flow").click();
  await expect(page.getByTestId("share-error")).toContainText("too large to share by link");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("share-export").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^hero_logic-${name}-.*\\.json$`));
  await page.keyboard.press("Escape");
});
