import { createRoot, createSignal } from "solid-js";
import { describe, expect, it } from "vitest";
import { runBuilder } from "../test-support/span-fixtures";
import { filterSpans, keepFilterPerPlay } from "./span-filter";
import { indexSpans } from "./span-tree-model";

describe("filterSpans", () => {
  it("keeps the matching spans with their ancestors and counts the matches", () => {
    const { spans, add } = runBuilder();
    add("root", null, "main");
    add("b", "root", "batch");
    add("p1", "b", "process");
    add("p2", "b", "Process");
    add("o", "root", "other");
    const found = filterSpans(indexSpans(spans), " proc ");
    expect(found.matches).toBe(2);
    expect([...found.keep].sort()).toEqual(["b", "p1", "p2", "root"]);
    expect(filterSpans(indexSpans(spans), "zzz")).toEqual({ keep: new Set(), matches: 0 });
  });
});

describe("keepFilterPerPlay", () => {
  it("gives each play its own filter and brings it back on return", async () => {
    const [filter, setFilter] = createSignal("");
    const [sid, setSid] = createSignal("a");
    const tick = () => new Promise((r) => setTimeout(r, 0));
    await createRoot(async (dispose) => {
      keepFilterPerPlay({ filter, setFilter }, sid);
      await tick();
      setFilter("draft");
      setSid("b");
      await tick();
      expect(filter()).toBe("");
      setFilter("x");
      setSid("a");
      await tick();
      expect(filter()).toBe("draft");
      setSid("b");
      await tick();
      expect(filter()).toBe("x");
      dispose();
    });
  });
});
