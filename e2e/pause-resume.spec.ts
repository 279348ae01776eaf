/**
 * Pause and resume in Chromium: the pause form at the top of the play page, resume with
 * replayed spans, a reload while paused, prefill without a form, and field errors that leave
 * the play paused.
 */
import type { Page } from "@playwright/test";
import {
  expect,
  gotoRoute,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  spanElements,
  test,
  uniqueName,
  waitForReady,
} from "./fixtures";

function status(page: Page) {
  return page.getByTestId("play-status");
}

test("pause → form → resume: the play completes and finished steps show as replayed", async ({
  appPage: page,
}) => {
  await gotoRoute(page, "#/flows/pause_resume_demo");
  await page.getByTestId("run-flow").click();
  await page.getByTestId("run-submit").click();
  await expect(status(page)).toHaveText("paused", { timeout: PLAY_TIMEOUT_MS });

  const form = page.getByTestId("pause-form");
  await expect(form).toBeVisible();
  await expect(form).toContainText("Approve the outline?");
  await expect(form.locator('[name="ok"]')).toBeChecked();
  await expect(form.locator('[name="tone"]')).toHaveValue("plain");
  await expect(spanElements(page, "approve")).toHaveAttribute("data-status", "paused");

  await form.locator('[name="tone"]').selectOption("formal");
  await form.locator('[name="note"]').fill("ship it");
  await form.getByTestId("pause-submit").click();

  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  await expect(page.getByTestId("pause-form")).toHaveCount(0);
  await expect(page.getByTestId("play-output")).toContainText("written in a formal tone");
  await expect(page.getByTestId("play-output")).toContainText("ship it");

  const outline = spanElements(page, "make_outline");
  await expect(outline).toHaveAttribute("data-replayed", "true");
  await expect(outline).toContainText("↻ replayed");
  await expect(spanElements(page, "approve")).toHaveAttribute("data-status", "ok");
  await expect(spanElements(page, "write_section")).toHaveCount(3);
  await expect(page.locator('[data-span-sid][data-replayed="true"]')).toHaveCount(1);

  // The detail names the run that produced the value, and leads to it.
  await outline.click();
  await page.getByTestId("replayed-origin").click();
  await expect(page.getByTestId("run-1")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("run-1")).toContainText("paused at approve");
  await expect(spanElements(page, "make_outline")).not.toHaveAttribute("data-replayed", "true");
  await expect(page.getByTestId("span-detail")).toContainText("outlining durable flows");
});

test("a paused play survives a reload and is resumed from its form", async ({ appPage: page }) => {
  const sid = await openNewPlay(page, "pause_resume_demo");
  await expect(status(page)).toHaveText("paused", { timeout: PLAY_TIMEOUT_MS });

  await page.reload();
  await waitForReady(page);
  await expect(page).toHaveURL((url) => url.hash === `#/plays/${sid}`);
  await expect(status(page)).toHaveText("paused");
  const form = page.getByTestId("pause-form");
  await form.locator('[name="note"]').fill("after a reload");
  await form.locator('[name="note"]').press("Control+Enter");
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  await expect(page.getByTestId("play-output")).toContainText("after a reload");
});

test("prefilled answers complete the play without a form", async ({ appPage: page }) => {
  await openNewPlay(page, "pause_resume_demo", {
    start: { prefill: { approve: { ok: true, tone: "playful" } } },
  });
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  await expect(page.getByTestId("pause-form")).toHaveCount(0);
  await expect(page.getByTestId("play-output")).toContainText("playful");
  await expect(spanElements(page, "approve")).toHaveAttribute("data-status", "ok");
});

test("wrong answers are shown under their fields and the play stays paused", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_pause");
  const source = `from hero_logic import flow

@flow
def main():
    answer = flow.pause("numbers", prompt="Give me numbers", fields=[
        {"name": "count", "field_type": "int", "description": "a whole number"},
        {"name": "extra", "field_type": "json", "required": False},
    ])
    return {"count": answer["count"], "extra": answer.get("extra")}
`;
  await page.evaluate(([n, s]) => window.heroLogic.workflows.save({ name: n, source: s }), [
    name,
    source,
  ] as const);
  const sid = await openNewPlay(page, name);
  await expect(status(page)).toHaveText("paused", { timeout: PLAY_TIMEOUT_MS });
  const form = page.getByTestId("pause-form");

  await form.locator('[name="extra"]').fill("{not json");
  await expect(form).toContainText("invalid JSON");
  await form.getByTestId("pause-submit").click();
  await expect(form).toContainText("required");
  await expect(status(page)).toHaveText("paused");

  // The engine rejects what the form cannot catch (here, from the API) and changes nothing.
  const error = await page.evaluate(async (playSid) => {
    try {
      await window.heroLogic.plays.resume(playSid, { count: 1.5 });
      return null;
    } catch (e) {
      const failure = e as Error & { code: string };
      return { code: failure.code, message: failure.message };
    }
  }, sid);
  expect(error).toEqual({
    code: "invalid_input",
    message: "invalid answer to 'numbers': count: expected a whole number",
  });
  await expect(status(page)).toHaveText("paused");

  await form.locator('[name="count"]').fill("7");
  await form.locator('[name="extra"]').fill('{"a": [1, 2]}');
  await form.getByTestId("pause-submit").click();
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  expect(JSON.parse((await page.getByTestId("play-output").textContent()) ?? "")).toEqual({
    count: 7,
    extra: { a: [1, 2] },
  });
});
