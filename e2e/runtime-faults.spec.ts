/**
 * Runtime faults inside plays, in Chromium: flows that exit, are interrupted, recurse without
 * end, run out of memory or close their own worker fail with a clear message on their page,
 * and the next play still completes; a step output of megabytes is shown truncated with
 * "Show all" and a download; a flow printing megabytes keeps bounded logs.
 */
import type { Page } from "@playwright/test";
import {
  expect,
  gotoRoute,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  saveFlow,
  test,
  uniqueName,
} from "./fixtures";

/** A flow whose step `inner` runs `statement`, inside a grouping span. */
function faulty(statement: string): string {
  return `import sys
from hero_logic import flow


@flow
def inner():
    ${statement}


@flow
def main():
    with flow.span("group"):
        return inner()
`;
}

const FINE = `from hero_logic import flow


@flow
def main(n: int = 4):
    return sum(flow.step(lambda i=i: i * i, name="square") for i in range(n))
`;

/** Start a play of `flow` and wait until it ended (or fail the test after `timeoutMs`). */
function playToEnd(page: Page, flow: string, timeoutMs = PLAY_TIMEOUT_MS) {
  return page.evaluate(
    async ([name, ms]) => {
      const play = await window.heroLogic.plays.start(name, {});
      return window.heroLogic.plays.wait(play.sid, { timeoutMs: ms });
    },
    [flow, timeoutMs] as const,
  );
}

const CASES: [string, string, RegExp][] = [
  ["raise SystemExit(3)", "SystemExit: 3", /line 7, in inner/],
  ["sys.exit('bye')", "SystemExit: bye", /line 7, in inner/],
  ["raise KeyboardInterrupt", "KeyboardInterrupt", /line 7, in inner/],
  ["f = lambda n: f(n + 1); f(0)", "RecursionError: maximum recursion depth exceeded", /line 7/],
  // A raised limit: the traceback of a million frames is shortened and freed link by link.
  [
    "sys.setrecursionlimit(1_000_000); f = lambda n: f(n + 1); f(0)",
    "RecursionError: maximum recursion depth exceeded",
    /Previous line repeated/,
  ],
  // The runtime itself ends: the play fails saying so, and the worker is replaced.
  [
    "import os; os._exit(3)",
    "Python's runtime failed during the run: Program terminated with exit(3)",
    /exit\(3\)/,
  ],
  ['return len(b"x" * (2**31 - 1))', "MemoryError", /line 7, in inner/],
  // A list growing until the wasm memory is full: MemoryError, and the worker is replaced.
  ["x = [bytearray(2**26) for _ in iter(int, 1)]", "MemoryError", /line 7, in inner/],
  ["import js; js.close()", "TypeError", /line 7, in inner/],
];

