import { describe, expect, it } from "vitest";
import { runFlow } from "./run";

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
