import { loadPyodide } from "pyodide";
import { describe, expect, it } from "vitest";
import { readSpanLog } from "../../src/engine/store/span-log";
import type { SpanRecord } from "../../src/wire/records";
import { loadSdk, pythonRuntime } from "../../worker/python";

const FLOW = `
from hero_logic import flow
@flow
def main():
    return [flow.step(lambda: i, name="s") for i in range(3)]
`;

/** How far a span's start may sit outside the run's window on the clock (its rounding). */
const CLOCK_SLACK_MS = 5;

describe("a worker restored from a memory snapshot", () => {
  it("runs flows with fresh sids and the current clock, not those of the snapshot", async () => {
    const maker = await loadPyodide({ _makeSnapshot: true });
    loadSdk(maker);
    const snapshot = maker.makeMemorySnapshot();
    // The clock moves past the slack allowed below, so a clock frozen in the snapshot would show.
    const madeAt = Date.now();
    while (Date.now() <= madeAt + CLOCK_SLACK_MS) await new Promise((r) => setTimeout(r, 1));

    const runs: SpanRecord[][] = [];
    for (let i = 0; i < 2; i++) {
      const restored = await loadPyodide({ _loadSnapshot: snapshot });
      loadSdk(restored);
      const records: SpanRecord[] = [];
      const before = Date.now();
      const outcome = pythonRuntime(restored).run(
        {
          workflow_name: "snap",
          version_sid: "v",
          source: FLOW,
          entry: "main",
          inputs: {},
          step_cache: [],
        },
        (spans) => records.push(...readSpanLog(spans).spans),
      );
      expect(outcome).toMatchObject({ status: "completed", output: [0, 1, 2] });
      expect(
        records.every(
          (r) =>
            r.started_at >= before - CLOCK_SLACK_MS && r.started_at <= Date.now() + CLOCK_SLACK_MS,
        ),
      ).toBe(true);
      runs.push(records);
    }
    const [first, second] = runs.map((records) => new Set(records.map((r) => r.sid)));
    expect([...first!].some((sid) => second!.has(sid))).toBe(false);
  });

  it("gives every restored worker its own random state", async () => {
    const maker = await loadPyodide({ _makeSnapshot: true });
    loadSdk(maker);
    const snapshot = maker.makeMemorySnapshot();
    const draw = `
import random
from hero_logic import flow
@flow
def main():
    return random.random()
`;
    const firsts: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const restored = await loadPyodide({ _loadSnapshot: snapshot });
      loadSdk(restored);
      const request = { workflow_name: "draw", version_sid: "v", source: draw, entry: "main" };
      const outcome = pythonRuntime(restored).run(
        { ...request, inputs: {}, step_cache: [] },
        () => {},
      );
      expect(outcome.status).toBe("completed");
      if (outcome.status === "completed") firsts.push(outcome.output);
    }
    expect(firsts[0]).not.toBe(firsts[1]);
  });
});
