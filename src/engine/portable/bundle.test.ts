import { describe, expect, it } from "vitest";
import { sampleBundle } from "../../test-support/bundle-sample";
import { HeroError } from "../errors";
import { readBundle } from "./bundle";
import { LIMITS } from "./bundle-schema";

function refusal(input: unknown): HeroError {
  try {
    readBundle(input);
  } catch (error) {
    if (error instanceof HeroError) return error;
    throw error;
  }
  throw new Error("expected the bundle to be refused");
}

// biome-ignore lint/suspicious/noExplicitAny: the tests bend records into shapes their types forbid.
type Loose = any;

/** `sampleBundle()` changed by `edit`, as JSON text. */
function edited(edit: (bundle: Loose) => void): string {
  const bundle = structuredClone(sampleBundle()) as Loose;
  edit(bundle);
  return JSON.stringify(bundle);
}

describe("reading a bundle", () => {
  it("accepts a valid bundle as an object or as JSON text, unchanged", () => {
    expect(readBundle(sampleBundle())).toEqual(sampleBundle());
    expect(readBundle(JSON.stringify(sampleBundle()))).toEqual(sampleBundle());
  });

  it("drops fields it does not know instead of storing them", () => {
    const text = edited((b) => {
      b.plays[0].smuggled = "x";
    });
    expect(readBundle(text).plays[0]).not.toHaveProperty("smuggled");
  });

  it("refuses corrupt JSON, naming the problem", () => {
    const text = JSON.stringify(sampleBundle());
    const error = refusal(text.slice(0, text.length - 40));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/not valid JSON .*cut off or damaged/);
    expect(refusal("").message).toMatch(/not valid JSON/);
  });

  it("refuses foreign files: another format, no marker, not an object", () => {
    expect(refusal(edited((b) => (b.format = "other.app.backup"))).message).toMatch(
      /its format is "other.app.backup", not "hero_logic.bundle"/,
    );
    expect(refusal('{"name":"package","version":"1.0.0"}').message).toMatch(/its format is null/);
    expect(refusal("[1,2,3]").message).toMatch(/not an object/);
    expect(refusal(null).message).toMatch(/not an object/);
  });

  it("refuses another bundle version", () => {
    const error = refusal(edited((b) => (b.version = 2)));
    expect(error.message).toMatch(/bundle version 2; this app reads version 1/);
  });

  it("refuses a record with a field of the wrong type, naming where", () => {
    const cases: [(b: Loose) => void, RegExp][] = [
      [(b) => (b.plays[0].status = "exploded"), /plays\.0\.status: .*but received "exploded"/],
      [(b) => (b.workflows[0].inputs[0].required = "yes"), /workflows\.0\.inputs\.0\.required/],
      [(b) => (b.batches[0].spans[0].seq = "1"), /batches\.0\.spans\.0\.seq/],
      [(b) => delete b.versions[0].source, /versions\.0\.source/],
      [(b) => (b.workflows[0].name = "not a name"), /not a valid workflow name/],
      [
        (b) => (b.runs[0].journal = [["main"]]),
        /runs\.0\.journal: expected the packed journal text or a list of \[name, step_key\] pairs/,
      ],
      [(b) => (b.answers = {}), /answers: Invalid type/],
    ];
    for (const [edit, message] of cases) {
      const error = refusal(edited(edit));
      expect(error.code).toBe("invalid_input");
      expect(error.message).toMatch(message);
    }
  });

  it("refuses records that do not fit together", () => {
    const cases: [(b: Loose) => void, RegExp][] = [
      [(b) => b.plays.push(b.plays[0]), /play pl000001 appears twice/],
      [(b) => (b.workflows[0].current_version_sid = "nothere"), /lacks its current version/],
      [(b) => (b.plays[0].version_sid = "nothere"), /lacks the version it ran/],
      [(b) => (b.batches[0].play_sid = "other001"), /play other001, which the bundle does not/],
      [(b) => (b.batches[0].spans[0].run_no = 7), /holds spans of another play or run/],
    ];
    for (const [edit, message] of cases) expect(refusal(edited(edit)).message).toMatch(message);
  });

  it("refuses oversized bundles and records", () => {
    const huge = " ".repeat(LIMITS.bundleChars + 1);
    expect(refusal(huge).message).toMatch(/it is too large \(200\.0 MB; at most 200\.0 MB\)/);
    // Beyond carried wheels, the records keep their own limit.
    const padded = edited(() => {}) + " ".repeat(LIMITS.recordsChars);
    expect(refusal(padded).message).toMatch(
      /its records are too large \(64\.0 MB; at most 64\.0 MB\)/,
    );
    const longSource = edited((b) => (b.versions[0].source = "#".repeat(LIMITS.sourceChars + 1)));
    expect(refusal(longSource).message).toMatch(/versions\.0\.source: Invalid length/);
    const many = edited((b) => {
      const [workflow] = b.workflows;
      b.workflows = Array.from({ length: LIMITS.workflows + 1 }, (_, i) => ({
        ...workflow,
        sid: `wf${i}`,
        name: `demo_${i}`,
      }));
    });
    expect(refusal(many).message).toMatch(/workflows: more than 10000 records/);
  });
});
