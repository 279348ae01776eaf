/**
 * A cancel racing a resume, at random offsets (seeded), in one tab and across two tabs of one
 * browser: a play parked at a pause is answered and cancelled at nearly the same moment. The
 * end is one of the two, told the same way by every record: `cancelled` (at the pause, before
 * its next run began, or during it) or `completed` (the run after the answer ended before the
 * cancel came); no run or span is left running, and a completed play carries the token its
 * first run stored.
 */
import type { Page } from "@playwright/test";
import { expect, openAppInNewPage, saveFlow, settledPlay, test, uniqueName } from "./fixtures";
import { expectConsistent, settledRecords } from "./play-consistency";
import { seededRandom } from "./seeded";

/** A token before the pause, then a step computing for the answer's `ms`. */
const SOURCE = `import os
import time
from hero_logic import flow


def busy(ms: int) -> str:
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        pass
    return os.urandom(8).hex()


@flow
def main():
    first = flow.step(busy, 0, name="before")
    answer = flow.pause("go", prompt="How long?", fields=[{"name": "ms", "field_type": "int"}])
    return {"first": first, "after": flow.step(busy, answer["ms"], name="after")}
`;

/** One race: the answer and the cancel, `offsetMs` apart (negative: the cancel first). */
interface Race {
  offsetMs: number;
  ms: number;
}

async function pausedPlay(page: Page, flow: string): Promise<{ sid: string; first: string }> {
  return page.evaluate(async (name) => {
    const { sid } = await window.heroLogic.plays.start(name);
    await window.heroLogic.plays.wait(sid, { timeoutMs: 60_000 });
    const spans = await window.heroLogic.plays.spans(sid);
    return { sid, first: spans.find((s) => s.name === "before")?.output as string };
  }, flow);
}

/** Resume in `answering` and cancel in `cancelling` (the same page or two), `offsetMs` apart. */
async function race(answering: Page, cancelling: Page, sid: string, { offsetMs, ms }: Race) {
  const resume = answering.evaluate(
    async ([playSid, delay, answer]) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      return window.heroLogic.plays.resume(playSid, { ms: answer }).then(
        () => "resumed",
        (error: { code?: string }) => `refused: ${error.code}`,
      );
    },
    [sid, Math.max(0, -offsetMs), ms] as const,
  );
  const cancel = cancelling.evaluate(
    async ([playSid, delay]) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      return (await window.heroLogic.plays.cancel(playSid)).status;
    },
    [sid, Math.max(0, offsetMs)] as const,
  );
  return Promise.all([resume, cancel]);
}

async function raceLoop(
  answering: Page,
  cancelling: Page,
  iterations: number,
  random: ReturnType<typeof seededRandom>,
  where: string,
): Promise<Record<string, number>> {
  const name = uniqueName("e2e_cancel_resume");
  await saveFlow(answering, name, SOURCE);
  const ends: Record<string, number> = {};
  for (let i = 1; i <= iterations; i++) {
    const plan: Race = { offsetMs: random.between(-60, 300), ms: random.pick([0, 150, 400]) };
    const label = `${where} iteration ${i} (seed ${random.seed}, ${JSON.stringify(plan)})`;
    const { sid, first } = await pausedPlay(answering, name);
    const [resumed, cancelled] = await race(answering, cancelling, sid, plan);
    // Either answers, whichever tab asks: the other tab sees the same play.
    await settledPlay(cancelling, sid);
    const records = await settledRecords(answering, sid);
    expectConsistent(label, records);
    const { play } = records;
    expect(["cancelled", "completed"], label).toContain(play.status);
    expect(["resumed", "refused: not_paused"], label).toContain(resumed);
    // A cancel after the play completed leaves it completed, and says so.
    expect(cancelled, label).toBe(play.status);
    if (resumed !== "resumed") expect(play.run_count, `${label}: refused, no run`).toBe(1);
    if (play.status === "completed") {
      expect((play.output_data as { first: string }).first, label).toBe(first);
    }
    const end = `${play.status} after ${play.run_count} run(s), answer ${resumed}`;
    ends[end] = (ends[end] ?? 0) + 1;
    console.log(`${label}: ${end}`);
  }
  console.log(`adversarial-cancel-resume (${where}): ${JSON.stringify(ends)}`);
  return ends;
}

test("a resume and a cancel racing in one tab: one of the two, consistent", async ({
  appPage: page,
}, testInfo) => {
  test.setTimeout(120_000);
  const random = seededRandom("adversarial-cancel-resume, one tab", testInfo);
  await raceLoop(page, page, 10, random, "one tab");
});

test("a resume in one tab racing a cancel in another: one of the two, consistent", async ({
  freshContext,
}, testInfo) => {
  test.setTimeout(180_000);
  const random = seededRandom("adversarial-cancel-resume, two tabs", testInfo);
  const { context, page: first } = await freshContext();
  // One Python worker per tab: two tabs boot on two shared cores.
  await first.evaluate(() => localStorage.setItem("hero_logic.workers", "1"));
  const second = await openAppInNewPage(context, "#/plays");
  await raceLoop(first, second, 8, random, "two tabs");
});
