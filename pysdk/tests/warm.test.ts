import { describe, expect, it } from "vitest";
import { nodePyodide } from "../../src/test-support/node-python";
import type { WarmCache } from "../../src/wire/records";
import { type RunOptions, type RunResult, runFlow } from "./run";

/**
 * Steps returning values of every kind JSON has (a token from os.urandom counts executions),
 * which the flow changes in place after each replay; it pauses twice, so a play runs three
 * times. `seen` is what each run got from its steps, as text, before changing anything.
 */
const MUTATING = `
import json, os
from hero_logic import flow

@flow
def token():
    return os.urandom(8).hex()

@flow
def number():
    return 2**53 + 1

@flow
def word():
    return "a\\ud800b"

@flow
def nested():
    return {"list": [1, {"deep": [1.0, -0.0]}], "2": "x", "b": None}

@flow
def later():
    return [[os.urandom(4).hex()], {"k": "v"}]

def spoil(values):
    values[3]["list"].append("changed")
    values[3]["list"][1]["deep"][0] = 99
    values[3]["new"] = True

@flow
def main():
    values = [token(), number(), word(), nested()]
    seen = [json.dumps(values)]
    spoil(values)
    flow.pause("one", fields=[{"name": "ok", "field_type": "bool"}])
    more = later()
    seen.append(json.dumps(more))
    more[0].append("changed")
    more[1].clear()
    values = [token(), number(), word(), nested()]
    seen.append(json.dumps(values))
    spoil(values)
    flow.pause("two", fields=[{"name": "ok", "field_type": "bool"}])
    seen.append(json.dumps([token(), number(), word(), nested(), later()]))
    return seen
`;

const PLAY = "play-warm";
const yes = JSON.stringify({ ok: true });

/** The step cache of the runs before, with the answers given so far (as the engine keeps it). */
function cacheAfter(runs: RunResult[], answers: string[]): Record<string, string> {
  const cache: Record<string, string> = Object.assign({}, ...runs.map((run) => run.cache));
  for (const key of answers) cache[`pause:${key}`] = yes;
  return cache;
}

/** Run the play three times, each run from the cache Python kept (`warm`) or from the store. */
async function threeRuns(warm: boolean): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  const answers = [[], ["one"], ["one", "two"]];
  for (const [i, given] of answers.entries()) {
    const options: RunOptions = {
      play_sid: PLAY,
      run_no: i + 1,
      step_cache: cacheAfter(runs, given),
    };
    if (warm && i > 0) options.warm = { play_sid: PLAY, run_no: i };
    runs.push(await runFlow(MUTATING, options));
  }
  return runs;
}

/** What the third run got from its steps, as the texts Python wrote. */
function seenTexts(run: RunResult): string[] {
  if (run.outcome.status !== "completed") throw new Error(`run ${run.outcome.status}`);
  return JSON.parse(run.outcome.output_json) as string[];
}

/** What the third run must get: each step's first output, untouched by what runs did to it. */
function pristine(runs: RunResult[]): unknown[] {
  const outputs = runs.map((run) => Object.values(run.cache).map((text) => JSON.parse(text)));
  const t1 = outputs[0]![0];
  const [later2, t2] = outputs[1]!;
  const [t3, , , , later3] = outputs[2]!;
  const values = (token: unknown) => [token, 2 ** 53 + 1, "a\ud800b", NESTED];
  return [values(t1), later2, values(t2), [...values(t3), later3]];
}

const NESTED = { list: [1, { deep: [1, -0] }], 2: "x", b: null };

