/**
 * Sub-flows, cancel, time-outs and recovery in Chromium: a fan-out whose children are listed
 * and linked both ways, a runaway loop cancelled from its page while another play still
 * completes, a per-run time-out shown as the play's error, a play cut off with its page that
 * completes on the next load replaying its finished steps, and an agent whose spawned children
 * link back to it.
 */
import type { Locator, Page } from "@playwright/test";
import {
  expect,
  gotoRoute,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  playSidOf,
  saveFlow,
  slowStepName,
  slowStepsSource,
  spanElements,
  test,
  uniqueName,
  waitForReady,
} from "./fixtures";

const PLAY_ROUTE = /#\/plays\/[^/?#]+$/;

/** A loop that never ends, after one step (slow enough to be reported at once). */
const RUNAWAY_SOURCE = `import time
from hero_logic import flow


@flow
def warm_up() -> str:
    end = time.perf_counter() + 0.1
    while time.perf_counter() < end:
        pass
    return "warm"


@flow
def main():
    warm_up()
    while True:
        pass
`;

function status(page: Page) {
  return page.getByTestId("play-status");
}

/** Open a flow's page, open its run form, fill `inputs` by field name, submit, land on the play. */
async function runFromUi(
  page: Page,
  flow: string,
  inputs: Record<string, string> = {},
): Promise<string> {
  await gotoRoute(page, `#/flows/${flow}`);
  await page.getByTestId("run-flow").click();
  const form = page.getByTestId("run-form");
  await expect(form).toBeVisible();
  for (const [name, value] of Object.entries(inputs)) {
    await form.locator(`[name="${name}"]`).fill(value);
  }
  await form.getByTestId("run-submit").click();
  await expect(page).toHaveURL(PLAY_ROUTE);
  return playSidOf(page);
}

/**
 * How many distinct spans `spans` shows (a span drawn both in the tree and in the graph counts
 * once).
 */
function distinctSpans(spans: Locator): Promise<number> {
  return spans.evaluateAll(
    (nodes) => new Set(nodes.map((node) => node.getAttribute("data-span-sid"))).size,
  );
}

/** Cancel a play that a failed test left going, so it does not burn a worker for minutes. */
async function cancelIfUnfinished(page: Page, sid: string): Promise<void> {
  if (!sid) return;
  await page
    .evaluate(async (playSid) => {
      const play = await window.heroLogic.plays.get(playSid);
      if (!["completed", "failed", "cancelled"].includes(play.status)) {
        await window.heroLogic.plays.cancel(playSid);
      }
    }, sid)
    .catch(() => {});
}

