/**
 * Forking a play from a span (issue 15, item 3): the span detail's "Fork from here…" opens the
 * fork dialog at its own address, the fork replays the steps that finished before the span and
 * runs the span and what follows again (each step returns a token from os.urandom, which no
 * execution can repeat), the two plays link to each other, and their comparison shows which
 * steps changed.
 */
import type { Play } from "../src/db/records";
import {
  currentHash,
  expect,
  gotoRoute,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  playSidOf,
  saveFlow,
  settledPlay,
  spanElements,
  test,
  uniqueName,
} from "./fixtures";

const SOURCE = `import os
from hero_logic import flow


def token(tag: str) -> str:
    return tag + ":" + os.urandom(8).hex()


@flow
def main(topic: str = "ducks"):
    one = flow.step(token, "one", name="one")
    two = flow.step(token, "two " + topic, name="two")
    three = flow.step(token, "three", name="three")
    return {"one": one, "two": two, "three": three}
`;

type Tokens = { one: string; two: string; three: string };

test("fork from the middle of a three-step play: the first step replays, the rest run again", async ({
  appPage: page,
}) => {
  const name = uniqueName("fork_tokens");
  await saveFlow(page, name, SOURCE);
  const originalSid = await openNewPlay(page, name, { inputs: { topic: "geese" }, settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });

  await spanElements(page, "two").first().click();
  await page.getByTestId("fork-here").click();
  const dialog = page.getByTestId("fork-dialog");
  await expect(dialog).toBeVisible();
  expect(currentHash(page)).toMatch(new RegExp(`^#/plays/${originalSid}/fork/[a-z2-7]{8}$`));
  await expect(dialog.getByTestId("fork-keeps")).toHaveText("1 finished step replay.");
  // The inputs are this play's, editable.
  await expect(dialog.getByLabel("topic")).toHaveValue("geese");
  await dialog.getByTestId("fork-submit").click();

  await expect.poll(() => playSidOf(page)).not.toBe(originalSid);
  const forkSid = playSidOf(page);
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  const [original, fork] = await Promise.all([
    settledPlay(page, originalSid),
    settledPlay(page, forkSid),
  ]);
  const before = original.output_data as Tokens;
  const after = fork.output_data as Tokens;
  expect(after.one).toBe(before.one);
  expect(after.two).not.toBe(before.two);
  expect(after.two).toMatch(/^two geese:/);
  expect(after.three).not.toBe(before.three);

  // Lineage: the fork names its original and offers the comparison ...
  const from = page.getByTestId("forked-from-link");
  await expect(from).toHaveText(originalSid);
  await expect(page.getByTestId("forked-from")).toContainText("at two (run 1)");
  await expect(page.getByTestId("compare-original")).toHaveAttribute(
    "href",
    `#/diff/${originalSid}/${forkSid}`,
  );
  // ... its replayed step says where its value came from ...
  await spanElements(page, "one").first().click();
  await expect(page.getByTestId("span-detail")).toContainText("↻ replayed");
  await expect(page.getByTestId("replayed-origin-play")).toBeVisible();
  // ... and the original lists its forks.
  await from.click();
  await expect.poll(() => playSidOf(page)).toBe(originalSid);
  const forks = page.getByTestId("forks");
  await expect(forks.locator(`[data-play-sid="${forkSid}"]`)).toBeVisible();
  await forks.getByRole("link", { name: forkSid }).click();
  await expect.poll(() => playSidOf(page)).toBe(forkSid);

  // The comparison of the two: the replayed step is the same, the steps that ran again changed,
  // their tokens side by side.
  await page.getByTestId("compare-original").click();
  await expect.poll(() => currentHash(page)).toBe(`#/diff/${originalSid}/${forkSid}`);
  const row = (step: string) =>
    page
      .getByTestId("diff-span")
      .filter({ has: page.locator(".diff-span-name", { hasText: step }) });
  await expect(row("one")).toHaveAttribute("data-change", "same");
  await expect(row("two")).toHaveAttribute("data-change", "changed");
  await expect(row("three")).toHaveAttribute("data-change", "changed");
  await expect(row("two")).toContainText(before.two);
  await expect(row("two")).toContainText(after.two);
});

test("the fork address opens the dialog; closing it leaves the span selected", async ({
  appPage: page,
}) => {
  const name = uniqueName("fork_route");
  await saveFlow(page, name, SOURCE);
  const sid = await openNewPlay(page, name, { settle: true });
  const spans = await page.evaluate((s) => window.heroLogic.plays.spans(s), sid);
  const three = spans.find((s) => s.name === "three")!;

  await gotoRoute(page, `#/plays/${sid}/fork/${three.sid}`);
  const dialog = page.getByTestId("fork-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("fork-keeps")).toHaveText("2 finished steps replay.");
  await expect(page.getByTestId("span-detail")).toContainText("three");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  expect(currentHash(page)).toBe(`#/plays/${sid}/spans/${three.sid}`);

  // A span that is not this play's: the dialog says so.
  await gotoRoute(page, `#/plays/${sid}/fork/zzzzzzzz`);
  await expect(page.getByTestId("fork-dialog")).toContainText("No span “zzzzzzzz”");

  // The same from a script, with the API's own refusal.
  const refused = await page.evaluate(async (s) => {
    try {
      await window.heroLogic.plays.fork(s, { fromSpan: "zzzzzzzz" });
      return null;
    } catch (error) {
      return { code: (error as { code?: string }).code, message: (error as Error).message };
    }
  }, sid);
  expect(refused).toEqual({
    code: "invalid_input",
    message: `fromSpan 'zzzzzzzz' is not a span of play '${sid}'`,
  });
  const fork: Play = await page.evaluate(
    async ([s, span]) => {
      const forked = await window.heroLogic.plays.fork(s, { fromSpan: span });
      return window.heroLogic.plays.wait(forked.sid, { timeoutMs: 60_000 });
    },
    [sid, three.sid] as const,
  );
  expect(fork).toMatchObject({ status: "completed", forked_from: { play_sid: sid } });
});
