/**
 * Replay keeps the identity of what a play asked for across edits of the flows it calls:
 * a parent recovered in another tab after its child's flow was edited goes on with the child
 * it started (never a second one), and an in-process flow edited while the play that invokes
 * it is paused executes afresh under its new version, whether the pause follows the invoke or
 * is inside it.
 */
import type { Page } from "@playwright/test";
import {
  expect,
  gotoRoute,
  openApp,
  PLAY_TIMEOUT_MS,
  saveFlow,
  test,
  uniqueName,
} from "./fixtures";

/** A child flow whose default `k` is `k`; its output carries a value no second run repeats. */
const kidSource = (k: number) => `import os
from hero_logic import flow


@flow
def main(k: int = ${k}):
    return {"k": k, "nonce": flow.step(lambda: os.urandom(8).hex(), name="nonce")}
`;

/** Starts `kid` with its default, then busy-waits six seconds in a step, then waits for it. */
const parentSource = (kid: string) => `import time
from hero_logic import flow


def burn():
    end = time.perf_counter() + 6
    while time.perf_counter() < end:
        pass
    return "burnt"


@flow
def main():
    sid = flow.run_async("${kid}")
    flow.step(burn)
    return flow.wait(sid)
`;

/** The spans of run `runNo` as `name status` pairs. */
function runSpans(page: Page, sid: string, runNo: number): Promise<string[]> {
  return page.evaluate(
    async ([playSid, run]) =>
      (await window.heroLogic.plays.spans(playSid, { runNo: run })).map(
        (s) => `${s.name} ${s.status}`,
      ),
    [sid, runNo] as const,
  );
}

test("a parent recovered in another tab after its child's flow was edited goes on with the child it started", async ({
  freshContext,
}) => {
  const { context, page: first } = await freshContext();
  const kid = uniqueName("e2e_kid");
  const parent = uniqueName("e2e_parent");
  await saveFlow(first, kid, kidSource(1));
  await saveFlow(first, parent, parentSource(kid));
  // The second tab keeps to one Python worker, to spare the two cores.
  await first.evaluate(() => localStorage.setItem("hero_logic.workers", "1"));
  const second = await context.newPage();
  await openApp(second, "#/plays");

  const sid = await first.evaluate(
    async (name) => (await window.heroLogic.plays.start(name)).sid,
    parent,
  );
  // The child is started (its spawn step stored) and the parent is inside its long step (an
  // open span is stored with the next batch, which the step holds back: it is not there yet).
  await expect
    .poll(() => runSpans(second, sid, 1), { timeout: PLAY_TIMEOUT_MS, intervals: [100] })
    .toContain(`${kid} ok`);
  expect(await runSpans(second, sid, 1)).not.toContain("burn ok");
  // Meanwhile the other tab saves the child's flow with another default; then the parent's tab
  // closes in the middle of the step.
  await saveFlow(second, kid, kidSource(2));
  await first.close();

  const done = await second.evaluate(
    (playSid) => window.heroLogic.plays.wait(playSid, { timeoutMs: 120_000 }),
    sid,
  );
  expect(done.status).toBe("completed");
  const runs = await second.evaluate((playSid) => window.heroLogic.plays.runs(playSid), sid);
  // (A run may end waiting in between, when the child had not finished yet.)
  expect(runs[0]?.ended_by).toBe("interrupted");
  const children = await second.evaluate(
    (name) => window.heroLogic.plays.list({ workflow: name }),
    kid,
  );
  expect(children).toHaveLength(1);
  expect(children[0]).toMatchObject({
    parent_play_sid: sid,
    status: "completed",
    input_data: { k: 1 },
  });
  expect(done.output_data).toEqual(children[0]!.output_data);

  await gotoRoute(second, `#/plays/${sid}`);
  await expect(second.getByTestId("play-status")).toHaveText("completed");
  const nonce = (children[0]!.output_data as { nonce: string }).nonce;
  await expect(second.getByTestId("play-output")).toContainText(nonce);
});

/** An in-process flow whose step says which version computed it; it may pause inside. */
const subSource = (version: string, pauseInside: boolean) => `from hero_logic import flow


@flow
def main():
    step = flow.step(lambda: "computed by ${version}", name="compute")
${pauseInside ? '    flow.pause("inside")\n' : ""}    return {"body": "${version}", "step": step}
`;

for (const [where, pauseInside] of [
  ["after the invoke", false],
  ["inside the invoked flow", true],
] as const) {
  test(`an in-process flow edited while the play is paused ${where} executes afresh under its new version`, async ({
    appPage: page,
  }) => {
    const sub = uniqueName("e2e_sub");
    const caller = uniqueName("e2e_caller");
    const body = pauseInside
      ? `    return flow.invoke("${sub}")`
      : `    out = flow.invoke("${sub}")\n    flow.pause("go")\n    return out`;
    await saveFlow(page, sub, subSource("v1", pauseInside));
    await saveFlow(page, caller, `from hero_logic import flow\n\n\n@flow\ndef main():\n${body}\n`);

    const result = await page.evaluate(
      async ([callerName, subName, edited]) => {
        const api = window.heroLogic;
        const started = await api.plays.start(callerName);
        const paused = await api.plays.wait(started.sid, { timeoutMs: 60_000 });
        await api.workflows.save({ name: subName, source: edited });
        await api.plays.resume(started.sid, {});
        const done = await api.plays.wait(started.sid, { timeoutMs: 60_000 });
        return { paused: paused.pending_pause?.key, done };
      },
      [caller, sub, subSource("v2", pauseInside)] as const,
    );
    expect(result.paused).toBe(pauseInside ? "inside" : "go");
    expect(result.done).toMatchObject({
      status: "completed",
      output_data: { body: "v2", step: "computed by v2" },
      run_count: 2,
    });
    await gotoRoute(page, `#/plays/${result.done.sid}`);
    await expect(page.getByTestId("play-output")).toContainText("computed by v2");
  });
}