test("fan_out: eight child plays, listed, linked from their subflow spans and back", async ({
  appPage: page,
}) => {
  const parentSid = await runFromUi(page, "fan_out", { count: "8" });
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  expect(JSON.parse((await page.getByTestId("play-output").textContent()) ?? "")).toEqual({
    children: 8,
    lines: 16,
  });

  // Run 1 started the children and waited for them; run 2 replayed up to the wait and finished.
  const parent = await page.evaluate((sid) => window.heroLogic.plays.get(sid), parentSid);
  expect(parent.run_count).toBe(2);
  await expect(page.getByTestId("run-1")).toContainText("waiting");
  await expect(page.getByTestId("run-2")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("run-2")).toContainText("completed");

  // The child list: eight children, all completed, each linking to its page.
  const children = page.locator("details.children");
  await expect(children.locator("summary")).toContainText("8 child plays · 8 completed");
  const items = page.getByTestId("child-plays").locator("li[data-play-sid]");
  await expect(items).toHaveCount(8);
  for (const item of await items.all()) {
    await expect(item).toContainText("completed");
    await expect(item).toContainText("service_code_gen");
  }
  const listed = (await items.evaluateAll((nodes) =>
    nodes.map((node) => node.getAttribute("data-play-sid")),
  )) as string[];
  expect(new Set(listed).size).toBe(8);

  // Run 2's subflow spans: the eight starts (replayed, never a second child) and the eight
  // waits, each pointing at one of the listed children.
  const subflows = await page.evaluate(async (sid) => {
    const spans = await window.heroLogic.plays.spans(sid, { runNo: 2 });
    return spans
      .filter((s) => s.kind === "subflow")
      .map((s) => ({
        name: s.name,
        status: s.status,
        replayed: s.replayed,
        child: s.child_play_sid,
      }));
  }, parentSid);
  const starts = subflows.filter((s) => s.name === "service_code_gen");
  const waits = subflows.filter((s) => s.name === "wait service_code_gen");
  expect(starts).toHaveLength(8);
  expect(waits).toHaveLength(8);
  expect(starts.every((s) => s.replayed && s.status === "ok")).toBe(true);
  expect(waits.every((s) => s.status === "ok")).toBe(true);
  expect(new Set(starts.map((s) => s.child))).toEqual(new Set(listed));
  expect(new Set(waits.map((s) => s.child))).toEqual(new Set(listed));

  const subflowRows = page.locator('[data-span-sid][data-kind="subflow"]');
  await expect.poll(() => distinctSpans(subflowRows)).toBe(16);
  const waitRows = spanElements(page, "wait service_code_gen");
  await expect.poll(() => distinctSpans(waitRows)).toBe(8);

  // A subflow span's detail links to its child; the child's page links back.
  await waitRows.nth(2).click();
  const detail = page.getByTestId("span-detail");
  await expect(detail).toBeVisible();
  const childLink = detail.getByTestId("child-play-link");
  await expect(childLink).toBeVisible();
  const childSid = ((await childLink.textContent()) ?? "").trim();
  expect(listed).toContain(childSid);
  await childLink.click();
  await expect(page).toHaveURL((url) => url.hash === `#/plays/${childSid}`);
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  // Its code output (declared text) reads as text; the JSON is one click away.
  await expect(page.getByTestId("output-text")).toContainText("def ");
  await page.getByTestId("output-as-json").click();
  await expect(page.getByTestId("play-output")).toBeVisible();
  // The child's own work: the service's rpc calls.
  await expect(page.locator('[data-span-sid][data-kind="rpc"]').first()).toBeVisible();
  const parentLink = page.getByTestId("parent-link");
  await expect(parentLink).toHaveText(parentSid);
  await parentLink.click();
  await expect(page).toHaveURL((url) => url.hash === `#/plays/${parentSid}`);
  await expect(status(page)).toHaveText("completed");
});

test("cancel a runaway loop from its page; another play still completes", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_runaway");
  await saveFlow(page, name, RUNAWAY_SOURCE);
  let sid = "";
  try {
    sid = await openNewPlay(page, name);
    await expect(status(page)).toHaveText("running", { timeout: PLAY_TIMEOUT_MS });
    // Python is inside the loop once the step before it is done.
    await expect(spanElements(page, "warm_up").first()).toHaveAttribute("data-status", "ok", {
      timeout: PLAY_TIMEOUT_MS,
    });
    await expect(status(page)).toHaveText("running");

    // Cancel asks first; the loop never ends by itself, so only the cancel can end the play.
    await page.getByTestId("cancel-play").click();
    const confirm = page.getByTestId("confirm-cancel").getByTestId("confirm");
    await expect(confirm).toBeEnabled();
    await confirm.click();
    await expect(status(page)).toHaveText("cancelled");

    await expect(page.getByTestId("cancel-play")).toHaveCount(0);
    await expect(spanElements(page, "main").first()).toHaveAttribute("data-status", "cancelled");
    const runs = await page.evaluate((playSid) => window.heroLogic.plays.runs(playSid), sid);
    expect(runs.map((r) => r.ended_by)).toEqual(["cancelled"]);
  } finally {
    await cancelIfUnfinished(page, sid);
  }

  // The pool goes on: another play completes (the cancelled play's worker is being replaced).
  await openNewPlay(page, "hello_steps");
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  await expect(page.getByTestId("play-output")).toContainText("Hello, Ada!");
});

