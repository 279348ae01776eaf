/**
 * The run form and the pause form, driven with the keyboard only, fed the values people get
 * wrong: every refusal is a message under its field, in place, with the focus on the first
 * field in error and what was typed kept; one Enter too many starts nothing twice; a pause
 * answered in another tab meanwhile is said so where the user is typing.
 *
 * The one step that is not a key press: each journey puts the focus on its starting control
 * (the Run button, the pause form's first field), as a person would by clicking or tabbing
 * through the rail.
 */
import type { Locator, Page } from "@playwright/test";
import { quietFor } from "../src/test-support/quiet";
import {
  expect,
  gotoRoute,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  saveFlow,
  test,
  uniqueName,
  waitForReady,
} from "./fixtures";

const RUN_FLOW = `from hero_logic import flow


@flow(inputs=[
    {"name": "title", "field_type": "str", "description": "What to call it"},
    {"name": "count", "field_type": "int"},
    {"name": "ratio", "field_type": "float", "required": False},
    {"name": "notes", "field_type": "text", "required": False},
    {"name": "loud", "field_type": "bool"},
    {"name": "mode", "field_type": "choice", "options": ["fast", "slow"]},
    {"name": "data", "field_type": "json", "required": False},
])
def main(title, count, ratio=None, notes=None, loud=False, mode=None, data=None):
    return {"title": title, "count": count, "ratio": ratio, "mode": mode, "loud": loud}
`;

const PAUSE_FLOW = `from hero_logic import flow

FIELDS = [
    {"name": "n", "field_type": "int"},
    {"name": "pick", "field_type": "choice", "options": ["a", "b"]},
    {"name": "note", "field_type": "text", "required": False},
    {"name": "ok", "field_type": "bool"},
]


@flow
def main():
    first = flow.pause("approve", prompt="First answer?", fields=FIELDS)
    second = flow.pause("approve", prompt="Second answer?", fields=FIELDS)
    return {"first": first, "second": second}
`;

/** Where the keyboard focus is: the field name, else the test id, else the tag. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return "";
    return (
      el.getAttribute("name") ?? el.getAttribute("data-testid") ?? el.textContent?.trim() ?? ""
    );
  });
}

/** Tab (or Shift+Tab) from the focused control to `name`, along `order`, and check it got there. */
async function moveTo(page: Page, order: readonly string[], name: string): Promise<void> {
  const from = order.indexOf(await focused(page));
  const to = order.indexOf(name);
  expect(from, `focus is on one of ${order.join(", ")}`).toBeGreaterThanOrEqual(0);
  const key = to > from ? "Tab" : "Shift+Tab";
  for (let i = 0; i < Math.abs(to - from); i++) await page.keyboard.press(key);
  expect(await focused(page)).toBe(name);
}

/** Replace the focused field's text the way a person does: select all, type. */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press("ControlOrMeta+a");
  if (text === "") await page.keyboard.press("Delete");
  else await page.keyboard.type(text);
}

/** The message a field announces: what its aria-describedby points at. */
function announced(control: Locator): Promise<string> {
  return control.evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? "")
      .join(" | "),
  );
}

/** The error shown under a field. */
function fieldError(form: Locator, name: string): Locator {
  return form
    .locator(".field", { has: form.page().locator(`[name="${name}"]`) })
    .locator(".field-error");
}

/** A screenshot of the state, when FORMS_SHOTS names a folder (to look at, not to compare). */
async function shot(page: Page, name: string): Promise<void> {
  const folder = process.env.FORMS_SHOTS;
  if (folder) await page.screenshot({ path: `${folder}/${name}.png`, fullPage: false });
}

const RUN_ORDER = [
  "run-flow",
  "title",
  "count",
  "ratio",
  "notes",
  "loud",
  "mode",
  "data",
  "run-submit",
  "Cancel",
] as const;

