import { describe, expect, it } from "vitest";
import { runFlow } from "./run";

describe("values replay returns exactly", () => {
  it("gives back a string with lone surrogates unchanged when a step is replayed", async () => {
    const source = `
from hero_logic import flow

@flow
def main():
    text = flow.step(lambda: "a\\ud800b\\udc00c", name="text")
    return [ord(c) for c in text]
`;
    const first = await runFlow(source);
    const expected = [97, 0xd800, 98, 0xdc00, 99];
    expect(first.outcome).toMatchObject({ status: "completed", output: expected });
    const replayed = await runFlow(source, { step_cache: first.cache });
    expect(replayed.spans.find((s) => s.name === "text")?.replayed).toBe(true);
    expect(replayed.outcome).toMatchObject({ status: "completed", output: expected });
  });

  it("gives back integers of any size, 1.0, -0.0 and the key order as the first run saw them", async () => {
    const source = `
from hero_logic import flow

@flow
def main():
    value = flow.step(lambda: {"b": 1, "2": "two", "big": 2**53 + 1, "f": 1.0, "negz": -0.0},
                      name="value")
    return repr(value)
`;
    const first = await runFlow(source);
    const exact = "{'b': 1, '2': 'two', 'big': 9007199254740993, 'f': 1.0, 'negz': -0.0}";
    expect(first.outcome).toMatchObject({ status: "completed", output: exact });
    const replayed = await runFlow(source, { step_cache: first.cache });
    expect(replayed.outcome).toMatchObject({ status: "completed", output: exact });
  });

  it("hands the engine a play's output as the JSON text Python wrote", async () => {
    const { outcome } = await runFlow(`
from hero_logic import flow

@flow
def main():
    return {"b": 1, "2": "two", "big": 2**53 + 1, "f": 1.0, "negz": -0.0, "s": "a\\ud800"}
`);
    expect(outcome).toMatchObject({
      status: "completed",
      output_json: '{"b":1,"2":"two","big":9007199254740993,"f":1.0,"negz":-0.0,"s":"a\ud800"}',
    });
  });
});

describe("randomness", () => {
  it("seeds random afresh at each run, whatever an earlier run of the interpreter left", async () => {
    await runFlow(`
import random
from hero_logic import flow

@flow
def main():
    random.seed(0)
`);
    const drawn = await runFlow(`
import random
from hero_logic import flow

@flow
def main():
    return random.random()
`);
    // random.Random(0).random(): what the next flow would draw if nothing reseeded it.
    expect(drawn.outcome).toMatchObject({ status: "completed" });
    expect(drawn.outcome).not.toMatchObject({ output: 0.8444218515250481 });
  });
});
