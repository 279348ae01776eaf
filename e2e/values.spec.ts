/**
 * Values in Chromium: a child play's output shown exactly where JavaScript's numbers cannot hold
 * it, and a random state of its own in every Python worker (a worker restored from the memory
 * snapshot used to start with the snapshot's).
 */
import {
  expect,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  saveFlow,
  spanElements,
  test,
  uniqueName,
} from "./fixtures";

test("a child's output with 2**53 + 1, 1.0 and -0.0 shows exactly in the play and the span detail", async ({
  appPage: page,
}) => {
  const kid = uniqueName("exact_kid");
  const parent = uniqueName("exact_parent");
  await saveFlow(
    page,
    kid,
    `from hero_logic import flow

@flow
def main():
    return {"b": 1, "2": "two", "big": 2**53 + 1, "f": 1.0, "negz": -0.0}
`,
  );
  await saveFlow(
    page,
    parent,
    `from hero_logic import flow

@flow
def main():
    out = flow.invoke(${JSON.stringify(kid)}, spawn=True)
    return {"exact": out == {"b": 1, "2": "two", "big": 2**53 + 1, "f": 1.0, "negz": -0.0},
            "big": out["big"]}
`,
  );
  await openNewPlay(page, parent, { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  const output = page.getByTestId("play-output");
  await expect(output).toContainText('"exact": true');
  await expect(output).toContainText('"big": 9007199254740993');

  await spanElements(page, `wait ${kid}`).first().click();
  const detail = page.getByTestId("span-output");
  await expect(detail).toContainText(
    '{\n  "b": 1,\n  "2": "two",\n  "big": 9007199254740993,\n  "f": 1.0,\n  "negz": -0.0\n}',
  );
});

test("every new Python worker draws its own random numbers", async ({ appPage: page }) => {
  // Each new flow gets a worker of its own: fresh, or one restored from the memory snapshot.
  const draws: number[] = [];
  for (let i = 0; i < 4; i++) {
    const name = uniqueName("draw");
    await saveFlow(
      page,
      name,
      `import random
from hero_logic import flow

@flow
def main():
    return random.random()
`,
    );
    const play = await page.evaluate(async (flow) => {
      const started = await window.heroLogic.plays.start(flow);
      return window.heroLogic.plays.wait(started.sid, { timeoutMs: 60_000 });
    }, name);
    expect(play.status).toBe("completed");
    draws.push(play.output_data as number);
  }
  expect(new Set(draws).size).toBe(draws.length);
});