describe("a warm run (the step cache Python kept after the play's last run)", () => {
  it("replays exactly what a cold run replays, whatever the flow changed in the values before", async () => {
    for (const warm of [false, true]) {
      const runs = await threeRuns(warm);
      expect(runs.map((run) => run.outcome.status)).toEqual(["paused", "paused", "completed"]);
      expect(runs.map((run) => run.outcome.memo)).toEqual([true, true, true]);
      // Each step executed once (its token drawn once), and every replay got its first output.
      expect(runs[2]!.cache).not.toHaveProperty(Object.keys(runs[0]!.cache)[0]!);
      const texts = seenTexts(runs[2]!);
      expect(texts.map((text) => JSON.parse(text))).toEqual(pristine(runs));
      expect(pristine(runs)[1]).toEqual([[expect.any(String)], { k: "v" }]);
      // As the texts were: a big integer, the float 1.0 and -0.0.
      for (const text of [texts[0], texts[2]]) {
        expect(text).toContain(
          '9007199254740993, "a\\ud800b", {"list": [1, {"deep": [1.0, -0.0]}]',
        );
      }
    }
  });

  it("applies a retry's forget to the kept cache as to a stored one", async () => {
    const FAILING = `
import os
from hero_logic import flow, Failed

@flow
def token(name):
    return os.urandom(8).hex()

@flow
def main():
    a, b = token("a"), token("b")
    raise Failed(f"{a} {b}")
`;
    // The row a run's outputs are stored as.
    const outputs = (result: RunResult) =>
      `{${Object.entries(result.cache).map(([key, text]) => `${JSON.stringify(key)}:${text}`)}}`;
    const run = (runNo: number, rows: string[], warm?: WarmCache) =>
      runFlow(FAILING, {
        play_sid: "play-retry",
        run_no: runNo,
        rows,
        forget: [0],
        ...(warm && { warm }),
      });
    const tokensOf = (result: RunResult) =>
      result.outcome.status === "failed" ? result.outcome.error.message.split(" ").slice(1) : [];
    for (const warm of [false, true]) {
      const first = await runFlow(FAILING, { play_sid: "play-retry", run_no: 1 });
      const [a1, b1] = tokensOf(first);
      const second = await run(
        2,
        [outputs(first)],
        warm ? { play_sid: "play-retry", run_no: 1 } : undefined,
      );
      const [a2, b2] = tokensOf(second);
      // The forgotten place executes again; the other step replays.
      expect([a2 === a1, b2]).toEqual([false, b1]);
      const third = await run(
        3,
        [outputs(first), outputs(second)],
        warm ? { play_sid: "play-retry", run_no: 2 } : undefined,
      );
      // The key stored again (place 2) replays; only place 0 is forgotten.
      expect(tokensOf(third)).toEqual([a2, b1]);
    }
  });

  it("answers cold, running nothing, when Python kept another play's cache or another run's", async () => {
    const MARKING = `
import builtins
from hero_logic import flow
builtins.HERO_RAN = True

@flow
def main():
    return flow.step(lambda: 1, name="one")
`;
    const py = await nodePyodide();
    const ran = () => py.runPython("import builtins\nbuiltins.__dict__.pop('HERO_RAN', False)");
    const first = await runFlow(MARKING, { play_sid: "play-a", run_no: 1 });
    expect(first.outcome).toMatchObject({ status: "completed", memo: true });
    expect(ran()).toBe(true);
    for (const warm of [
      { play_sid: "play-a", run_no: 2 },
      { play_sid: "play-b", run_no: 1 },
    ]) {
      const refused = await runFlow(MARKING, { play_sid: warm.play_sid, run_no: 3, warm });
      expect(refused.outcome).toMatchObject({ status: "cold", batches: 0 });
      expect(refused.spans).toEqual([]);
      expect(ran()).toBe(false);
    }
  });

  it("keeps nothing from a run that held secrets, nor from one naming no play", async () => {
    const SECRET = `
from hero_logic import flow, secret

@flow
def main():
    return flow.step(lambda: secret("KEY"), name="read")
`;
    const withSecret = await runFlow(SECRET, { play_sid: "s", run_no: 1, secrets: { KEY: "k" } });
    expect(withSecret.outcome).toMatchObject({ status: "completed", memo: false });
    const warm = { play_sid: "s", run_no: 1 };
    expect((await runFlow(SECRET, { play_sid: "s", run_no: 2, warm })).outcome.status).toBe("cold");
    const anonymous = await runFlow(SECRET, { secrets: { KEY: "k" } });
    expect(anonymous.outcome.memo).toBe(false);
  });
});
