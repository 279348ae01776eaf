/**
 * Run it again (issue 15, items 1 and 2): a play that failed at its last step is fixed in the
 * editor and retried from its page (the steps that finished replay with the tokens they
 * returned, the last one executes); Run again makes a new play with all-new tokens; Edit inputs
 * and run opens the run form filled with the play's inputs; the flow page's run form opens with
 * the inputs last sent, also after a reload; a play cancelled in the middle of a step is retried
 * and that step executes (a cancelled span never replays). Every step returns `os.urandom`
 * tokens, which no second execution can repeat.
 */
import type { Page } from "@playwright/test";
import {
  expect,
  gotoRoute,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  playSidOf,
  playSpans,
  saveFlow,
  setEditorText,
  settledPlay,
  spanElements,
  test,
  uniqueName,
  waitForReady,
} from "./fixtures";

/** Three steps returning fresh tokens; the third does what `last` says. */
const source = (last: string) => `import os
from hero_logic import flow


def token(name: str) -> str:
    return name + ":" + os.urandom(8).hex()


@flow
def main(topic: str = "ducks"):
    first = flow.step(token, topic, name="first")
    second = flow.step(token, topic, name="second")
    third = flow.step(${last}, topic, name="third")
    return {"first": first, "second": second, "third": third}
`;
const BROKEN = source("lambda topic: 1 / 0");
const FIXED = source("token");
const SPINNING = source("spin").replace(
  "\n\n@flow",
  "\n\n\ndef spin(topic: str) -> str:\n    while True:\n        pass\n\n\n@flow",
);

/** Each step's output and whether it replayed, in a run of the play (default: its latest). */
async function steps(page: Page, sid: string, runNo?: number) {
  const spans = await playSpans(page, sid, runNo);
  return Object.fromEntries(
    spans
      .filter((s) => s.kind === "step")
      .map((s) => [s.name, { output: s.output, replayed: s.replayed, status: s.status }]),
  );
}

const status = (page: Page) => page.getByTestId("play-status");

test("a play that failed at its last step is fixed in the editor and retried; Run again and Edit inputs start new plays", async ({
  appPage: page,
}) => {
  const name = uniqueName("retry");
  await saveFlow(page, name, BROKEN);

  // Run it from the flow page's form.
  await gotoRoute(page, `#/flows/${name}`);
  await page.getByTestId("run-flow").click();
  await page.getByTestId("run-form").locator('[name="topic"]').fill("geese");
  await page.getByTestId("run-submit").click();
  await expect(status(page)).toHaveText("failed", { timeout: PLAY_TIMEOUT_MS });
  const sid = playSidOf(page);
  const failed = await steps(page, sid);
  expect(failed.third?.status).toBe("failed");
  await expect(page.getByTestId("play-error")).toContainText("ZeroDivisionError");

  // Fix it in the editor and save a new version.
  await gotoRoute(page, `#/flows/${name}`);
  await setEditorText(page.getByTestId("flow-source"), FIXED);
  await page.getByTestId("save-flow").click();
  await expect(page.getByText("Saved a new version.")).toBeVisible();

  // Retry from the play's page.
  await gotoRoute(page, `#/plays/${sid}`);
  await page.getByTestId("retry").click();
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  await expect(page.getByTestId("play-error")).toHaveCount(0);
  await expect(page.getByTestId("retry")).toHaveCount(0);
  const retried = await steps(page, sid);
  expect(retried.first).toEqual({ ...failed.first, replayed: true });
  expect(retried.second).toEqual({ ...failed.second, replayed: true });
  expect(retried.third).toMatchObject({ replayed: false, status: "ok" });
  expect(retried.third?.output).toMatch(/^geese:[0-9a-f]{16}$/);
  await expect(spanElements(page, "first")).toHaveAttribute("data-replayed", "true");
  await expect(spanElements(page, "third")).not.toHaveAttribute("data-replayed", "true");
  // Both runs stay: the failed one and the retry.
  await expect(page.getByTestId("run-1")).toContainText("failed");
  await expect(page.getByTestId("run-2")).toContainText("completed");
  const play = await settledPlay(page, sid);
  expect(play).toMatchObject({ run_count: 2, error: null });
  expect(play.output_data).toEqual({
    first: failed.first?.output,
    second: failed.second?.output,
    third: retried.third?.output,
  });

  // Run again: a new play with the same inputs, nothing replayed, every token new.
  await page.getByTestId("rerun").click();
  await expect(page).not.toHaveURL(new RegExp(`#/plays/${sid}$`));
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  const again = playSidOf(page);
  expect(again).not.toBe(sid);
  const fresh = await steps(page, again);
  for (const step of ["first", "second", "third"] as const) {
    expect(fresh[step]?.replayed).toBe(false);
    expect(fresh[step]?.output).toMatch(/^geese:[0-9a-f]{16}$/);
    expect(fresh[step]?.output).not.toBe(retried[step]?.output);
  }
  expect((await settledPlay(page, again)).input_data).toEqual({ topic: "geese" });

  // Edit inputs and run: the form holds this play's inputs.
  await page.getByTestId("edit-inputs").click();
  const form = page.getByTestId("run-form");
  await expect(form.locator('[name="topic"]')).toHaveValue("geese");
  await form.locator('[name="topic"]').fill("swans");
  await form.getByTestId("run-submit").click();
  await expect(page).not.toHaveURL(new RegExp(`#/plays/${again}$`));
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  expect((await settledPlay(page, playSidOf(page))).input_data).toEqual({ topic: "swans" });

  // The flow page's form opens with the inputs last sent, after a reload too.
  await page.reload();
  await waitForReady(page);
  await gotoRoute(page, `#/flows/${name}`);
  await page.getByTestId("run-flow").click();
  await expect(page.getByTestId("run-form").locator('[name="topic"]')).toHaveValue("swans");
});

test("a play cancelled in the middle of a step is retried: the steps that finished replay, the cancelled one executes", async ({
  appPage: page,
}) => {
  const name = uniqueName("retry_cancel");
  await saveFlow(page, name, SPINNING);
  const sid = await openNewPlay(page, name);
  await expect(spanElements(page, "third")).toHaveAttribute("data-status", "running", {
    timeout: PLAY_TIMEOUT_MS,
  });
  await page.getByTestId("cancel-play").click();
  await page.getByTestId("confirm-cancel").getByTestId("confirm").click();
  await expect(status(page)).toHaveText("cancelled", { timeout: PLAY_TIMEOUT_MS });
  await expect(spanElements(page, "third")).toHaveAttribute("data-status", "cancelled");
  const cancelled = await steps(page, sid);

  await saveFlow(page, name, FIXED);
  await page.getByTestId("retry").click();
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  const retried = await steps(page, sid);
  expect(retried.first).toEqual({ ...cancelled.first, replayed: true });
  expect(retried.second).toEqual({ ...cancelled.second, replayed: true });
  expect(retried.third).toMatchObject({ replayed: false, status: "ok" });
  await expect(page.getByTestId("run-1")).toContainText("cancelled");

  // A completed play is not retried: the API says why.
  const refused = await page.evaluate(async (playSid) => {
    try {
      await window.heroLogic.plays.retry(playSid);
      return null;
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  }, sid);
  expect(refused).toBe("not_retryable");
});
