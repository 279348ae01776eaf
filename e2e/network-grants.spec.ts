/**
 * Consent to reach the network: a flow that declares origins (`@flow(network=[...])`) is
 * refused until the person allows them; Run shows the origins and the description first
 * ("Allow and run" / Cancel, by keyboard too); the flow page shows what it declares; Settings
 * lists every grant and revokes it; a copy from a share link never brings one.
 */
import type { Page } from "@playwright/test";
import { encodeSharedFlow } from "../src/engine/portable/share";
import {
  expect,
  gotoRoute,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  playSpans,
  saveFlow,
  settledPlay,
  test,
  uniqueName,
} from "./fixtures";

const SOURCE = `"""Looks things up at the example API."""

from hero_logic import flow


@flow(network=["https://api.example.com", "http://localhost:8787"])
def main():
    return "looked up"
`;

const ORIGINS = ["https://api.example.com", "http://localhost:8787"];

const grants = (page: Page, name: string) =>
  page.evaluate((n) => window.heroLogic.network.grants(n), name);

/** The code and message `plays.start` is refused with (null when it starts). */
const startRefusal = (page: Page, name: string) =>
  page.evaluate(async (n) => {
    try {
      await window.heroLogic.plays.start(n);
      return null;
    } catch (error) {
      const { code, message } = error as { code: string; message: string };
      return { code, message };
    }
  }, name);

async function expectCompletedPlay(page: Page) {
  await expect(page).toHaveURL(/#\/plays\/[^/]+$/);
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
}

test("Run asks before a flow reaches the network; Settings revokes; the library's Run asks again", async ({
  appPage: page,
}) => {
  const name = uniqueName("caller");
  await saveFlow(page, name, SOURCE);
  const refused = await startRefusal(page, name);
  expect(refused?.code).toBe("needs_grant");
  expect(refused?.message).toContain(ORIGINS.join(", "));

  await gotoRoute(page, `#/flows/${name}`);
  const declared = page.getByTestId("declared-origins");
  await expect(declared).toContainText("https://api.example.com");
  await expect(declared).toContainText("http://localhost:8787");
  await expect(declared).toContainText("asks before running");

  // Escape cancels: nothing granted, no run form.
  await page.getByTestId("run-flow").click();
  const dialog = page.getByTestId("grant-dialog");
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId("grant-origins")).toHaveText(ORIGINS.join(""));
  await expect(page.getByTestId("grant-description")).toHaveText(
    "Looks things up at the example API.",
  );
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("run-submit")).toBeHidden();
  expect(await grants(page, name)).toEqual([]);

  // Enter allows ("Allow and run" has the focus), then the run goes on.
  await page.getByTestId("run-flow").click();
  await expect(page.getByTestId("grant-allow")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  expect(await grants(page, name)).toEqual(ORIGINS);
  await page.getByTestId("run-submit").click();
  await expectCompletedPlay(page);

  // Settings lists the grant; Revoke takes it back, and a start is refused again.
  await gotoRoute(page, "#/settings");
  const row = page.getByTestId(`grant-${name}`);
  await expect(row).toContainText(ORIGINS.join(", "));
  await page.getByTestId(`revoke-${name}`).click();
  await expect(row).toBeHidden();
  expect(await grants(page, name)).toEqual([]);
  expect((await startRefusal(page, name))?.code).toBe("needs_grant");

  // The library card's Run asks too; Cancel there starts nothing.
  await gotoRoute(page, "#/flows");
  await page.getByTestId(`run-card-${name}`).click();
  await expect(dialog).toBeVisible();
  await page.getByTestId("grant-cancel").click();
  await expect(dialog).toBeHidden();
  // Every card has its run dialog: this flow's is named after it.
  const runDialog = page.getByRole("dialog", { name: `Run ${name}` });
  await expect(runDialog).toBeHidden();
  await page.getByTestId(`run-card-${name}`).click();
  await page.getByTestId("grant-allow").click();
  await expect(runDialog).toBeVisible();
  await runDialog.getByTestId("run-submit").click();
  await expectCompletedPlay(page);
  expect(await grants(page, name)).toEqual(ORIGINS);

  // A play's Run again asks as well once the grant is gone.
  const first = page.url();
  await page.evaluate((n) => window.heroLogic.network.revoke(n), name);
  await page.getByTestId("rerun").click();
  await expect(dialog).toBeVisible();
  await page.getByTestId("grant-allow").click();
  await expect(page).not.toHaveURL(first);
  await expectCompletedPlay(page);
});

