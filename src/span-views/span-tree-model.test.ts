import { describe, expect, it } from "vitest";
import type { Span } from "../db/records";
import { runBuilder } from "../test-support/span-fixtures";
import { indexSpans, prepareSpans, visibleRows } from "./span-tree-model";

function span(sid: string, parent: string | null, seq: number): Span {
  return {
    sid,
    name: sid,
    parent_sid: parent,
    seq,
    kind: parent ? "step" : "flow_root",
    status: "ok",
    started_at: seq,
    ended_at: seq + 1,
    replayed: false,
  } as Span;
}

const run = (n: number) => [
  span("root", null, 0),
  ...Array.from({ length: n }, (_, i) => span(`s${i}`, "root", i + 1)),
];

describe("a large run, prepared before it is drawn", () => {
  it("is indexed in a task of its own, and the page's index is that one", async () => {
    const spans = run(3_000);
    let timerRan = false;
    setTimeout(() => {
      timerRan = true;
    }, 0);
    const prepared = await prepareSpans(spans);
    expect(prepared).toBe(spans);
    expect(timerRan).toBe(true);
    const index = indexSpans(spans);
    expect(indexSpans(spans)).toBe(index);
    expect(index.children.get("root")).toHaveLength(3_000);
  });

  it("draws the same rows, in order, whether its spans came sorted or not", () => {
    const sorted = run(5);
    const shuffled = [sorted[3]!, sorted[0]!, sorted[5]!, sorted[1]!, sorted[4]!, sorted[2]!];
    const names = (spans: Span[]) =>
      visibleRows(indexSpans(spans), () => true).map((r) => `${r.depth}:${r.span.sid}`);
    expect(names(shuffled)).toEqual(names(sorted));
    expect(names(sorted)).toEqual(["0:root", "1:s0", "1:s1", "1:s2", "1:s3", "1:s4"]);
  });
});

describe("a collapsed row's failure badge", () => {
  it("counts the failed steps below it, not the parents the failure passed through", () => {
    const { spans, add } = runBuilder();
    add("root", null, "main", { status: "failed" });
    add("batch", "root", "batch", { status: "failed" });
    add("p3", "batch", "process", { status: "failed" });
    add("c3", "p3", "check", { status: "failed" });
    const index = indexSpans(spans);
    expect(visibleRows(index, () => false)[0]!.hiddenFailures).toBe(1);
    const open = visibleRows(index, (sid) => sid === "root");
    expect(open.map((r) => [r.span.sid, r.hiddenFailures])).toEqual([
      ["root", 0],
      ["batch", 1],
    ]);
  });
});
