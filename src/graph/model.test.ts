import { describe, expect, it } from "vitest";
import type { Span } from "../db/records";
import { runBuilder, T0 } from "../test-support/span-fixtures";
import { buildSpanGraph, type GraphNode } from "./model";
import { ancestorSids, indexSpanTree } from "./span-index";

const byId = (nodes: GraphNode[], id: string) => nodes.find((n) => n.id === id);
const NOW = T0 + 1_000_000;

/** root → prepare, double ×1000, report */
function doublesRun(count = 1000) {
  const { spans, add } = runBuilder();
  add("root", null, "main");
  add("prep", "root", "prepare");
  for (let i = 0; i < count; i++) {
    add(`d${i}`, "root", "double", i === 7 ? { status: "failed", ended_at: T0 + 50 } : {});
  }
  add("report", "root", "report");
  return spans;
}

describe("buildSpanGraph: groups", () => {
  it("folds 1000 same-named siblings into one group node", () => {
    const model = buildSpanGraph(doublesRun(), { now: NOW });
    expect(model.nodes.map((n) => n.label)).toEqual(["main", "prepare", "double ×1000", "report"]);
    const group = model.nodes[2]!;
    expect(group).toMatchObject({
      id: "group:root:double:2",
      kind: "group",
      status: "failed",
      count: 1000,
      expandable: true,
      expanded: false,
    });
    expect(group.spanSid).toBeUndefined();
    expect(group.durationRange).toEqual([1, 50 - 9]);
    expect(group.badges).toEqual([{ kind: "failed", count: 1 }]);
    expect(model.edges.map((e) => e.target)).toEqual(["prep", group.id, "report"]);
  });

  it("leaves runs shorter than the minimum alone", () => {
    const model = buildSpanGraph(doublesRun(4), { now: NOW });
    expect(model.nodes.filter((n) => n.kind === "span")).toHaveLength(7);
    expect(model.nodes.some((n) => n.kind === "group")).toBe(false);
  });

  it("opens a group by id, its members under it, still within the node cap", () => {
    const id = "group:root:double:2";
    const small = buildSpanGraph(doublesRun(), { expanded: new Set([id]), now: NOW });
    expect(small.nodes.length).toBeLessThanOrEqual(400);
    expect(byId(small.nodes, id)).toMatchObject({ expanded: true, badges: [] });
    const more = byId(small.nodes, `more:${id}`)!;
    expect(more.kind).toBe("more");
    expect(more.count! + small.nodes.filter((n) => n.id.startsWith("d")).length).toBe(1000);

    expect(more.count).toBe(950); // fifty under one parent, unless asked for more
    const all = buildSpanGraph(doublesRun(), {
      expanded: new Set([id]),
      maxNodes: 2000,
      childLimits: new Map([[id, 1000]]),
    });
    expect(all.edges.filter((e) => e.source === id)).toHaveLength(1000);
    expect(byId(all.nodes, "d7")).toMatchObject({ spanSid: "d7", status: "failed", depth: 2 });
  });

  it("keeps the selection out of a closed group, splitting the run around it", () => {
    const model = buildSpanGraph(doublesRun(), { apart: new Set(["d500"]), now: NOW });
    expect(model.nodes.map((n) => n.label)).toEqual([
      "main",
      "prepare",
      "double ×500",
      "double",
      "double ×499",
      "report",
    ]);
    expect(model.nodes[2]!.id).toBe("group:root:double:2");
    expect(model.nodes[4]!.id).toBe("group:root:double:503");
  });
});

