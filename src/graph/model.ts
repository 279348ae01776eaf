import type { Play, Span } from "../db/records";
import type { GraphNode } from "./graph-node";
import { type SiblingItem, siblingItems } from "./groups";
import { opensChildPlay } from "./inline-children";
import { createNodeFactory, settleNode } from "./nodes";
import { indexSpanTree, type SpanTreeIndex, type Tally } from "./span-index";

export type { Badge, GraphNode, GraphNodeKind } from "./graph-node";

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
}

/** Nodes in depth-first order, children in start order: the order ELK is fed. */
export interface SpanGraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Spans in the run, and spans with a node of their own. */
  spanCount: number;
  shownSpans: number;
  /** Whether the node cap cut anything. */
  truncated: boolean;
}

/** A `Set` will do; so will a lookup into some other state. */
export interface IdSet {
  has(id: string): boolean;
}

export interface GraphView {
  /** Span sids and group ids the reader opened. */
  expanded?: IdSet;
  /** Span sids the reader closed: wins over opening by depth. */
  collapsed?: IdSet;
  /** Spans kept out of closed groups (default: the opened ones), e.g. the selection. */
  apart?: IdSet;
  /** Spans shallower than this open by themselves. */
  autoExpandDepth?: number;
  /** Shortest run of same-named siblings drawn as one group. */
  groupMin?: number;
  /** Most nodes drawn; the rest is summarized in "more" nodes. */
  maxNodes?: number;
  /**
   * Most children drawn under one parent before a "more" node: a row of hundreds is unreadable,
   * and ELK's ordered layering slows down sharply past a few hundred siblings.
   */
  childLimit?: number;
  /** Raised limits per parent (span sid, group id or "root"), after "more" was opened. */
  childLimits?: ReadonlyMap<string, number>;
  /** This play's child plays by sid: their own times and inputs on the spans that start them. */
  childPlays?: ReadonlyMap<string, Play>;
  now?: number;
}

export const GRAPH_DEFAULTS = {
  autoExpandDepth: 4,
  groupMin: 5,
  maxNodes: 400,
  childLimit: 50,
} as const;

interface Draft {
  node: GraphNode;
  kids: Draft[];
  /** What a closed node hides, turned into badges at the end. */
  hidden: Tally | null;
}

interface OpenNode {
  parent: Draft | null;
  key: string;
  /** Computed only when the node cap leaves room for them. */
  items: () => SiblingItem[];
  /** Depth of the items' spans in the span tree. */
  treeDepth: number;
  depth: number;
  /** Whether the items' spans may open by depth (not inside a group the reader opened). */
  auto: boolean;
}

const EMPTY: IdSet = new Set<string>();

/**
 * The bounded graph of one run's spans: closed subtrees counted into badges, long runs of
 * same-named siblings folded into groups, at most `maxNodes` nodes (filled breadth-first, so
 * the top of the tree shows before its depths), and every node sized for layout.
 */
export function buildSpanGraph(
  spans: readonly Span[] | SpanTreeIndex,
  view: GraphView = {},
): SpanGraphModel {
  const now = view.now ?? Date.now();
  const index = "bySid" in spans ? spans : indexSpanTree(spans, now);
  const expanded = view.expanded ?? EMPTY;
  const collapsed = view.collapsed ?? EMPTY;
  const apart = view.apart ?? expanded;
  const autoDepth = view.autoExpandDepth ?? GRAPH_DEFAULTS.autoExpandDepth;
  const rules = {
    groupMin: Math.max(2, view.groupMin ?? GRAPH_DEFAULTS.groupMin),
    expanded,
    keepApart: (s: Span) => apart.has(s.sid),
  };
  const make = createNodeFactory(index, now, view.childPlays);

  const top: Draft[] = [];
  const queue: OpenNode[] = [
    {
      parent: null,
      key: "root",
      items: () => siblingItems("root", index.roots, rules),
      treeDepth: 0,
      depth: 0,
      auto: true,
    },
  ];
  let budget = Math.max(2, view.maxNodes ?? GRAPH_DEFAULTS.maxNodes);
  const childLimit = Math.max(1, view.childLimit ?? GRAPH_DEFAULTS.childLimit);
  let truncated = false;

  const walk: Walk = { index, rules, collapsed, autoDepth, make, queue };
  const admit = (item: SiblingItem, at: OpenNode): Draft =>
    item.type === "span" ? admitSpan(item.span, at, walk) : admitGroup(item, at, walk);

  for (const at of queue) {
    const into = at.parent ? at.parent.kids : top;
    if (budget <= 0 && at.parent) {
      // Nothing left to draw with: the parent shows what it hides, like a closed one.
      truncated = true;
      const { node } = at.parent;
      Object.assign(node, { expanded: false, truncated: true });
      at.parent.hidden =
        node.kind === "span" ? (index.below.get(at.key) ?? null) : make.tally(at.items());
      continue;
    }
    const items = at.items();
    let fits = Math.min(items.length, view.childLimits?.get(at.key) ?? childLimit);
    if (fits < items.length || fits > budget) fits = Math.min(fits, budget - 1);
    for (const item of items.slice(0, fits)) into.push(admit(item, at));
    budget -= fits;
    if (fits < items.length) {
      truncated = true;
      budget -= 1;
      const rest = items.slice(fits);
      into.push({ node: make.more(at.key, rest, at.depth), kids: [], hidden: make.tally(rest) });
    }
  }
  return emit(top, index.bySid.size, truncated);
}

