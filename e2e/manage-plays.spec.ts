/**
 * Looking after plays: the plays list filtered by flow, status and text, several chosen plays
 * deleted at once, Delete and Cancel on a play's page (both ask first), the answers a play's
 * pauses got with their times, the count of waiting plays in the tab's title, and the library's
 * flow-name advice and card Run button.
 */
import type { Page } from "@playwright/test";
import { expect, gotoRoute, PLAY_TIMEOUT_MS, test, uniqueName } from "./fixtures";

const ASKER = `
from hero_logic import flow


@flow
def main(topic: str = "ducks"):
    answer = flow.pause("approve", prompt="Approve?", fields=[
        {"name": "ok", "field_type": "bool"},
        {"name": "note", "field_type": "str", "required": False},
    ])
    return {"topic": topic, "ok": answer["ok"]}
`;

const FAILER = `
from hero_logic import flow, Failed


@flow
def main():
    raise Failed("zebra stampede")
`;

const parentOf = (child: string) => `
from hero_logic import flow


@flow
def main():
    return flow.invoke("${child}", spawn=True, topic="kiwis")
`;

interface Family {
  asker: string;
  failer: string;
  parent: string;
  /** asker plays: paused (herons), completed (owls); the parent's child (kiwis), paused. */
  herons: string;
  owls: string;
  kiwis: string;
  failed: string;
  waiting: string;
}

