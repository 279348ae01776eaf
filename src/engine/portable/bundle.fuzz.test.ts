import { describe, expect, it } from "vitest";
import { sampleBundle } from "../../test-support/bundle-sample";
import {
  createRng,
  mutateText,
  mutateValue,
  type Rng,
  randomText,
  randomValue,
} from "../../test-support/fuzz";
import { HeroError } from "../errors";
import { readBundle } from "./bundle";

const SEED = 0xb0_0d1e;
const CASES = 3_000;

/** A small valid bundle: one flow, one paused-then-finished play with a span and an output. */
const VALID = sampleBundle();

/** A bundle as an object or JSON text: random, or the valid one bent in one to three places. */
function candidate(rng: Rng): unknown {
  switch (rng.int(6)) {
    case 0:
      return randomValue(rng, 4);
    case 1:
      return randomText(rng, 300);
    case 2: {
      let text = JSON.stringify(VALID);
      for (let n = 1 + rng.int(3); n > 0; n--) text = mutateText(rng, text);
      return text;
    }
    default: {
      let value: unknown = VALID;
      for (let n = 1 + rng.int(3); n > 0; n--) value = mutateValue(rng, value);
      return rng.next() < 0.3 ? JSON.stringify(value) : value;
    }
  }
}

describe("bundle reader under random and mutated input", () => {
  it("reads the unmutated bundle (the fuzzer starts from a valid one)", () => {
    expect(readBundle(JSON.stringify(VALID)).plays[0]?.sid).toBe("pl000001");
  });

  it(`reads a bundle or refuses with invalid_input, never anything else (${CASES} cases, seed ${SEED})`, () => {
    const rng = createRng(SEED);
    const outcomes = { read: 0, refused: 0 };
    for (let i = 0; i < CASES; i++) {
      const input = candidate(rng);
      try {
        const bundle = readBundle(input);
        expect(bundle.format, `case ${i}`).toBe("hero_logic.bundle");
        outcomes.read += 1;
      } catch (error) {
        if (!(error instanceof HeroError) || error.code !== "invalid_input") {
          const shown = String(typeof input === "string" ? input : JSON.stringify(input)).slice(
            0,
            200,
          );
          throw new Error(`case ${i} (${shown}) threw ${error}`);
        }
        expect(error.message, `case ${i}`).toMatch(
          /^This is not a hero_logic bundle that can be imported: ./,
        );
        outcomes.refused += 1;
      }
    }
    expect(outcomes.refused).toBeGreaterThan(CASES / 2);
    expect(outcomes.read).toBeGreaterThan(0);
  });

  it("refuses input that is not plain data: cycles, BigInt, functions, deep nesting", () => {
    const cyclic: Record<string, unknown> = { ...VALID };
    cyclic.self = cyclic;
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const deepValue = structuredClone(VALID) as { plays: { input_data: unknown }[] };
    let nested: unknown = "ducks";
    for (let i = 0; i < 50_000; i++) nested = [nested];
    deepValue.plays[0]!.input_data = { topic: nested };
    for (const input of [cyclic, 10n, () => VALID, undefined, Symbol("b"), deep, deepValue]) {
      let error: unknown;
      try {
        readBundle(input);
      } catch (caught) {
        error = caught;
      }
      expect(error, String(typeof input)).toBeInstanceOf(HeroError);
      expect((error as HeroError).code).toBe("invalid_input");
    }
  });
});
