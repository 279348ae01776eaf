import { describe, expect, it } from "vitest";
import { runBuilder } from "../test-support/span-fixtures";
import { counterpartSpan } from "./run-switch";

function twoRuns() {
  const one = runBuilder();
  one.add("r1", null, "main");
  one.add("a1", "r1", "draft");
  one.add("b1", "r1", "double");
  one.add("c1", "r1", "double");
  one.add("p1", "r1", "approve", { status: "paused" });
  const two = runBuilder();
  two.add("r2", null, "main", { run_no: 2 });
  two.add("a2", "r2", "draft", { run_no: 2, replayed: true });
  two.add("b2", "r2", "double", { run_no: 2, replayed: true });
  two.add("c2", "r2", "double", { run_no: 2, replayed: true });
  two.add("p2", "r2", "approve", { run_no: 2 });
  two.add("d2", "r2", "publish", { run_no: 2 });
  return { one: one.spans, two: two.spans };
}

describe("counterpartSpan", () => {
  it("finds the span at the same place of the other run, occurrence included", () => {
    const { one, two } = twoRuns();
    expect(counterpartSpan(two, "c2", one)).toBe("c1");
    expect(counterpartSpan(two, "b2", one)).toBe("b1");
    expect(counterpartSpan(one, "a1", two)).toBe("a2");
    expect(counterpartSpan(two, "r2", one)).toBe("r1");
  });

  it("returns null when the other run has no such span", () => {
    const { one, two } = twoRuns();
    expect(counterpartSpan(two, "d2", one)).toBeNull();
    expect(counterpartSpan(two, "nope", one)).toBeNull();
  });

  it("keeps a span that is in both lists (a child play drawn inline)", () => {
    const { one, two } = twoRuns();
    expect(counterpartSpan([...two, one[1]!], "a1", one)).toBe("a1");
  });
});
