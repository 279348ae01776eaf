import { describe, expect, it } from "vitest";
import type { Span } from "../db/records";
import { cardName } from "./card-text";
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
