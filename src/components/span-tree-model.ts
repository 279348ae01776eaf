import type { Span } from "../db/records";
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
export const indexSpans = (spans: readonly Span[]): SpanIndex => indexSpanTree(spans);

/** The rows a reader sees: depth-first, descending only into expanded spans. */
export function visibleRows(index: SpanIndex, isExpanded: (sid: string) => boolean): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (span: Span, depth: number) => {
    const kids = index.children.get(span.sid) ?? [];
    const expanded = kids.length > 0 && isExpanded(span.sid);
    rows.push({
      span,
      depth,
      hasChildren: kids.length > 0,
      expanded,
      hiddenFailures: kids.length > 0 && !expanded ? (index.below.get(span.sid)?.failed ?? 0) : 0,
    });
    if (expanded) for (const kid of kids) walk(kid, depth + 1);
  };
  for (const root of index.roots) walk(root, 0);
  return rows;
}

/** Sids of spans down to `levels` deep that have children: what opens by default. */
export function expandedToDepth(index: SpanIndex, levels: number): Set<string> {
  const open = new Set<string>();
  const walk = (span: Span, depth: number) => {
    if (depth >= levels || !index.children.has(span.sid)) return;
    open.add(span.sid);
    for (const kid of index.children.get(span.sid) ?? []) walk(kid, depth + 1);
  };
  for (const root of index.roots) walk(root, 0);
  return open;
}