test("run form by keyboard: bad values get messages under their fields, one Enter too many starts one play", async ({
  appPage: page,
}) => {
  const name = uniqueName("keyboard_run");
  await saveFlow(page, name, RUN_FLOW);
  await gotoRoute(page, `#/flows/${name}`);
  const runButton = page.getByTestId("run-flow");
  await expect(runButton).toHaveText("Run");
  await runButton.focus();
  await page.keyboard.press("Enter");
  const form = page.getByTestId("run-form");
  await expect(form).toBeVisible();
  // The form was asked for: the cursor is in its first field.
  await expect.poll(() => focused(page)).toBe("title");

  // Tab goes through the fields in the order they are shown, each labelled, with a focus ring.
  for (const field of RUN_ORDER.slice(2)) {
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe(field);
  }
  for (let i = RUN_ORDER.length - 1; i > 1; i--) await page.keyboard.press("Shift+Tab");
  expect(await focused(page)).toBe("title");
  for (const field of RUN_ORDER.slice(1, 8)) {
    await expect(form.getByLabel(field)).toBeVisible();
    await expect(form.getByLabel(field)).toHaveAttribute("name", field);
  }
  const title = form.locator('[name="title"]');
  expect(await title.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");
  await shot(page, "run-1-open");

  // Bad values everywhere; Enter in a single-line field, Ctrl+Enter in a textarea.
  await page.keyboard.type("   ");
  await moveTo(page, RUN_ORDER, "count");
  await page.keyboard.type("2.5");
  await moveTo(page, RUN_ORDER, "ratio");
  await page.keyboard.type("1,5");
  await moveTo(page, RUN_ORDER, "notes");
  await page.keyboard.type("line one");
  await page.keyboard.press("Enter");
  await page.keyboard.type("line two");
  await expect(form).toBeVisible();
  await moveTo(page, RUN_ORDER, "data");
  await page.keyboard.type("[1,");
  await moveTo(page, RUN_ORDER, "notes");
  await page.keyboard.press("ControlOrMeta+Enter");

  // Refused: the focus is on the first field in error, which announces its message. Only
  // spaces are a title like any other, as for plays.start.
  await expect.poll(() => focused(page)).toBe("count");
  const count = form.locator('[name="count"]');
  await expect(count).toHaveAttribute("aria-invalid", "true");
  expect(await announced(count)).toBe("expected a whole number");
  await expect(fieldError(form, "title")).toHaveText("");
  await expect(fieldError(form, "ratio")).toHaveText(
    "expected a number with a dot for decimals, like 1.5",
  );
  await expect(fieldError(form, "mode")).toHaveText("required: choose one of fast, slow");
  await expect(fieldError(form, "data")).toContainText("invalid JSON");
  // What was typed is still there.
  await expect(title).toHaveValue("   ");
  await expect(form.locator('[name="ratio"]')).toHaveValue("1,5");
  await expect(form.locator('[name="notes"]')).toHaveValue("line one\nline two");
  await expect(page).toHaveURL(new RegExp(`#/flows/${name}$`));
  await shot(page, "run-2-refused");

  // Each whole-number mistake, Enter from the field itself.
  const intCases: [string, string][] = [
    ["1e3", "expected a whole number in digits, like 1000"],
    ["", "required"],
    [String(2 ** 53 + 1), "too large to keep exactly (at most ±9007199254740991)"],
    ["-0", ""],
    [" 7 ", ""],
  ];
  for (const [typed, message] of intCases) {
    await moveTo(page, RUN_ORDER, "count");
    await retype(page, typed);
    await page.keyboard.press("Enter");
    await expect(fieldError(form, "count"), JSON.stringify(typed)).toHaveText(message);
    await expect(count).toHaveValue(typed);
  }
  const floatCases: [string, string][] = [
    ["NaN", "expected a finite number, like 1.5"],
    ["Infinity", "expected a finite number, like 1.5"],
    [" 2.5 ", ""],
  ];
  for (const [typed, message] of floatCases) {
    await moveTo(page, RUN_ORDER, "ratio");
    await retype(page, typed);
    await page.keyboard.press("Enter");
    await expect(fieldError(form, "ratio"), JSON.stringify(typed)).toHaveText(message);
  }
  // JSON: an open brace, then a 2 MB paste that does not close; the page keeps up.
  const data = form.locator('[name="data"]');
  await moveTo(page, RUN_ORDER, "data");
  await retype(page, "{");
  await expect(fieldError(form, "data")).toContainText("invalid JSON");
  await page.keyboard.press("ControlOrMeta+a");
  const huge = `[${Array.from({ length: 200_000 }, (_, i) => `"item ${i}"`).join(",")}`;
  expect(huge.length).toBeGreaterThan(2_000_000);
  await page.keyboard.insertText(huge);
  await expect(fieldError(form, "data")).toContainText("invalid JSON");
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect.poll(() => focused(page)).toBe("mode");
  expect(await data.evaluate((el: HTMLTextAreaElement) => el.value.length)).toBe(huge.length);
  await moveTo(page, RUN_ORDER, "data");
  await retype(page, '{"k": [1, 2]}');
  await expect(fieldError(form, "data")).toHaveText("");

  // A choice with the arrow keys, a checkbox with Space; Escape throws nothing away.
  await moveTo(page, RUN_ORDER, "mode");
  await page.keyboard.press("ArrowDown");
  await expect(form.locator('[name="mode"]')).toHaveValue("fast");
  // The field's message, out of date now, has gone.
  await expect(fieldError(form, "mode")).toHaveText("");
  await expect(form.locator('[name="mode"]')).toHaveAttribute("aria-invalid", "false");
  await moveTo(page, RUN_ORDER, "loud");
  await page.keyboard.press("Space");
  await expect(form.locator('[name="loud"]')).toBeChecked();
  await page.keyboard.press("Escape");
  await expect(form).toBeVisible();
  await expect(count).toHaveValue(" 7 ");
  await expect(form.locator('[name="loud"]')).toBeChecked();
  await shot(page, "run-3-fixed");

  // Enter twice, fast: one play, and the user lands on it.
  await moveTo(page, RUN_ORDER, "title");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#\/plays\/[^/]+$/);
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  const inputs = JSON.parse((await page.getByTestId("play-inputs").textContent()) ?? "{}");
  expect(inputs).toEqual({
    title: "   ",
    count: 7,
    ratio: 2.5,
    notes: "line one\nline two",
    loud: true,
    mode: "fast",
    data: { k: [1, 2] },
  });
  // Both Enters were handled before the first play even ran: a second start they made would
  // be stored ahead of that play's end, which the page just showed.
  const plays = await page.evaluate((n) => window.heroLogic.plays.list({ workflow: n }), name);
  expect(plays).toHaveLength(1);
  await shot(page, "run-4-play");
});

const PAUSE_ORDER = ["n", "pick", "note", "ok", "pause-submit"] as const;

test("pause form by keyboard: refusals in place, one answer per Enter burst, an answer from another tab is said so", async ({
  appPage: page,
}) => {
  const name = uniqueName("keyboard_pause");
  await saveFlow(page, name, PAUSE_FLOW);
  const sid = await openNewPlay(page, name, { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("paused");
  const form = page.getByTestId("pause-form");
  await expect(form).toContainText("First answer?");
  const n = form.locator('[name="n"]');
  await n.focus();

  for (const field of PAUSE_ORDER.slice(1)) {
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe(field);
  }
  await moveTo(page, PAUSE_ORDER, "n");
  await page.keyboard.type("2.5");
  await moveTo(page, PAUSE_ORDER, "note");
  await page.keyboard.type("first line");
  await page.keyboard.press("Enter");
  await page.keyboard.type("second line");
  await page.keyboard.press("ControlOrMeta+Enter");

  await expect.poll(() => focused(page)).toBe("n");
  await expect(n).toHaveAttribute("aria-invalid", "true");
  expect(await announced(n)).toBe("expected a whole number");
  await expect(fieldError(form, "pick")).toHaveText("required: choose one of a, b");
  await expect(form.locator('[name="note"]')).toHaveValue("first line\nsecond line");
  await expect(page.getByTestId("play-status")).toHaveText("paused");
  await page.keyboard.press("Escape");
  await expect(n).toHaveValue("2.5");
  await shot(page, "pause-1-refused");

  await retype(page, "3");
  await moveTo(page, PAUSE_ORDER, "pick");
  await page.keyboard.press("ArrowDown");
  await moveTo(page, PAUSE_ORDER, "ok");
  await page.keyboard.press("Space");
  await expect(form.locator('[name="ok"]')).toBeChecked();
  await moveTo(page, PAUSE_ORDER, "n");
  // Enter twice, fast: the first answers 'approve'; the second must not answer the next pause.
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Pause approve#1", { exact: true })).toBeVisible({
    timeout: PLAY_TIMEOUT_MS,
  });
  await expect(page.getByTestId("play-status")).toHaveText("paused");
  await quietFor(1_000, "a second Enter held back would answer the new pause once its form shows");
  const afterFirst = await page.evaluate((s) => window.heroLogic.plays.get(s), sid);
  expect(afterFirst.status).toBe("paused");
  expect(afterFirst.run_count).toBe(2);
  expect(afterFirst.pending_pause?.key).toBe("approve#1");
  await expect(form).toContainText("Second answer?");
  await expect(form.locator('[name="n"]')).toHaveValue("");

  // Someone starts typing the second answer here, while another tab answers it.
  await form.locator('[name="n"]').focus();
  await page.keyboard.type("4");
  const other = await page.context().newPage();
  try {
    await other.goto(`#/plays/${sid}`);
    await waitForReady(other);
    await other.evaluate(
      (s) => window.heroLogic.plays.resume(s, { n: 9, pick: "b", ok: false }),
      sid,
    );
    await expect(page.getByTestId("play-status")).toHaveText("completed", {
      timeout: PLAY_TIMEOUT_MS,
    });
  } finally {
    await other.close();
  }
  // The typed answer stays, marked as too late; submitting it says why, in place.
  await expect(page.getByTestId("pause-answered")).toContainText("answered elsewhere");
  await expect(form.locator('[name="n"]')).toHaveValue("4");
  // Back in this tab, the cursor where it was: Enter.
  await page.bringToFront();
  expect(await focused(page)).toBe("n");
  await page.keyboard.press("Enter");
  await expect(form.getByRole("alert")).toHaveText(
    "Not sent: 'approve#1' was already answered; the play went on without this answer.",
  );
  await expect(page.getByTestId("play-output")).toContainText('"n": 9');
  await shot(page, "pause-2-answered-elsewhere");
  const play = await page.evaluate((s) => window.heroLogic.plays.get(s), sid);
  expect(play.run_count).toBe(3);
  expect((play.output_data as { first: { n: number } }).first.n).toBe(3);

  // Another play of the flow, paused at a pause of the same name: its form is its own (what
  // was typed for the first play stays with it).
  const second = await openNewPlay(page, name, { settle: true });
  const next = page.getByTestId("pause-form");
  await expect(next).toContainText("First answer?");
  await expect(page.getByTestId("pause-answered")).toHaveCount(0);
  await expect(next.locator('[name="n"]')).toHaveValue("");
  // Cancelled from the header while an answer is half typed: the form says so and keeps the
  // text until Dismiss.
  await next.locator('[name="n"]').focus();
  await page.keyboard.type("5");
  await page.getByTestId("cancel-play").focus();
  await page.keyboard.press("Enter");
  // Cancel asks first, with "Keep it" focused: Enter alone would not cancel.
  await expect(
    page.getByTestId("confirm-cancel").getByRole("button", { name: "Keep it" }),
  ).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("play-status")).toHaveText("cancelled");
  await expect(page.getByTestId("pause-answered")).toContainText(
    "The play was cancelled while this form was being filled in.",
  );
  await expect(next.locator('[name="n"]')).toHaveValue("5");
  await page.getByTestId("pause-dismiss").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("pause-form")).toHaveCount(0);
  expect((await page.evaluate((s) => window.heroLogic.plays.get(s), second)).run_count).toBe(1);
});