/** What placing one item in the graph reads, and the queue of open nodes it adds to. */
interface Walk {
  index: SpanTreeIndex;
  rules: { groupMin: number; expanded: IdSet; keepApart: (s: Span) => boolean };
  collapsed: IdSet;
  autoDepth: number;
  make: ReturnType<typeof createNodeFactory>;
  queue: OpenNode[];
}

/** A span's node: open (its children queued) when asked, or by depth; else counting what it hides. */
function admitSpan(span: Span, at: OpenNode, walk: Walk): Draft {
  const { index, rules } = walk;
  const { expanded } = rules;
  const kids = index.children.get(span.sid) ?? [];
  const open =
    kids.length > 0 &&
    !walk.collapsed.has(span.sid) &&
    (expanded.has(span.sid) || (at.auto && at.treeDepth < walk.autoDepth));
  // A subflow span can open its child play inline before the child's spans are loaded.
  const canOpenChild = opensChildPlay(span) && kids.length === 0;
  const node = walk.make.span(
    span,
    at.depth,
    kids.length > 0 || canOpenChild,
    open || (canOpenChild && expanded.has(span.sid)),
  );
  const draft: Draft = {
    node,
    kids: [],
    hidden: open ? null : (index.below.get(span.sid) ?? null),
  };
  if (open) {
    walk.queue.push({
      parent: draft,
      key: span.sid,
      items: () => siblingItems(span.sid, kids, rules),
      treeDepth: at.treeDepth + 1,
      depth: at.depth + 1,
      auto: at.auto,
    });
  }
  return draft;
}

/** A group's node: its members queued when the reader opened it. */
function admitGroup(
  item: Extract<SiblingItem, { type: "group" }>,
  at: OpenNode,
  walk: Walk,
): Draft {
  const { members } = item;
  const open = walk.rules.expanded.has(item.id);
  const node = walk.make.group(item.id, item.name, members, at.depth, open);
  const draft: Draft = { node, kids: [], hidden: open ? null : walk.make.tally([item]) };
  if (open) {
    // Members of an opened group open only when asked: a thousand subtrees would drown it.
    walk.queue.push({
      parent: draft,
      key: item.id,
      items: () => members.map((span): SiblingItem => ({ type: "span", span })),
      treeDepth: at.treeDepth,
      depth: at.depth + 1,
      auto: false,
    });
  }
  return draft;
}

/** Depth-first, children in start order; badges and heights settled now that all is known. */
function emit(top: Draft[], spanCount: number, truncated: boolean): SpanGraphModel {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  let shownSpans = 0;
  const stack: { draft: Draft; parent: string | null }[] = top
    .map((draft) => ({ draft, parent: null }))
    .reverse();
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { node, kids, hidden } = entry.draft;
    settleNode(node, hidden);
    nodes.push(node);
    if (node.kind === "span") shownSpans += 1;
    if (entry.parent) {
      const source = entry.parent;
      edges.push({ id: `${source}->${node.id}`, source, target: node.id });
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ draft: kids[i]!, parent: node.id });
  }
  return { nodes, edges, spanCount, shownSpans, truncated };
}
