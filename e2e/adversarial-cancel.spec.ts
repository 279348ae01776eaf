/**
 * A cancel at a random moment (issue 13, "a cancel while a finished run is being stored"):
 * plays of steps that return fresh tokens, some at once, some after computing, some with an
 * output of a megabyte (the page then stores for a while after Python returned), each cancelled
 * at a random moment from its start. Whatever the moment, the play ends one way, never half of
 * each: `cancelled`, with a cancelled run record, no output and no span left running, or
 * `completed` with its output; every span ends and the last run's root ends as the play did.
 */
import { expect, saveFlow, test, uniqueName } from "./fixtures";
import { expectConsistent, settledRecords } from "./play-consistency";
import { seededRandom } from "./seeded";

const ITERATIONS = 15;
/** The cancel comes this long after `plays.start` returned, at most: about a play's length. */
const LATEST_CANCEL_MS = 900;
/** What a play takes beyond its steps' computing (starting, storing a megabyte output). */
const STORING_MS = 60;

/** Step k computes for `plan[k][0]` ms, then returns a fresh token padded to `plan[k][1]` characters. */
const SOURCE = `import os
import time
from hero_logic import flow


def work(ms: int, size: int) -> str:
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        pass
    return os.urandom(8).hex().ljust(size, "x")


@flow
def main(plan: list = []):
    outputs = [flow.step(work, ms, size, name=f"step_{k}") for k, (ms, size) in enumerate(plan, 1)]
    return [output[:16] for output in outputs]
`;

test("a play cancelled at random moments ends cancelled or completed, never half of each", async ({
  appPage: page,
}, testInfo) => {
  test.setTimeout(180_000);
  const random = seededRandom("adversarial-cancel", testInfo);
  const name = uniqueName("e2e_cancel_anytime");
  await saveFlow(page, name, SOURCE);
  const ends: Record<string, number> = {};
  for (let i = 1; i <= ITERATIONS; i++) {
    const plan = Array.from({ length: random.between(2, 4) }, () => [
      random.pick([0, 0, random.between(50, 250)]),
      random.pick([0, 1_000_000]),
    ]);
    // Within the play's life: its steps' computing, and a little for storing its outputs.
    const computing = plan.reduce((total, [ms]) => total + (ms ?? 0), 0);
    const cancelAfterMs = random.between(0, Math.min(computing + STORING_MS, LATEST_CANCEL_MS));
    const label = `iteration ${i} (seed ${random.seed}, plan ${JSON.stringify(plan)}, cancelled after ${cancelAfterMs} ms)`;
    const sid = await page.evaluate(
      async ([flow, steps, ms]) => {
        const play = await window.heroLogic.plays.start(flow, { plan: steps });
        await new Promise((resolve) => setTimeout(resolve, ms));
        await window.heroLogic.plays.cancel(play.sid);
        return play.sid;
      },
      [name, plan, cancelAfterMs] as const,
    );
    const records = await settledRecords(page, sid);
    expectConsistent(label, records);
    const { play, runs } = records;
    expect(["cancelled", "completed"], label).toContain(play.status);
    if (play.status === "completed") {
      expect(play.output_data, label).toEqual(
        records.spans[0]
          ?.filter((s) => s.kind === "step")
          .map((s) => (s.output as string).slice(0, 16)),
      );
    }
    const end = `${play.status} in run ${runs.length}`;
    ends[end] = (ends[end] ?? 0) + 1;
    console.log(`${label}: ${end}`);
  }
  console.log(`adversarial-cancel: ${JSON.stringify(ends)}`);
  // The loop proves little unless some cancels landed while a play ran.
  expect(ends["cancelled in run 1"] ?? 0).toBeGreaterThan(0);
});
