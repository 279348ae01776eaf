import type { Play, Span, SpanKind, SpanStatus } from "../db/records";
import { childLabel, spanTime } from "../format/child-label";
import { durationText } from "./card-text";
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

export type GraphNodeKind = "span" | "group" | "more";

/** A count of what hides below a closed node; `hidden` is every span below it. */
export interface Badge {
  kind: "failed" | "paused" | "running" | "hidden";
  count: number;
}

/** One card of the graph, sized before layout. */
export interface GraphNode {
  /** A span's sid; `group:<parent>:<name>:<first seq>` for groups; `more:<parent>` for the rest. */
  id: string;
  kind: GraphNodeKind;
  /** Set on span nodes only: a group stands for many spans. */
  spanSid?: string;
  /** The play a span node's span belongs to (another one for a child play drawn inline). */
  playSid?: string;
  /** The child play a subflow span started. */
  childPlaySid?: string;
  label: string;
  /** A span that starts or waits for a child play: the child's inputs, short (as in the tree). */
  childLabel?: string;
  /**
   * Set when `durationMs` is the child play's own run: the span's own time (starting a child
   * takes a millisecond or two).
   */
  ownMs?: number;
  /** A group's or a "more" node's is the worst of its spans: failed > running > paused > … */
  status: SpanStatus;
  spanKind: SpanKind;
  /** A group is replayed when all its members are. */
  replayed: boolean;
  /** For a replayed span: the run that first produced its value. */
  replayedFromRun?: number | null;
  /** A span's duration (so far, while running); the time a group's members cover. */
  durationMs: number | null;
  /** Shortest and longest member (groups). */
  durationRange?: [number, number];
  /** Members of a group; spans a "more" node stands for. */
  count?: number;
  /** Where the node sits in the run's time, as fractions of the run. */
  timeline?: [number, number];
  /** Something to open or close: children, group members, more siblings. */
  expandable: boolean;
  expanded: boolean;
  /** Open, but left closed because the graph reached its node cap. */
  truncated: boolean;
  badges: Badge[];
  /** Depth in the drawn graph (roots 0). */
  depth: number;
  width: number;
  height: number;
}

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
  const base = (depth: number) => ({
    truncated: false,
    badges: [],
    depth,
    width: CARD.width,
    height: 0,
  });

  return {
    span(span: Span, depth: number, expandable: boolean, open: boolean): GraphNode {
      const child = childOf(span);
      const [from, to] = time(span);
      const label = childLabel(span, child);
      return {
        ...base(depth),
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
        ...base(depth),
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
        ...base(depth),
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
    tally(items: readonly SiblingItem[]): Tally {
      const tally = emptyTally();
      for (const item of items) {
        for (const span of item.type === "span" ? [item.span] : item.members) {
          countSpan(tally, span, index.children);
          addTally(tally, index.below.get(span.sid));
        }
      }
      return tally;
    },
  };
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
