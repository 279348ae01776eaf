/**
 * The plays list keeps up with plays as they move: a listed play keeps its row (and what was
 * chosen in it) while it runs and ends, and a new play gets a row of its own above it.
 */
import type { Page } from "@playwright/test";
import { expect, gotoRoute, PLAY_TIMEOUT_MS, test, uniqueName } from "./fixtures";

const SOURCE = `
from hero_logic import flow


@flow
def main():
    answer = flow.pause("go", fields=[{"name": "ok", "field_type": "bool"}])
    return answer["ok"]
`;

/** Start a play of `name` and wait until it is `status`; returns its sid. */
function playUntil(page: Page, name: string, status: string): Promise<string> {
  return page.evaluate(
    async ([flow, until, ms]) => {
      const play = await window.heroLogic.plays.start(flow);
      await window.heroLogic.plays.wait(play.sid, { until: [until as never], timeoutMs: ms });
      return play.sid;
    },
    [name, status, PLAY_TIMEOUT_MS] as const,
  );
}

test("a listed play keeps its row while it moves on; a new play gets its own row", async ({
  appPage: page,
}) => {
  const name = uniqueName("plays_list");
  await page.evaluate(([flow, source]) => window.heroLogic.workflows.save({ name: flow, source }), [
    name,
    SOURCE,
  ] as const);
  const sid = await playUntil(page, name, "paused");
  await gotoRoute(page, "#/plays");
  const row = page.locator(`tr[data-play-sid="${sid}"]`);
  await expect(row.locator(".badge")).toHaveText(/paused/);
  await row.getByRole("checkbox").check();
  // The row as drawn now; a row drawn anew would not carry this.
  await row.evaluate((element) => element.setAttribute("data-seen", "before"));

  await page.evaluate(
    async ([play, ms]) => {
      await window.heroLogic.plays.resume(play, { ok: true });
      await window.heroLogic.plays.wait(play, { timeoutMs: ms });
    },
    [sid, PLAY_TIMEOUT_MS] as const,
  );
  await expect(row.locator(".badge")).toHaveText(/completed/);
  await expect(row).toHaveAttribute("data-seen", "before");
  await expect(row.getByRole("checkbox")).toBeChecked();

  const other = await playUntil(page, name, "paused");
  await expect(page.locator("tbody tr").first()).toHaveAttribute("data-play-sid", other);
  await expect(row).toHaveAttribute("data-seen", "before");
  await expect(row.getByRole("checkbox")).toBeChecked();
});