describe("buildSpanGraph: closed nodes, the node cap and order", () => {
  it("counts failed, paused and running spans below a closed node", () => {
    const { spans, add } = runBuilder();
    add("root", null, "main", { status: "running", ended_at: null });
    add("a", "root", "agent", { status: "running", ended_at: null });
    add("a1", "a", "plan", { status: "failed" });
    add("a2", "a", "tools");
    add("a21", "a2", "search", { status: "failed" });
    add("a22", "a2", "ask", { status: "paused", ended_at: null });
    add("a23", "a2", "fetch", { status: "running", ended_at: null });
    add("b", "root", "summarize");

    const closed = buildSpanGraph(spans, { collapsed: new Set(["a"]), now: NOW });
    expect(closed.nodes.map((n) => n.id)).toEqual(["root", "a", "b"]);
    const agent = byId(closed.nodes, "a")!;
    expect(agent).toMatchObject({ expandable: true, expanded: false, status: "running" });
    expect(agent.badges).toEqual([
      { kind: "failed", count: 2 },
      { kind: "paused", count: 1 },
      { kind: "running", count: 1 },
      { kind: "hidden", count: 5 },
    ]);
    const leaf = byId(closed.nodes, "b")!;
    expect(leaf.badges).toEqual([]);
    expect(agent.height).toBeGreaterThan(leaf.height);
    expect(agent.width).toBe(leaf.width);

    const open = buildSpanGraph(spans, { now: NOW });
    expect(open.nodes).toHaveLength(8);
    expect(byId(open.nodes, "a")!.badges).toEqual([]);
    expect(byId(open.nodes, "a")!.durationMs).toBe(NOW - (T0 + 1));
  });

  it("closes subtrees below the depth limit unless opened explicitly", () => {
    const { spans, add } = runBuilder();
    add("s0", null, "level0");
    for (let i = 1; i < 10; i++) add(`s${i}`, `s${i - 1}`, `level${i}`);
    const model = buildSpanGraph(spans, { autoExpandDepth: 3 });
    expect(model.nodes.map((n) => n.id)).toEqual(["s0", "s1", "s2", "s3"]);
    expect(byId(model.nodes, "s3")!.badges).toEqual([{ kind: "hidden", count: 6 }]);

    const index = indexSpanTree(spans);
    const path = ancestorSids(index, "s7");
    expect(path).toEqual(["s0", "s1", "s2", "s3", "s4", "s5", "s6"]);
    const revealed = buildSpanGraph(index, { autoExpandDepth: 3, expanded: new Set(path) });
    expect(revealed.nodes.map((n) => n.id)).toContain("s7");
    expect(byId(revealed.nodes, "s7")!.expanded).toBe(false);
  });

  it("draws at most maxNodes nodes of a 10,000-span tree and summarizes the rest", () => {
    const { spans, add } = runBuilder();
    add("root", null, "main");
    for (let i = 0; i < 40; i++) {
      add(`p${i}`, "root", `stage_${i}`);
      for (let j = 0; j < 249; j++) {
        add(`p${i}c${j}`, `p${i}`, `task_${j}`, i === 39 && j === 248 ? { status: "failed" } : {});
      }
    }
    expect(spans).toHaveLength(10_001);
    const everything = new Set(spans.map((s) => s.sid));
    for (const view of [{}, { expanded: everything }]) {
      const model = buildSpanGraph(spans, view);
      expect(model.nodes.length).toBeLessThanOrEqual(400);
      expect(model.truncated).toBe(true);
      expect(model.spanCount).toBe(10_001);
      // Breadth first: every stage shows before any task does.
      for (let i = 0; i < 40; i++) expect(byId(model.nodes, `p${i}`)).toBeDefined();
      // At most fifty children per parent, the rest behind "more".
      expect(byId(model.nodes, "more:p0")).toMatchObject({ kind: "more", count: 199 });
      const ids = new Set(model.nodes.map((n) => n.id));
      for (const e of model.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
      expect(model.edges).toHaveLength(model.nodes.length - 1);
      // Nothing is lost: drawn spans + spans behind "more" nodes + spans inside closed nodes.
      const summarized = model.nodes.reduce(
        (sum, n) =>
          sum +
          (n.kind === "more" ? n.count! : 0) +
          (n.kind === "span" && !n.expanded
            ? (n.badges.find((b) => b.kind === "hidden")?.count ?? 0)
            : 0),
        0,
      );
      expect(model.shownSpans + summarized).toBe(10_001);
      const failedSeen = model.nodes.reduce(
        (sum, n) => sum + (n.badges.find((b) => b.kind === "failed")?.count ?? 0),
        0,
      );
      expect(failedSeen).toBe(1);
    }
  });

  it("keeps node ids as the play grows", () => {
    const full = doublesRun(40);
    const ids = (spans: Span[]) =>
      new Map(buildSpanGraph(spans, { now: NOW }).nodes.map((n) => [n.id, n.kind]));
    const early = ids(full.slice(0, 10)); // root, prepare, double ×8
    const late = ids(full);
    expect(early.get("group:root:double:2")).toBe("group");
    for (const [id, kind] of early) expect(late.get(id)).toBe(kind);
    expect(late.get("report")).toBe("span");
  });

  it("feeds children in start order whatever order the spans arrive in", () => {
    const { spans, add } = runBuilder();
    add("root", null, "main");
    add("x", "root", "first");
    add("x1", "x", "inner");
    add("y", "root", "second");
    add("z", "root", "third");
    const model = buildSpanGraph([...spans].reverse());
    expect(model.nodes.map((n) => n.id)).toEqual(["root", "x", "x1", "y", "z"]);
    expect(model.edges.map((e) => e.id)).toEqual(["root->x", "x->x1", "root->y", "root->z"]);
  });
});

describe("failure badges", () => {
  it("count the failed steps below, not the parents the failure passed through", () => {
    // A step fails three levels down: its exception fails every span on the way up.
    const { spans, add } = runBuilder();
    add("root", null, "main", { status: "failed" });
    add("batch", "root", "batch", { status: "failed" });
    add("p1", "batch", "process");
    add("p3", "batch", "process", { status: "failed" });
    add("c3", "p3", "check", { status: "failed" });
    add("p4", "batch", "other", { status: "failed" });
    const closed = buildSpanGraph(spans, { collapsed: new Set(["root"]), now: NOW });
    expect(byId(closed.nodes, "root")!.badges[0]).toEqual({ kind: "failed", count: 2 });
  });
});
