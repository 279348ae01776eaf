import { deflateSync, inflateSync, strToU8 } from "fflate";
import { describe, expect, it, vi } from "vitest";
import { createRng, mutateText, type Rng, randomText, randomValue } from "../../test-support/fuzz";
import { HeroError } from "../errors";
import {
  crc32,
  decodeSharedFlow,
  encodeSharedFlow,
  MAX_SHARED_JSON_BYTES,
  type SharedFlow,
} from "./share";

// The decoder's inflater, watched: how much it ever holds of a payload is the bound that matters.
vi.mock("fflate", async (original) => {
  const fflate = await original<typeof import("fflate")>();
  return { ...fflate, inflateSync: vi.fn(fflate.inflateSync) };
});

const SEED = 0x5eed_0008;
const CASES = 3_000;
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const FLOW: SharedFlow = {
  name: "fuzzed",
  description: "A flow for the fuzzer 🦆",
  source:
    "from hero_logic import flow\n\n@flow\ndef main(topic: str = 'ducks'):\n    return topic\n",
};

/** A payload with a correct header and checksum around `json` (any text, flow or not). */
function wellFormed(json: string, format = 1): string {
  const bytes = strToU8(json);
  const packed = deflateSync(bytes);
  const out = new Uint8Array(5 + packed.length);
  out[0] = format;
  new DataView(out.buffer).setUint32(1, crc32(bytes));
  out.set(packed, 5);
  return btoa(String.fromCharCode(...out))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function candidate(rng: Rng, valid: string): string {
  switch (rng.int(5)) {
    case 0:
      return randomText(rng, 200);
    case 1: {
      let text = "";
      for (let n = rng.int(400); n > 0; n--) text += B64URL[rng.int(B64URL.length)];
      return text;
    }
    case 2:
      return wellFormed(JSON.stringify(randomValue(rng)), rng.next() < 0.9 ? 1 : rng.int(256));
    default: {
      let text = valid;
      for (let n = 1 + rng.int(3); n > 0; n--) text = mutateText(rng, text, B64URL);
      return text;
    }
  }
}

describe("share link decoder under random and mutated payloads", () => {
  it(`decodes a flow or refuses with invalid_input, never anything else (${CASES} cases, seed ${SEED})`, () => {
    const rng = createRng(SEED);
    const valid = encodeSharedFlow(FLOW);
    const outcomes = { decoded: 0, refused: 0 };
    for (let i = 0; i < CASES; i++) {
      const payload = candidate(rng, valid);
      try {
        const flow = decodeSharedFlow(payload);
        expect(typeof flow.name, `case ${i}`).toBe("string");
        expect(typeof flow.description, `case ${i}`).toBe("string");
        expect(typeof flow.source, `case ${i}`).toBe("string");
        outcomes.decoded += 1;
      } catch (error) {
        if (!(error instanceof HeroError) || error.code !== "invalid_input") {
          throw new Error(`case ${i} (${JSON.stringify(payload.slice(0, 80))}) threw ${error}`);
        }
        expect(error.message, `case ${i}`).toMatch(/^This share link /);
        outcomes.refused += 1;
      }
    }
    // Both branches were exercised.
    expect(outcomes.refused).toBeGreaterThan(CASES / 2);
    expect(outcomes.decoded).toBeGreaterThan(0);
  });

  it("refuses a deflate bomb with a valid header without inflating it all", () => {
    const bomb = wellFormed(JSON.stringify({ ...FLOW, source: " ".repeat(20_000_000) }));
    const inflate = vi.mocked(inflateSync);
    inflate.mockClear();
    expect(() => decodeSharedFlow(bomb)).toThrow(/more than 512 KB of flow/);
    // 20 MB went in; the inflater never held more than one byte over the limit.
    expect(inflate).toHaveBeenCalledTimes(1);
    expect(inflate.mock.results[0]?.value).toHaveLength(MAX_SHARED_JSON_BYTES + 1);
  });
});
