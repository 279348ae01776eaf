import type { Play, Span } from "../db/records";
import { childLabel, spanTime } from "../format/child-label";
import { durationText } from "./card-text";
import type { Badge, GraphNode } from "./graph-node";
import type { SiblingItem } from "./groups";
import { CARD, cardHeight, cardWidth } from "./node-size";
import {
  addTally,
  countSpan,
  emptyTally,
  type SpanTreeIndex,
  type Tally,
  worstStatus,
} from "./span-index";

/**
 * The cards of one run's graph: what each kind of node shows. `childPlays` (by sid) gives a span
 * that starts or waits for a child play the child's own time and inputs, as the tree shows them.
 */
export function createNodeFactory(
  index: SpanTreeIndex,
  now: number,
  childPlays?: ReadonlyMap<string, Play>,
) {
  const childOf = (s: Span) => (s.child_play_sid ? childPlays?.get(s.child_play_sid) : undefined);
  const time = (s: Span) => spanTime(s, childOf(s), now);
  const spanMs = (s: Span) => {
    const [from, to] = time(s);
    return to - from;
  };
  const runLength = Math.max(index.end - index.start, 1);
  // A child may run on after the run that started it (spawned and not waited for): its bar
  // stops at the run's end.
  const fraction = (at: number) => Math.min(1, Math.max(0, (at - index.start) / runLength));
  const timeline = (from: number, to: number): [number, number] => [fraction(from), fraction(to)];
  return {
    span(span: Span, depth: number, expandable: boolean, open: boolean): GraphNode {
      const child = childOf(span);
      const [from, to] = time(span);
      const label = childLabel(span, child);
      return {
        ...baseNode(depth),
        id: span.sid,
        kind: "span",
        spanSid: span.sid,
        playSid: span.play_sid,
        childPlaySid: span.child_play_sid ?? undefined,
        label: span.name,
        ...(label ? { childLabel: label } : {}),
        ...(child?.started_at ? { ownMs: (span.ended_at ?? now) - span.started_at } : {}),
        status: span.status,
        spanKind: span.kind,
        replayed: span.replayed,
        replayedFromRun: span.replayed_from_run,
        durationMs: to - from,
        timeline: timeline(from, to),
        expandable,
        expanded: open,
      };
    },

    group(id: string, name: string, members: readonly Span[], depth: number, open: boolean) {
      const [shortest, longest] = extent(members.map(spanMs));
      const from = extent(members.map((s) => time(s)[0]))[0];
      const to = extent(members.map((s) => time(s)[1]))[1];
      return {
        ...baseNode(depth),
        id,
        kind: "group",
        label: `${name} ×${members.length}`,
        status: worstStatus(members.map((s) => s.status)),
        spanKind: members[0]!.kind,
        replayed: members.every((s) => s.replayed),
        durationMs: to - from,
        durationRange: [shortest, longest],
        count: members.length,
        timeline: timeline(from, to),
        expandable: true,
        expanded: open,
      } satisfies GraphNode;
    },

    more(parentKey: string, rest: readonly SiblingItem[], depth: number): GraphNode {
      const spans = rest.flatMap((item) => (item.type === "span" ? [item.span] : item.members));
      return {
        ...baseNode(depth),
        id: `more:${parentKey}`,
        kind: "more",
        label: `+${spans.length} more`,
        status: worstStatus(spans.map((s) => s.status)),
        spanKind: "other",
        replayed: false,
        durationMs: null,
        count: spans.length,
        expandable: true,
        expanded: false,
        truncated: true,
      };
    },

    /** Every span in `items` and below them. */
    tally: (items: readonly SiblingItem[]) => tallyItems(index, items),
  };
}

/** What every node starts with: no badges, the card's width, its height settled later. */
function baseNode(depth: number) {
  return { truncated: false, badges: [], depth, width: CARD.width, height: 0 };
}

function tallyItems(index: SpanTreeIndex, items: readonly SiblingItem[]): Tally {
  const tally = emptyTally();
  for (const item of items) {
    for (const span of item.type === "span" ? [item.span] : item.members) {
      countSpan(tally, span, index.children);
      addTally(tally, index.below.get(span.sid));
    }
  }
  return tally;
}

/** Badges for what a closed node hides, and the size the card needs to show them. */
export function settleNode(node: GraphNode, hidden: Tally | null): void {
  const badges: Badge[] = [];
  for (const kind of ["failed", "paused", "running"] as const) {
    if (hidden && hidden[kind] > 0) badges.push({ kind, count: hidden[kind] });
  }
  // A group's label and a "more" node's already say how many spans they stand for.
  if (hidden && node.kind === "span" && hidden.total > 0) {
    badges.push({ kind: "hidden", count: hidden.total });
  }
  node.badges = badges;
  node.width = cardWidth({
    header: node.label,
    childLabel: node.childLabel ?? "",
    meta: node.kind === "more" ? "" : durationText(node),
    replayed: node.replayed,
  });
  node.height = cardHeight({
    childLabel: !!node.childLabel,
    meta: node.kind !== "more",
    badges: badges.length > 0,
    timeline: node.timeline !== undefined,
  });
}

function extent(values: readonly number[]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}