test("a run longer than its time-out fails with a message saying so", async ({ appPage: page }) => {
  const name = uniqueName("e2e_timeout");
  await saveFlow(page, name, RUNAWAY_SOURCE);
  let sid = "";
  try {
    sid = await openNewPlay(page, name, { start: { timeoutMs: 1_500 } });
    await expect(status(page)).toHaveText("failed", { timeout: PLAY_TIMEOUT_MS });
    const error = page.getByTestId("play-error");
    await expect(error).toBeVisible();
    await expect(error).toContainText("time-out");
    await expect(page.getByTestId("cancel-play")).toHaveCount(0);

    const play = await page.evaluate((playSid) => window.heroLogic.plays.get(playSid), sid);
    expect(play.status).toBe("failed");
    expect(play.error?.message).toContain("time-out");
    // The step before the loop finished; the root failed with the run.
    await expect(spanElements(page, "warm_up").first()).toHaveAttribute("data-status", "ok");
    await expect(spanElements(page, "main").first()).toHaveAttribute("data-status", "failed");
  } finally {
    await cancelIfUnfinished(page, sid);
  }
});

test("a play cut off with its page completes on the next load, replaying its finished steps", async ({
  freshContext,
}) => {
  const STEPS = 12;
  const stepName = slowStepName;
  const source = slowStepsSource(STEPS);
  const { context, page: first } = await freshContext();
  const name = uniqueName("e2e_recover");
  await saveFlow(first, name, source);
  const sid = await openNewPlay(first, name);

  // Let a few steps finish, then close the page while the play runs.
  await expect
    .poll(
      () =>
        first.evaluate(async (playSid) => {
          const spans = await window.heroLogic.plays.spans(playSid, { runNo: 1 });
          return spans.filter((s) => s.kind === "step" && s.status === "ok").length;
        }, sid),
      { timeout: PLAY_TIMEOUT_MS, intervals: [100] },
    )
    .toBeGreaterThanOrEqual(3);
  await first.close();

  const page = await context.newPage();
  await page.goto(`#/plays/${sid}`);
  await waitForReady(page);
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  const expectedTotal = Array.from({ length: STEPS }, (_, i) => (i + 1) ** 2).reduce(
    (a, b) => a + b,
  );
  expect(JSON.parse((await page.getByTestId("play-output").textContent()) ?? "")).toEqual({
    total: expectedTotal,
  });

  const play = await page.evaluate((playSid) => window.heroLogic.plays.get(playSid), sid);
  expect(play.run_count).toBe(2);
  await expect(page.getByTestId("run-2")).toHaveAttribute("aria-pressed", "true");

  // What run 1 finished before the page closed, and what run 2 did with each step.
  const [run1, run2] = await page.evaluate(async (playSid) => {
    const pick = (spans: Awaited<ReturnType<typeof window.heroLogic.plays.spans>>) =>
      spans.map((s) => ({ name: s.name, kind: s.kind, status: s.status, replayed: s.replayed }));
    return [
      pick(await window.heroLogic.plays.spans(playSid, { runNo: 1 })),
      pick(await window.heroLogic.plays.spans(playSid, { runNo: 2 })),
    ];
  }, sid);
  console.log(`recovery: run 1 spans ${JSON.stringify(run1)}`);
  const doneInRun1 = run1.filter((s) => s.kind === "step" && s.status === "ok").map((s) => s.name);
  expect(doneInRun1.length).toBeGreaterThanOrEqual(3);
  expect(doneInRun1.length).toBeLessThan(STEPS);

  const steps2 = run2.filter((s) => s.kind === "step");
  expect(steps2.map((s) => s.name)).toEqual(
    Array.from({ length: STEPS }, (_, i) => stepName(i + 1)),
  );
  expect(steps2.every((s) => s.status === "ok")).toBe(true);
  const replayed2 = steps2.filter((s) => s.replayed).map((s) => s.name);
  // Exactly the steps run 1 finished are replayed; the others executed in run 2.
  expect([...replayed2].sort()).toEqual([...doneInRun1].sort());
  // The body itself runs again from the top (code outside steps is not memoized).
  expect(run2.find((s) => s.kind === "flow_root")?.replayed).toBe(false);

  // On the page: the replayed rows are the steps run 1 finished, marked as such.
  const replayedRows = page.locator('[data-span-sid][data-replayed="true"]');
  await expect.poll(() => distinctSpans(replayedRows)).toBe(doneInRun1.length);
  for (const step of doneInRun1) {
    const row = spanElements(page, step).first();
    await expect(row).toHaveAttribute("data-replayed", "true");
    await expect(row).toContainText("↻ replayed");
  }
  await expect(spanElements(page, stepName(STEPS)).first()).not.toHaveAttribute(
    "data-replayed",
    "true",
  );
  await expect(spanElements(page, stepName(STEPS)).first()).toHaveAttribute("data-status", "ok");
});