/** Flows of their own and plays in each state these journeys need, made through the API. */
function makeFamily(page: Page): Promise<Family> {
  const names = {
    asker: uniqueName("asker"),
    failer: uniqueName("failer"),
    parent: uniqueName("parent"),
  };
  return page.evaluate(
    async ({ names, sources, ms }) => {
      const api = window.heroLogic;
      await api.workflows.save({ name: names.asker, source: sources.asker });
      await api.workflows.save({ name: names.failer, source: sources.failer });
      await api.workflows.save({ name: names.parent, source: sources.parent });
      const settle = async (sid: string, until?: string[]) =>
        (await api.plays.wait(sid, { timeoutMs: ms, ...(until && { until: until as never }) })).sid;
      const herons = await settle((await api.plays.start(names.asker, { topic: "herons" })).sid);
      const owls = await settle((await api.plays.start(names.asker, { topic: "owls" })).sid);
      await api.plays.resume(owls, { ok: true });
      await settle(owls);
      const failed = await settle((await api.plays.start(names.failer)).sid);
      const waiting = await settle((await api.plays.start(names.parent)).sid, ["waiting"]);
      let kiwis = "";
      for (;;) {
        const [child] = await api.plays.list({ parent: waiting });
        if (child) {
          kiwis = await settle(child.sid, ["paused"]);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return { ...names, herons, owls, kiwis, failed, waiting };
    },
    {
      names,
      sources: { asker: ASKER, failer: FAILER, parent: parentOf(names.asker) },
      ms: PLAY_TIMEOUT_MS,
    },
  );
}

/** The sids of the rows the plays list shows, top to bottom. */
function listedSids(page: Page): Promise<string[]> {
  return page
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-play-sid") ?? ""));
}

test("the plays list filters by flow, status and text, and deletes several chosen plays", async ({
  appPage: page,
}) => {
  const f = await makeFamily(page);
  await gotoRoute(page, "#/plays");

  await page.getByTestId("filter-flow").selectOption(f.asker);
  await expect.poll(() => listedSids(page)).toEqual([f.kiwis, f.owls, f.herons]);
  await page.getByTestId("filter-status").selectOption("paused");
  await expect.poll(() => listedSids(page)).toEqual([f.kiwis, f.herons]);
  // Text in the inputs; the filters are in the address, so the filtered list has a link.
  await page.getByTestId("filter-text").fill("HERONS");
  await expect.poll(() => listedSids(page)).toEqual([f.herons]);
  expect(page.url()).toContain("q=HERONS");
  await page.reload();
  await expect.poll(() => listedSids(page)).toEqual([f.herons]);
  await expect(page.getByTestId("filter-text")).toHaveValue("HERONS");
  await expect(page.getByTestId("filter-flow")).toHaveValue(f.asker);
  await expect(page.getByTestId("filter-status")).toHaveValue("paused");

  // Nothing matches: the list says so and clears in one click.
  await page.getByTestId("filter-text").fill("no play says this");
  await expect(page.getByTestId("no-match")).toContainText("No plays match these filters");
  await page.getByTestId("clear-filters").click();
  await expect(page.getByTestId("filter-flow")).toHaveValue("");
  await expect(page.getByTestId("filter-status")).toHaveValue("");
  await expect(page.getByTestId("filter-text")).toHaveValue("");

  // Text in an error, and in an output (with the status chosen too).
  await page.getByTestId("filter-text").fill("zebra stampede");
  await expect.poll(() => listedSids(page)).toEqual([f.failed]);
  await page.getByTestId("filter-text").fill('"ok": true');
  await page.getByTestId("filter-status").selectOption("completed");
  await expect.poll(() => listedSids(page)).toContain(f.owls);

  // Three chosen: the completed and the failed play go; the child its parent waits for stays,
  // and the list says why.
  await page.getByTestId("filter-status").selectOption("");
  await page.getByTestId("filter-text").fill("");
  for (const sid of [f.owls, f.failed, f.kiwis]) {
    await page.getByTestId(`choose-play-${sid}`).check();
  }
  await expect(page.getByTestId("delete-plays")).toHaveText("Delete chosen (3)");
  await page.getByTestId("delete-plays").click();
  const dialog = page.getByTestId("confirm-delete-plays");
  await expect(dialog).toContainText("Delete 3 plays?");
  await dialog.getByTestId("confirm").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("delete-result")).toContainText(
    `Deleted 2 plays. Not deleted: 1 play (play ${f.kiwis} is a child play that play ${f.waiting} waits for`,
  );
  await expect(page.locator(`tr[data-play-sid="${f.owls}"]`)).toHaveCount(0);
  await expect(page.locator(`tr[data-play-sid="${f.failed}"]`)).toHaveCount(0);
  await expect(page.getByTestId(`choose-play-${f.kiwis}`)).toBeChecked();
  await expect(page.getByTestId("delete-plays")).toHaveText("Delete chosen (1)");
  const gone = await page.evaluate(
    (sids) =>
      Promise.all(
        sids.map((s) =>
          window.heroLogic.plays.get(s).then(
            () => "",
            (e) => e.code,
          ),
        ),
      ),
    [f.owls, f.failed],
  );
  expect(gone).toEqual(["not_found", "not_found"]);
});

test("a play's page: Delete and Cancel ask first, answers show when they were given, the title counts waiting plays", async ({
  appPage: page,
}) => {
  const f = await makeFamily(page);
  const waitingCount = () =>
    page.evaluate(
      async () =>
        (await window.heroLogic.plays.list({ status: "paused" })).filter((p) => !p.imported_at)
          .length,
    );
  await gotoRoute(page, `#/plays/${f.kiwis}`);
  const before = await waitingCount();
  await expect(page).toHaveTitle(new RegExp(`^\\(${before}\\) hero_logic`));

  // A child play its parent waits for: Delete asks, and the engine's refusal shows in the dialog.
  await page.getByTestId("delete-play").click();
  const deleting = page.getByTestId("confirm-delete");
  await expect(deleting).toContainText("cannot be undone");
  // Named by its own title, though the Cancel dialog is on the page too.
  await expect(page.getByRole("dialog", { name: "Delete this play?" })).toBeVisible();
  await deleting.getByTestId("confirm").click();
  await expect(deleting.getByRole("alert")).toContainText(`play ${f.waiting} waits for`);
  await deleting.getByRole("button", { name: "Keep it" }).click();
  await expect(deleting).toBeHidden();

  // Cancel asks first: keeping the play leaves it paused.
  await page.getByTestId("cancel-play").click();
  const cancelling = page.getByTestId("confirm-cancel");
  await expect(cancelling).toContainText("Cancel this play?");
  await cancelling.getByRole("button", { name: "Keep it" }).click();
  await expect(cancelling).toBeHidden();
  await expect(page.getByTestId("play-status")).toHaveText("paused");

  // Answered here: the answer is listed with when it was given, and the title counts one less.
  const form = page.getByTestId("pause-form");
  await form.locator('[name="ok"]').check();
  await form.locator('[name="note"]').fill("fine by me");
  await page.getByTestId("pause-submit").click();
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  const answer = page.getByTestId("pause-answer");
  await expect(answer).toHaveCount(1);
  await expect(answer).toHaveAttribute("data-key", "approve");
  await expect(answer).toContainText("ok: true");
  await expect(answer).toContainText('note: "fine by me"');
  await expect(answer.getByTestId("answered-at")).toContainText("answered just now");
  await expect(answer.getByTestId("answered-at")).toHaveAttribute("title", /\d/);
  await expect(page).toHaveTitle(
    before > 1 ? new RegExp(`^\\(${before - 1}\\) hero_logic`) : /^hero_logic/,
  );

  // The parent now completes; deleting the child it no longer waits for works, and leads back
  // to the list.
  await expect
    .poll(
      () => page.evaluate((s) => window.heroLogic.plays.get(s).then((p) => p.status), f.waiting),
      {
        timeout: PLAY_TIMEOUT_MS,
      },
    )
    .toBe("completed");
  await page.getByTestId("delete-play").click();
  await deleting.getByTestId("confirm").click();
  await expect(page).toHaveURL(/#\/plays$/);
  await expect(page.locator(`tr[data-play-sid="${f.kiwis}"]`)).toHaveCount(0);

  // Cancel confirmed: the paused play ends cancelled.
  await gotoRoute(page, `#/plays/${f.herons}`);
  await page.getByTestId("cancel-play").click();
  await cancelling.getByTestId("confirm").click();
  await expect(page.getByTestId("play-status")).toHaveText("cancelled");
  await expect(page.getByTestId("cancel-play")).toHaveCount(0);

  // An answer the play was started with is listed as such.
  const prefilled = await page.evaluate(
    async ([flow, ms]) => {
      const play = await window.heroLogic.plays.start(
        flow,
        {},
        { prefill: { approve: { ok: false } } },
      );
      return (await window.heroLogic.plays.wait(play.sid, { timeoutMs: ms })).sid;
    },
    [f.asker, PLAY_TIMEOUT_MS] as const,
  );
  await gotoRoute(page, `#/plays/${prefilled}`);
  await expect(page.getByTestId("play-status")).toHaveText("completed");
  await expect(page.getByTestId("pause-answer")).toContainText("ok: false");
  await expect(page.getByTestId("pause-answer")).toContainText("prefilled when the play started");
});

test("the library says what a flow name may be, and runs a flow from its card", async ({
  appPage: page,
}) => {
  const name = uniqueName("card_run");
  await page.evaluate(([flow, source]) => window.heroLogic.workflows.save({ name: flow, source }), [
    name,
    ASKER,
  ] as const);
  await gotoRoute(page, "#/flows");

  const input = page.getByTestId("new-flow-name");
  await input.fill("my-flow");
  const error = page.getByTestId("new-flow-error");
  await expect(error).toContainText("“-” cannot be part of a name.");
  await expect(error).toContainText("letters, digits and _");
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await page.getByTestId("create-flow").click();
  await expect(page).toHaveURL(/#\/flows$/);
  await input.fill("2nd_try");
  await expect(error).toContainText("It starts with a digit.");
  await input.fill("");
  await expect(error).toBeEmpty();

  await page.getByTestId(`run-card-${name}`).click();
  const dialog = page.getByTestId("run-dialog");
  await expect(dialog.locator('[name="topic"]')).toHaveValue("ducks");
  await expect(dialog.locator('[name="topic"]')).toBeFocused();
  await dialog.locator('[name="topic"]').fill("cranes");
  await dialog.getByTestId("run-submit").click();
  await expect(page).toHaveURL(/#\/plays\/[a-z0-9]+$/);
  await expect(page.getByTestId("play-inputs")).toContainText('"cranes"');
  await expect(page.getByTestId("play-status")).toHaveText("paused", { timeout: PLAY_TIMEOUT_MS });
  const sid = /#\/plays\/([a-z0-9]+)$/.exec(page.url())?.[1] ?? "";
  await page.evaluate((s) => window.heroLogic.plays.cancel(s), sid);
});
