import { describe, expect, it } from "vitest";
import type { Play, Span } from "../db/records";
import { runBuilder, T0 } from "../test-support/span-fixtures";
import { cardName, durationText } from "./card-text";
import { buildSpanGraph } from "./model";
import { CARD, MAX_CARD_WIDTH } from "./node-size";
import { indexSpanTree } from "./span-index";

function span(sid: string, name: string, parent: string | null, seq: number, ms = 1): Span {
  return {
    sid,
    name,
    parent_sid: parent,
    seq,
    kind: parent ? "step" : "flow_root",
    status: "ok",
    started_at: 1000 + seq,
    ended_at: 1000 + seq + ms,
    replayed: false,
  } as Span;
}

describe("card widths", () => {
  const spans = [
    span("root", "main", null, 0, 100),
    span("a", "load", "root", 1),
    ...Array.from({ length: 8 }, (_, i) =>
      span(`g${i}`, "service_code_generator", "root", 2 + i, i === 0 ? 0.004 : 0.5),
    ),
  ];
  const graph = buildSpanGraph(indexSpanTree(spans, 2000), {});
  const group = graph.nodes.find((n) => n.kind === "group")!;

  it("widens a group's card for its name, its count and its durations", () => {
    expect(group.label).toBe("service_code_generator ×8");
    expect(cardName(group)).toEqual({ name: "service_code_generator", count: "×8" });
    expect(group.width).toBeGreaterThan(CARD.width);
    expect(group.width).toBeLessThanOrEqual(MAX_CARD_WIDTH);
  });

  it("keeps a short span's card at the usual width", () => {
    expect(graph.nodes.find((n) => n.label === "load")!.width).toBe(CARD.width);
    expect(cardName(graph.nodes.find((n) => n.label === "load")!)).toEqual({
      name: "load",
      count: null,
    });
  });
});

describe("cards of spans that start or wait for a child play", () => {
  const { spans, add } = runBuilder();
  add("root", null, "main", { ended_at: T0 + 5_000 });
  const kids = [0, 1].map((i) => {
    const kid = {
      sid: `kid${i}`,
      input_data: { spec: `parse the batch ${i}`, style: "terse" },
      started_at: T0 + 100,
      ended_at: T0 + 4_100 + i * 500,
    } as unknown as Play;
    add(`start${i}`, "root", "service_code_gen", {
      kind: "subflow",
      child_play_sid: kid.sid,
      started_at: T0 + 10 + i,
      ended_at: T0 + 12 + i,
    });
    return kid;
  });
  add("wait", "root", "flow.wait", {
    kind: "subflow",
    child_play_sid: "kid0",
    started_at: T0 + 20,
    ended_at: T0 + 4_200,
  });
  const childPlays = new Map(kids.map((k) => [k.sid, k]));
  const card = (graph: ReturnType<typeof buildSpanGraph>, sid: string) =>
    graph.nodes.find((n) => n.spanSid === sid)!;

  it("shows the child's own time and inputs, as the tree does, with a row for the label", () => {
    const graph = buildSpanGraph(indexSpanTree(spans, T0 + 6_000), { childPlays });
    const start = card(graph, "start1");
    expect(start.durationMs).toBe(4_500);
    expect(start.ownMs).toBe(2);
    expect(durationText(start)).toBe("4.5 s");
    expect(start.childLabel).toBe('spec="parse the batch 1", style="terse"');
    expect(card(graph, "wait").childLabel).toBe('spec="parse the batch 0", style="terse"');
    expect(card(graph, "wait").durationMs).toBe(4_000);
    // The label has a row of its own; the card widens for it, no wider than any card.
    const plain = card(graph, "root");
    expect(start.height).toBe(plain.height + CARD.childLabel);
    expect(start.width).toBeGreaterThan(CARD.width);
    expect(start.width).toBeLessThanOrEqual(MAX_CARD_WIDTH);
    expect(plain.childLabel).toBeUndefined();
  });

  it("falls back to the span's own time before the child plays are known", () => {
    const graph = buildSpanGraph(indexSpanTree(spans, T0 + 6_000), {});
    const start = card(graph, "start0");
    expect(start.durationMs).toBe(2);
    expect(start.ownMs).toBeUndefined();
    expect(start.childLabel).toBeUndefined();
    expect(start.height).toBe(card(graph, "root").height);
  });

  it("gives a group of starts its members' child times", () => {
    const { spans: many, add: addMany } = runBuilder();
    addMany("root", null, "main", { ended_at: T0 + 9_000 });
    const plays = new Map<string, Play>();
    for (let i = 0; i < 6; i++) {
      const sid = `k${i}`;
      plays.set(sid, {
        sid,
        input_data: { n: i },
        started_at: T0 + 50,
        ended_at: T0 + 1_050 + i * 1_000,
      } as unknown as Play);
      addMany(`s${i}`, "root", "service_code_gen", {
        kind: "subflow",
        child_play_sid: sid,
        started_at: T0 + 10 + i,
        ended_at: T0 + 11 + i,
      });
    }
    const graph = buildSpanGraph(indexSpanTree(many, T0 + 9_500), { childPlays: plays });
    const group = graph.nodes.find((n) => n.kind === "group")!;
    expect(group.durationRange).toEqual([1_000, 6_000]);
    expect(durationText(group)).toBe("6.0 s · each 1.0 s–6.0 s");
  });
});
