import { describe, expect, it } from "vitest";
import { byName, runFlow } from "./run";

/** What a flow meets when it reaches for what the browser's Python does not have. */
describe("what a flow cannot do in the browser, said plainly", () => {
  it("input() fails naming flow.pause, instead of an I/O error", async () => {
    const source = `
from hero_logic import flow

@flow
def main():
    return input("name? ")
`;
    const { outcome } = await runFlow(source);
    expect(outcome.status).toBe("failed");
    if (outcome.status !== "failed") return;
    expect(outcome.error.message).toMatch(/input\(\).*flow\.pause/);
    expect(outcome.error.traceback).toContain('File "demo.py", line 6, in main');
  });

  it("an async def entry fails saying flows are plain functions", async () => {
    const source = `
from hero_logic import flow

@flow
async def main():
    return 1
`;
    const { outcome } = await runFlow(source);
    expect(outcome).toMatchObject({
      status: "failed",
      error: { message: expect.stringMatching(/'main' is declared async def.*plain def/) },
    });
  });

  it("an async step fails naming the step and the fix", async () => {
    const source = `
from hero_logic import flow

async def fetch():
    return 1

@flow
def main():
    return flow.step(fetch)
`;
    const { outcome, spans } = await runFlow(source);
    expect(outcome).toMatchObject({
      status: "failed",
      error: { message: expect.stringMatching(/step 'fetch' is declared async def.*plain def/) },
    });
    expect(byName(spans, "fetch")[0]).toMatchObject({ status: "failed" });
  });

  it("a missing package names what can be imported", async () => {
    const source = `
import numpy
from hero_logic import flow

@flow
def main():
    return 1
`;
    const { outcome } = await runFlow(source);
    expect(outcome).toMatchObject({
      status: "failed",
      error: {
        type: "ModuleNotFoundError",
        message: expect.stringMatching(
          /No module named 'numpy'.*standard library.*'# \/\/\/ script' header.*heroLogic.packages.add/,
        ),
      },
    });
  });

  it("a step whose argument holds a lone surrogate runs and replays", async () => {
    const source = `
from hero_logic import flow

def echo(text):
    return len(text)

@flow
def main():
    return flow.step(echo, "a\\udcffb")
`;
    const first = await runFlow(source);
    expect(first.outcome).toMatchObject({ status: "completed", output: 3 });
    const again = await runFlow(source, { step_cache: first.cache });
    expect(again.outcome).toMatchObject({ status: "completed", output: 3 });
    expect(byName(again.spans, "echo")[0]).toMatchObject({ replayed: true });
  });
});

describe("flows nested without end", () => {
  it("a flow that invokes itself in-process fails at a depth limit, saying so", async () => {
    const source = `
from hero_logic import flow

@flow
def main():
    return flow.invoke("demo")
`;
    const library = { demo: { version_sid: "v1", source, entry: "main", inputs: [] } };
    const { outcome } = await runFlow(source, { library });
    expect(outcome).toMatchObject({
      status: "failed",
      recycle: false,
      error: {
        type: "Failed",
        message: expect.stringMatching(/^Failed: flow\.invoke\('demo'\) would nest 33 flows/),
      },
    });
  });
});
