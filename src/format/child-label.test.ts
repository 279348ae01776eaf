import { describe, expect, it } from "vitest";
import type { Play } from "../db/records";
import { runBuilder, T0 } from "../test-support/span-fixtures";
import { childLabel, shortInputs, spanDuration } from "./child-label";

describe("shortInputs", () => {
  it("writes named inputs compactly and cuts long ones", () => {
    expect(shortInputs({ spec: "parse the batch 0", style: "terse" })).toBe(
      'spec="parse the batch 0", style="terse"',
    );
    expect(shortInputs({ n: 3, ok: true, list: [1, 2] })).toBe("n=3, ok=true, list=[1,2]");
    expect(shortInputs(["a", 1])).toBe('"a", 1');
    expect(shortInputs(null)).toBe("");
    const long = shortInputs({ text: "x".repeat(100) });
    expect(long).toHaveLength(48);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("a span of a child play", () => {
  const { add } = runBuilder();
  const start = add("s", null, "service_code_gen", {
    kind: "subflow",
    child_play_sid: "kid",
    input: { spec: "sum the batch 3" },
    started_at: T0,
    ended_at: T0 + 2,
  });
  const child = {
    sid: "kid",
    input_data: { spec: "sum the batch 3", style: "terse" },
    started_at: T0 + 100,
    ended_at: T0 + 4_100,
  } as unknown as Play;

  it("is labelled by the child's inputs, or by its own input before the child is read", () => {
    expect(childLabel(start, child)).toBe('spec="sum the batch 3", style="terse"');
    expect(childLabel(start, undefined)).toBe('spec="sum the batch 3"');
  });

  it("shows the child's own duration, not the time it took to start it", () => {
    expect(spanDuration(start, child, T0 + 10_000)).toBe("4.0 s");
    expect(spanDuration(start, undefined, T0 + 10_000)).toBe("2.0 ms");
    expect(spanDuration(start, { ...child, ended_at: null }, T0 + 1_100)).toBe("1.0 s");
  });
});
