import type { Span } from "../db/records";
import { yieldToPage } from "../engine/run/slices";
import { opensChildPlay } from "../graph/inline-children";
import { indexSpanTree, type SpanTreeIndex } from "../graph/span-index";

/** A visible row of the span tree. */
export interface TreeRow {
  span: Span;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  /** Failed spans hidden below a collapsed row. */
  hiddenFailures: number;
}

/** The tree views share the graph's index of a run's spans (children, and tallies below). */
export type SpanIndex = SpanTreeIndex;
export function indexSpans(spans: readonly Span[]): SpanIndex {
  let index = indexed.get(spans);
  if (!index) {
    index = indexSpanTree(spans);
    indexed.set(spans, index);
  }
  return index;
}
// The index of a list of spans, kept while the list lives: `prepareSpans` builds it ahead.
const indexed = new WeakMap<readonly Span[], SpanIndex>();

/**
 * Index a large run in a task of its own before the page draws it: reading, indexing and
 * drawing 10,000 spans in one task would hold the page for longer than a frame budget allows.
 */
export async function prepareSpans<T extends readonly Span[]>(spans: T): Promise<T> {
  if (spans.length < PREPARE_FROM) return spans;
  await yieldToPage();
  indexSpans(spans);
  await yieldToPage();
  return spans;
}
const PREPARE_FROM = 2_000;

/**
 * The rows a reader sees: depth-first, descending only into expanded spans. A subflow span
 * whose child play is not drawn inline yet can be expanded to draw it. Iterative: a recursive
 * flow can nest spans deeper than the JS stack.
 */
export function visibleRows(index: SpanIndex, isExpanded: (sid: string) => boolean): TreeRow[] {
  const rows: TreeRow[] = [];
  // Two stacks side by side rather than one of {span, depth}: a run of 10,000 spans would
  // allocate 10,000 more objects on the page's first drawing of it.
  const stack = [...index.roots].reverse();
  const depths = stack.map(() => 0);
  while (stack.length > 0) {
    const span = stack.pop()!;
    const depth = depths.pop()!;
    const kids = index.children.get(span.sid) ?? [];
    const hasChildren = kids.length > 0 || opensChildPlay(span);
    const expanded = hasChildren && isExpanded(span.sid);
    rows.push({
      span,
      depth,
      hasChildren,
      expanded,
      hiddenFailures: kids.length > 0 && !expanded ? (index.below.get(span.sid)?.failed ?? 0) : 0,
    });
    if (expanded) {
      for (let i = kids.length - 1; i >= 0; i--) {
        stack.push(kids[i]!);
        depths.push(depth + 1);
      }
    }
  }
  return rows;
}

/**
 * Sids of spans down to `levels` deep that have children: what opens by default. A child play
 * drawn inline opens the same levels below its own top span.
 */
export function expandedToDepth(index: SpanIndex, levels: number): Set<string> {
  const open = new Set<string>();
  const tops = [...index.roots];
  for (const span of index.bySid.values()) {
    const parent = index.bySid.get(span.parent_sid ?? "");
    if (parent && parent.play_sid !== span.play_sid) tops.push(span);
  }
  const stack = tops.map((span) => ({ span, depth: 0 }));
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { span, depth } = entry;
    const kids = index.children.get(span.sid);
    if (depth >= levels || !kids) continue;
    open.add(span.sid);
    for (const kid of kids) stack.push({ span: kid, depth: depth + 1 });
  }
  return open;
}
