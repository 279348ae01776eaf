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
