/**
 * The Python worker running a play terminated at a random moment (seeded), its tab left alone:
 * nothing tells a page that its worker died, so the engine watches each worker's lifeline (a Web
 * Lock the worker holds for life). The run is cut off and the play runs again at once in the
 * same tab: every step whose `ok` was stored is replayed with its token and never executed
 * again (each execution says so on the worker's console, which the flow cannot replay), what
 * was in flight ends interrupted, and the play completes.
 */
import type { ConsoleMessage } from "@playwright/test";
import type { Span } from "../src/db/records";
import { expect, openAppInNewPage, saveFlow, test, uniqueName } from "./fixtures";
import { expectConsistent, settledRecords } from "./play-consistency";
import { seededRandom } from "./seeded";

const ITERATIONS = 6;
const STEPS = 6;
/** The worker is terminated this long after `plays.start` returned, at most. */
const LATEST_KILL_MS = 1_500;

const SOURCE = `import os
import time

import js
from hero_logic import flow


def work(tag: str, name: str, ms: int) -> str:
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        pass
    token = os.urandom(8).hex()
    js.console.log(f"adversarial-worker executed {tag} {name} {token}")
    return token


@flow
def main(tag: str = "", durations: list = []):
    return {
        f"step_{k}": flow.step(work, tag, f"step_{k}", ms, name=f"step_{k}")
        for k, ms in enumerate(durations, start=1)
    }
`;

const EXECUTED = /^adversarial-worker executed (\S+) (\S+) ([0-9a-f]{16})$/;

/**
 * The test's hook (no part of the app): every Python worker the page makes is kept on
 * `window.pythonWorkers`, so that the test can terminate one as a crash would end it.
 */
function keepPythonWorkers() {
  const Original = window.Worker;
  const kept: Worker[] = [];
  (window as unknown as { pythonWorkers: Worker[] }).pythonWorkers = kept;
  window.Worker = class extends Original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (options?.name === "python") kept.push(this);
    }
  };
}

function steps(run: Span[] | undefined): Span[] {
  return (run ?? []).filter((s) => s.kind === "step");
}

test("a play's worker terminated at random moments: the play goes on, no stored step runs again", async ({
  freshContext,
}, testInfo) => {
  test.setTimeout(180_000);
  const random = seededRandom("adversarial-worker", testInfo);
  const { context, page: first } = await freshContext();
  await first.evaluate(() => localStorage.setItem("hero_logic.workers", "1"));
  await context.addInitScript(keepPythonWorkers);
  const page = await openAppInNewPage(context);
  await first.close();
  const name = uniqueName("e2e_worker_killed");
  await saveFlow(page, name, SOURCE);

  const executed = new Map<string, string[]>();
  context.on("console", (message: ConsoleMessage) => {
    const match = EXECUTED.exec(message.text());
    if (!match?.[1] || !match[2]) return;
    const key = `${match[1]} ${match[2]}`;
    executed.set(key, [...(executed.get(key) ?? []), match[3] ?? ""]);
  });

  let cutOff = 0;
  for (let i = 1; i <= ITERATIONS; i++) {
    const tag = `w${i}`;
    const durations = Array.from({ length: STEPS }, (_, k) =>
      k % 2 === 0 ? 0 : random.between(100, 350),
    );
    const killAfterMs = random.between(0, LATEST_KILL_MS);
    const label = `iteration ${i} (seed ${random.seed}, steps ${durations.join("/")} ms, worker terminated after ${killAfterMs} ms)`;
    const sid = await page.evaluate(
      async ([flow, inputs, ms]) => {
        const play = await window.heroLogic.plays.start(flow, inputs);
        await new Promise((resolve) => setTimeout(resolve, ms));
        for (const worker of (window as unknown as { pythonWorkers: Worker[] }).pythonWorkers) {
          worker.terminate();
        }
        return play.sid;
      },
      [name, { tag, durations }, killAfterMs] as const,
    );
    const records = await settledRecords(page, sid, 60_000);
    expectConsistent(label, records);
    const { play, runs, spans } = records;
    expect(play.status, `${label}: the play completes (${play.error?.message})`).toBe("completed");
    runs.slice(0, -1).forEach((run) => {
      expect(run.ended_by, `${label}: run ${run.run_no} was cut off`).toBe("interrupted");
    });

    // A step stored ok by an earlier run is replayed with its token by every later one, and
    // was executed once: the token it stored.
    const output = play.output_data as Record<string, string>;
    const storedBefore = new Map<string, string>();
    spans.forEach((run, r) => {
      for (const step of steps(run)) {
        const token = storedBefore.get(step.name);
        if (token !== undefined) {
          expect(
            { step: step.name, run: r + 1, replayed: step.replayed, output: step.output },
            `${label}: a step stored ok earlier is replayed with its output`,
          ).toEqual({ step: step.name, run: r + 1, replayed: true, output: token });
        } else if (step.status === "ok" && r < spans.length - 1) {
          storedBefore.set(step.name, step.output as string);
        }
      }
    });
    for (const [step, token] of storedBefore) {
      expect(output[step], `${label}: the output carries ${step}'s stored token`).toBe(token);
      await expect
        .poll(() => executed.get(`${tag} ${step}`), { message: `${label}: ${step} ran once` })
        .toEqual([token]);
    }
    if (play.run_count > 1) cutOff += 1;
    console.log(
      `${label}: ${play.run_count} run(s), replayed ${[...storedBefore.keys()].join(", ") || "nothing"}`,
    );
  }
  console.log(`adversarial-worker: ${cutOff} of ${ITERATIONS} plays cut off mid-run`);
  expect(cutOff).toBeGreaterThan(0);
});