test("service_agent: in-process and spawned sub-flows; spawned children link back", async ({
  appPage: page,
}) => {
  // Rounds 0 and 2 run the generator in-process, rounds 1 and 3 spawn a child play.
  const parentSid = await runFromUi(page, "service_agent", { rounds: "4" });
  await expect(status(page)).toHaveText("completed", { timeout: PLAY_TIMEOUT_MS });
  const output = JSON.parse((await page.getByTestId("play-output").textContent()) ?? "") as {
    files: { spawned: boolean }[];
  };
  expect(output.files.map((f) => f.spawned)).toEqual([false, true, false, true]);

  // The parent waited once per spawned child and ran again each time.
  const parent = await page.evaluate((sid) => window.heroLogic.plays.get(sid), parentSid);
  expect(parent.run_count).toBe(3);
  await expect(page.getByTestId("run-3")).toHaveAttribute("aria-pressed", "true");

  // An in-process round nests the generator's spans (its rpc calls) in this play's own tree:
  // round 0 ran fresh in run 1 (later runs replay it as one memoized step).
  await page.getByTestId("run-1").click();
  await expect(page.getByTestId("run-1")).toHaveAttribute("aria-pressed", "true");
  const inProcess = page.locator('[data-span-sid][data-kind="step"]', {
    hasText: "service_code_gen",
  });
  await expect.poll(() => distinctSpans(inProcess)).toBe(1);
  await expect(inProcess.first()).toHaveAttribute("data-status", "ok");
  await expect(page.locator('[data-span-sid][data-kind="rpc"]').first()).toBeVisible();
  await page.getByTestId("run-3").click();

  await expect(page.locator("details.children summary")).toContainText(
    "2 child plays · 2 completed",
  );
  const items = page.getByTestId("child-plays").locator("li[data-play-sid]");
  await expect(items).toHaveCount(2);
  const childSids = (await items.evaluateAll((nodes) =>
    nodes.map((node) => node.getAttribute("data-play-sid")),
  )) as string[];

  for (const childSid of childSids) {
    await page
      .getByTestId("child-plays")
      .locator(`li[data-play-sid="${childSid}"]`)
      .getByRole("link", { name: childSid })
      .click();
    await expect(page).toHaveURL((url) => url.hash === `#/plays/${childSid}`);
    await expect(status(page)).toHaveText("completed");
    const child = await page.evaluate((sid) => window.heroLogic.plays.get(sid), childSid);
    expect(child.parent_play_sid).toBe(parentSid);
    const parentLink = page.getByTestId("parent-link");
    await expect(parentLink).toHaveText(parentSid);
    await parentLink.click();
    await expect(page).toHaveURL((url) => url.hash === `#/plays/${parentSid}`);
    await expect(status(page)).toHaveText("completed");
  }

  // Each spawned child is also reached from its subflow span in the latest run.
  const waitRows = spanElements(page, "wait service_code_gen");
  await expect.poll(() => distinctSpans(waitRows)).toBe(2);
  await waitRows.last().click();
  const link = page.getByTestId("span-detail").getByTestId("child-play-link");
  await expect(link).toBeVisible();
  expect(childSids).toContain(((await link.textContent()) ?? "").trim());
});