test("a flow from a share link comes without a grant, and replacing a granted flow's version drops its grant", async ({
  appPage: page,
  freshContext,
}) => {
  const name = uniqueName("shared_caller");
  await saveFlow(page, name, SOURCE);
  await page.evaluate((n) => window.heroLogic.network.allow(n), name);
  const url = await page.evaluate((n) => window.heroLogic.shareUrl(n), name);

  // Another browser adds it: no grant, refused, and Run asks.
  const { page: other } = await freshContext({ route: new URL(url).hash });
  await other.getByTestId("import-flow").click();
  await other.getByTestId("open-imported").click();
  expect(await grants(other, name)).toEqual([]);
  expect((await startRefusal(other, name))?.code).toBe("needs_grant");
  await other.getByTestId("run-flow").click();
  await expect(other.getByTestId("grant-dialog")).toBeVisible();
  await expect(other.getByTestId("grant-origins")).toHaveText(ORIGINS.join(""));

  // Here, someone else's code added as a new version of the granted flow does not inherit it.
  const theirs = SOURCE.replace('"looked up"', '"theirs"');
  await gotoRoute(page, `#/share/${encodeSharedFlow({ name, description: "", source: theirs })}`);
  await page.getByTestId("import-flow").click();
  await page.getByTestId("import-as-version").click();
  await expect(page.getByTestId("import-done")).toContainText(`a new version of “${name}”`);
  expect(await grants(page, name)).toEqual([]);
  expect((await startRefusal(page, name))?.code).toBe("needs_grant");
});

const PAUSING = `"""Asks, then fails: for resume, retry and fork."""

from hero_logic import Failed, flow


@flow(network=["https://api.example.com"])
def main(n: int = 1):
    flow.pause("go", prompt="Go on?")
    raise Failed("stops here")
`;

/** Revoke `name`'s grant, do what `act` does on the page; the consent dialog asks, allow it. */
async function revokeThenAllow(page: Page, name: string, act: () => Promise<void>) {
  await page.evaluate((n) => window.heroLogic.network.revoke(n), name);
  await act();
  const dialog = page.getByTestId("grant-dialog");
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId("grant-origins")).toHaveText("https://api.example.com");
  await page.getByTestId("grant-allow").click();
  await expect(dialog).toBeHidden();
  expect(await grants(page, name)).toEqual(["https://api.example.com"]);
}

test("resume, retry, fork and a run with new inputs after a revoke ask for consent, then run", async ({
  appPage: page,
}) => {
  const name = uniqueName("asks_again");
  await saveFlow(page, name, PAUSING);
  await page.evaluate((n) => window.heroLogic.network.allow(n), name);
  const sid = await openNewPlay(page, name, { settle: true });
  const status = page.getByTestId("play-status");
  await expect(status).toHaveText("paused");

  // Resume: the pause form's submit asks, then the play goes on (and fails as it should).
  await revokeThenAllow(page, name, () => page.getByTestId("pause-submit").click());
  await expect(status).toHaveText("failed", { timeout: PLAY_TIMEOUT_MS });
  expect((await settledPlay(page, sid)).run_count).toBe(2);

  // Cancel leaves the play as it was and says why.
  await page.evaluate((n) => window.heroLogic.network.revoke(n), name);
  await page.getByTestId("retry").click();
  await page.getByTestId("grant-cancel").click();
  await expect(page.getByTestId("run-again-error")).toContainText("not allowed");
  expect((await settledPlay(page, sid)).run_count).toBe(2);

  // Retry: asks, then runs once more.
  await revokeThenAllow(page, name, () => page.getByTestId("retry").click());
  await expect.poll(async () => (await settledPlay(page, sid)).run_count).toBe(3);
  await expect(status).toHaveText("failed", { timeout: PLAY_TIMEOUT_MS });

  // Edit inputs and run: asks, then a new play starts.
  await revokeThenAllow(page, name, async () => {
    await page.getByTestId("edit-inputs").click();
    await page.getByTestId("run-submit").click();
  });
  await expect(page).not.toHaveURL(new RegExp(sid));
  await expect(status).toHaveText("paused", { timeout: PLAY_TIMEOUT_MS });

  // Fork: the fork dialog's submit asks, then the fork starts.
  const [root] = await playSpans(page, sid);
  await gotoRoute(page, `#/plays/${sid}/fork/${root!.sid}`);
  await revokeThenAllow(page, name, () => page.getByTestId("fork-submit").click());
  await expect(page).toHaveURL(/#\/plays\/[^/]+$/);
  await expect(page).not.toHaveURL(new RegExp(sid));
  await expect(status).toHaveText("paused", { timeout: PLAY_TIMEOUT_MS });
});