test("flows that exit, recurse, run out of memory or close their worker fail clearly; others go on", async ({
  appPage: page,
}) => {
  test.setTimeout(300_000);
  const fine = uniqueName("fine");
  await saveFlow(page, fine, FINE);
  for (const [statement, message, traceback] of CASES) {
    const name = uniqueName("fault");
    await saveFlow(page, name, faulty(statement));
    const play = await playToEnd(page, name, 30_000);
    expect(play.status, statement).toBe("failed");
    expect(play.error?.message, statement).toContain(message);
    expect(play.error?.traceback, statement).toMatch(traceback);
    // The pool goes on: another play completes after it.
    const after = await playToEnd(page, fine, 30_000);
    expect(after, `a play after: ${statement}`).toMatchObject({
      status: "completed",
      output_data: 14,
    });
  }

  // Where the user looks: the play's page names the error and shows the traceback.
  const name = uniqueName("exits");
  await saveFlow(page, name, faulty("sys.exit('bye')"));
  await openNewPlay(page, name, { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("failed");
  // The heading is the error as Python names it (the badge already says the play failed).
  await expect(page.getByTestId("play-error").locator("h2")).toHaveText("SystemExit: bye");
  await expect(page.getByTestId("play-error")).toContainText("sys.exit('bye')");
});

const TIMER = `import js
from pyodide.ffi import create_proxy
from hero_logic import flow


@flow
def main():
    js.setTimeout(create_proxy(lambda: 1 / 0), 10)
    return "scheduled"
`;

test("an error a flow's timer throws after its run fails no later play", async ({
  appPage: page,
}) => {
  const timer = uniqueName("timer");
  const fine = uniqueName("fine");
  await saveFlow(page, timer, TIMER);
  await saveFlow(page, fine, FINE);
  // The page says so when the timer's error reaches it: the plays after it come after the error.
  const thrown = page.waitForEvent("console", {
    predicate: (message) =>
      message.text().startsWith("hero_logic: an error in a Python worker outside any run") &&
      message.text().includes("ZeroDivisionError"),
  });
  expect((await playToEnd(page, timer)).status).toBe("completed");
  await thrown;
  for (let i = 0; i < 3; i++) {
    const after = await playToEnd(page, fine);
    expect(after.error).toBeNull();
    expect(after).toMatchObject({ status: "completed", output_data: 14 });
  }
});

const BIG_OUTPUT = `from hero_logic import flow


@flow
def big() -> list:
    return [{"i": i, "text": "x" * 40} for i in range(100_000)]


@flow
def chatty() -> str:
    for i in range(40_000):
        print(f"line {i:05d}", "y" * 80)
    return "printed"


@flow
def main():
    rows = big()
    chatty()
    return rows
`;

test("a step output of megabytes is shown truncated, in full on demand and as a download", async ({
  appPage: page,
}) => {
  const name = uniqueName("big_output");
  await saveFlow(page, name, BIG_OUTPUT);
  const sid = await openNewPlay(page, name, { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed");
  // The play's own output (the same megabytes) is shown truncated on its page too.
  await expect(page.locator(".io").getByTestId("value-truncated")).toContainText(
    "Showing the first 20,000 characters.",
  );
  expect((await page.getByTestId("play-output").textContent())?.length).toBe(20_000);
  const spans = await page.evaluate((playSid) => window.heroLogic.plays.spans(playSid), sid);
  const big = spans.find((s) => s.name === "big")!;
  const fullText = JSON.stringify(big.output, null, 2);
  expect(fullText.length).toBeGreaterThan(5_000_000);

  await gotoRoute(page, `#/plays/${sid}/spans/${big.sid}`);
  const output = page.getByTestId("span-output");
  await expect(output.getByTestId("value-truncated")).toContainText(
    "Showing the first 20,000 characters.",
  );
  const shown = await output.locator("pre").textContent();
  expect(shown).toBe(fullText.slice(0, 20_000));

  const download = page.waitForEvent("download");
  await output.getByTestId("download-value").click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${sid}-${big.sid}-output.json`);
  const path = await file.path();
  const { readFile } = await import("node:fs/promises");
  expect(await readFile(path, "utf8")).toBe(fullText);

  await output.getByTestId("show-all").click();
  await expect(output.getByTestId("value-truncated")).toContainText("Showing all of it.");
  expect((await output.locator("pre").textContent())?.length).toBe(fullText.length);

  // The chatty step printed 3.5 MB: its logs keep the head and the tail, and say what was dropped.
  const chatty = spans.find((s) => s.name === "chatty")!;
  await gotoRoute(page, `#/plays/${sid}/spans/${chatty.sid}`);
  const logs = page.getByTestId("span-logs").locator("pre");
  await expect(logs).toContainText("more characters dropped");
  const text = (await logs.textContent()) ?? "";
  expect(text.length).toBeLessThan(101_000);
  expect(text.startsWith("line 00000 ")).toBe(true);
  expect(text.endsWith(`line 39999 ${"y".repeat(80)}\n`)).toBe(true);
});
