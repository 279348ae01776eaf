/**
 * A play resumed in the tab that ran it replays from the step cache its worker's Python kept
 * (a warm replay, docs/architecture.md): it must return exactly what the stored steps returned,
 * even after the flow changed a replayed value in place, and execute no finished step again.
 */
import { expect, PLAY_TIMEOUT_MS, saveFlow, test, uniqueName } from "./fixtures";

// Each step's output holds bytes no second execution repeats. The flow appends to the dict a
// step returned (in place) before each pause: a kept cache that held the changed object would
// hand the next run a longer list.
const SOURCE = `import os
from hero_logic import flow


def token():
    return os.urandom(8).hex()


def make():
    return {"items": [os.urandom(4).hex()]}


@flow
def main():
    first = flow.step(token)
    made = flow.step(make)
    seen = [len(made["items"])]
    made["items"].append("changed by the flow")
    flow.pause("one")
    again = flow.step(make)
    seen.append(len(made["items"]))
    again["items"].append("changed again")
    flow.pause("two")
    return {"token": first, "made": made, "again": again, "seen": seen}
`;

test("a play resumed twice in its tab replays warm what ran, whatever the flow changed in place", async ({
  appPage: page,
}) => {
  const name = uniqueName("e2e_warm");
  await saveFlow(page, name, SOURCE);
  const result = await page.evaluate(
    async ([flowName, timeoutMs]) => {
      const api = window.heroLogic;
      const play = await api.plays.start(flowName, {});
      await api.plays.wait(play.sid, { timeoutMs });
      const firstRun = await api.plays.spans(play.sid, { runNo: 1 });
      await api.plays.resume(play.sid, {});
      await api.plays.wait(play.sid, { timeoutMs });
      await api.plays.resume(play.sid, {});
      const done = await api.plays.wait(play.sid, { timeoutMs });
      const runs = [1, 2, 3].map((runNo) => api.plays.spans(play.sid, { runNo }));
      const spans = (await Promise.all(runs)).flat();
      const warm = performance
        .getEntriesByType("measure")
        .filter((m) => m.name === "hero_logic:run:python")
        .filter((m) => (m as PerformanceMeasure).detail?.play === play.sid)
        .map((m) => Boolean((m as PerformanceMeasure).detail?.warm));
      const outputOf = (step: string) =>
        firstRun.find((s) => s.name === step && s.status === "ok")?.output;
      return {
        done,
        warm,
        token: outputOf("token"),
        made: outputOf("make"),
        executed: spans.filter((s) => s.replayed_from_run === null).map((s) => s.name),
      };
    },
    [name, PLAY_TIMEOUT_MS] as const,
  );
  expect(result.done.status).toBe("completed");
  // Both resumes went warm: the test exercises the kept cache, not only the store.
  expect(result.warm).toEqual([false, true, true]);
  const output = result.done.output_data as {
    token: string;
    made: { items: string[] };
    again: { items: string[] };
    seen: number[];
  };
  // Replays returned what the first run stored, not what the flow made of it afterwards.
  expect(output.token).toBe(result.token);
  expect(output.seen).toEqual([1, 2]);
  expect(output.made.items).toEqual([
    ...(result.made as { items: string[] }).items,
    "changed by the flow",
  ]);
  expect(output.again.items).toHaveLength(2);
  // Each step executed once in all runs: token once, make twice (two occurrences).
  expect(result.executed.filter((n) => n === "token")).toHaveLength(1);
  expect(result.executed.filter((n) => n === "make")).toHaveLength(2);
});
