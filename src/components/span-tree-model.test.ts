import { describe, expect, it } from "vitest";
import { runBuilder } from "../graph/span-fixtures";
import { indexSpans, visibleRows } from "./span-tree-model";

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
