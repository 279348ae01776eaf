import { describe, expect, it } from "vitest";
import { readBundle } from "./bundle";
import { HeroError } from "./errors";
import { createRng, mutateText, mutateValue, type Rng, randomText, randomValue } from "./fuzz";

const SEED = 0xb0_0d1e;
const CASES = 3_000;

const FIELD = {
  name: "topic",
  field_type: "str",
  description: "",
  required: true,
  default: "ducks",
  options: [],
};

/** A small valid bundle: one flow, one paused-then-finished play with a span and an output. */
const VALID = {
  format: "hero_logic.bundle",
  version: 1,
  exported_at: 1_700_000_000_000,
  workflows: [
    {
      sid: "wf000001",
      name: "demo",
      description: "A demo",
      current_version_sid: "ve000001",
      inputs: [FIELD],
      outputs: [],
      created_at: 1,
      updated_at: 2,
    },
  ],
  versions: [
    {
      sid: "ve000001",
      workflow_sid: "wf000001",
      source: "from hero_logic import flow\n@flow\ndef main(topic='ducks'):\n    return topic\n",
      entry: "main",
      inputs: [FIELD],
      outputs: [],
      created_at: 1,
    },
  ],
  plays: [
    {
      sid: "pl000001",
      workflow_sid: "wf000001",
      version_sid: "ve000001",
      pinned_version_sid: null,
      status: "completed",
      input_data: { topic: "ducks" },
      output_data: "ducks",
      error: null,
      prefill_resumes: {},
      prefill_only: false,
      pending_pause: null,
      waiting_on: [],
      parent_play_sid: null,
      parent_span_sid: null,
      run_count: 1,
      timeout_ms: null,
      created_at: 3,
      started_at: 4,
      ended_at: 5,
    },
  ],
  runs: [
    {
      play_sid: "pl000001",
      run_no: 1,
      version_sid: "ve000001",
      started_at: 4,
      ended_at: 5,
      ended_by: "completed",
      pause_key: null,
      journal: [["main", "abc"]],
    },
  ],
  batches: [
    {
      play_sid: "pl000001",
      run_no: 1,
      batch_no: 1,
      spans: [
        {
          sid: "sp000001",
          play_sid: "pl000001",
          parent_sid: null,
          seq: 0,
          run_no: 1,
          version_sid: "ve000001",
          name: "main",
          kind: "flow_root",
          status: "ok",
          started_at: 4,
          ended_at: 5,
          input: { topic: "ducks" },
          output: "ducks",
          error: null,
          logs: "",
          source_file: "demo.py",
          source_line: 3,
          step_key: null,
          replayed: false,
          attributes: {},
          child_play_sid: null,
          replayed_from_run: null,
          replayed_from_span: null,
        },
      ],
    },
  ],
  outputs: [
    {
      play_sid: "pl000001",
      run_no: 1,
      batch_no: 1,
      entries: [{ step_key: "abc", output: '"ducks"', span_sid: "sp000001" }],
    },
  ],
  answers: [{ play_sid: "pl000001", key: "approve", payload: '{"ok":true}', answered_at: 4 }],
};

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
    const started = performance.now();
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
    expect(performance.now() - started).toBeLessThan(20_000);
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
