/**
 * Compare two plays: chosen in the plays list with the keyboard, the diff page shows their
 * status, inputs and output, then their spans aligned by place: a step that returns a constant
 * is the same (also when one play replayed it), one that returns a token from os.urandom is
 * changed, with both values side by side.
 */
import type { Page } from "@playwright/test";
import { expect, gotoRoute, PLAY_TIMEOUT_MS, saveFlow, test, uniqueName } from "./fixtures";

const SOURCE = `import os
from hero_logic import flow

@flow
def main(topic: str = "ducks"):
    fixed = flow.step(lambda: "always " + topic, name="constant")
    token = flow.step(lambda: os.urandom(8).hex(), name="token")
    answer = flow.pause("go", prompt="Go on?", fields=[{"name": "ok", "field_type": "bool"}])
    tail = flow.step(lambda: os.urandom(8).hex(), name="tail")
    return {"fixed": fixed, "token": token, "tail": tail, "ok": answer["ok"]}
`;

/** A play answered up front (one run), then one parked and resumed (its run 2 replays). */
async function twoPlays(page: Page, name: string): Promise<[string, string]> {
  return page.evaluate(
    async ([flow, ms]) => {
      const api = window.heroLogic;
      const a = await api.plays.start(flow, {}, { prefill: { go: { ok: true } } });
      await api.plays.wait(a.sid, { timeoutMs: ms });
      const b = await api.plays.start(flow);
      await api.plays.wait(b.sid, { timeoutMs: ms });
      await api.plays.resume(b.sid, { ok: true });
      await api.plays.wait(b.sid, { timeoutMs: ms });
      return [a.sid, b.sid] as [string, string];
    },
    [name, PLAY_TIMEOUT_MS] as const,
  );
}

const row = (page: Page, path: string) =>
  page.locator(`[data-testid="diff-span"][data-path="${path}"]`);

test("two plays chosen in the plays list open their diff: same and changed spans, side by side", async ({
  appPage: page,
}) => {
  const name = uniqueName("diff");
  await saveFlow(page, name, SOURCE);
  const [a, b] = await twoPlays(page, name);

  // Through another page, so the list opens with nothing chosen by an earlier test.
  await gotoRoute(page, "#/flows");
  await gotoRoute(page, "#/plays");
  const compare = page.getByTestId("compare-plays");
  await expect(compare).toBeDisabled();
  // Chosen with the keyboard: the checkboxes and the button are reachable and work with keys.
  for (const sid of [b, a]) {
    await page.getByTestId(`choose-play-${sid}`).focus();
    await page.keyboard.press("Space");
  }
  await expect(compare).toBeEnabled();
  await compare.focus();
  await page.keyboard.press("Enter");
  // The older play is A.
  await expect(page).toHaveURL((url) => url.hash === `#/diff/${a}/${b}`);

  await expect(page.getByTestId("diff-play-a")).toContainText(a);
  await expect(page.getByTestId("diff-play-b")).toContainText(b);
  await expect(page.getByTestId("diff-status")).toHaveAttribute("data-change", "same");
  await expect(page.getByTestId("diff-inputs")).toHaveAttribute("data-change", "same");
  await expect(page.getByTestId("diff-output")).toHaveAttribute("data-change", "changed");

  await expect(row(page, "main#0/constant#0")).toHaveAttribute("data-change", "same");
  await expect(row(page, "main#0/go#0")).toHaveAttribute("data-change", "same");
  const token = row(page, "main#0/token#0");
  await expect(token).toHaveAttribute("data-change", "changed");
  await expect(token.getByTestId("change-mark")).toHaveText(/changed/);
  await expect(row(page, "main#0/tail#0")).toHaveAttribute("data-change", "changed");

  // The changed step shows both values; B's run replayed it, and says so.
  const spans = await page.evaluate(
    ([x, y]) => Promise.all([window.heroLogic.plays.spans(x), window.heroLogic.plays.spans(y)]),
    [a, b] as const,
  );
  const tokenOf = (list: { name: string; output: unknown }[]) =>
    String(list.find((s) => s.name === "token")?.output);
  await expect(token.getByTestId("diff-side-a")).toContainText(tokenOf(spans[0]));
  await expect(token.getByTestId("diff-side-b")).toContainText(tokenOf(spans[1]));
  await expect(token.getByTestId("diff-side-b")).toContainText("↻ replayed");
  await expect(page.getByTestId("diff-counts")).toHaveText(
    "5 places: 2 same · 3 changed · 0 only in A · 0 only in B",
  );

  // Only the differences, and a link into the play at the span.
  await page.getByTestId("diff-only-differences").check();
  await expect(row(page, "main#0/constant#0")).toHaveCount(0);
  await token.getByTestId("diff-side-a").getByRole("link", { name: "open span" }).click();
  await expect(page).toHaveURL((url) => url.hash.startsWith(`#/plays/${a}/spans/`));
});

test("a play's page offers to compare it with another; the diff page names an unknown play", async ({
  appPage: page,
}) => {
  const name = uniqueName("diff_from_play");
  await saveFlow(page, name, SOURCE);
  const [a, b] = await twoPlays(page, name);
  await gotoRoute(page, `#/plays/${b}`);
  await page.getByTestId("compare-with").click();
  await expect(page.getByTestId(`choose-play-${b}`)).toBeChecked();
  await expect(page.getByTestId("compare-hint")).toContainText(b);
  await page.getByTestId(`choose-play-${a}`).check();
  await page.getByTestId("compare-plays").click();
  await expect(page).toHaveURL((url) => url.hash === `#/diff/${a}/${b}`);
  await expect(page.getByTestId("diff-counts")).toContainText("5 places");

  await gotoRoute(page, `#/diff/${a}/nosuchplay`);
  await expect(page.getByRole("alert")).toContainText("no play 'nosuchplay'");
  // A play compared with itself: everything the same.
  await gotoRoute(page, `#/diff/${a}/${a}`);
  await expect(page.getByTestId("diff-counts")).toHaveText(
    "5 places: 5 same · 0 changed · 0 only in A · 0 only in B",
  );
});
