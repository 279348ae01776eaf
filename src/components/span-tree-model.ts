import type { Span } from "../db/records";

/** A visible row of the span tree. */
export interface TreeRow {
  span: Span;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  /** Failed spans hidden below a collapsed row. */
  hiddenFailures: number;
}

export interface SpanIndex {
  roots: Span[];
  children: Map<string, Span[]>;
  bySid: Map<string, Span>;
}

/** Index spans by parent, children in opening order. Orphans (parent not loaded) become roots. */
export function indexSpans(spans: Span[]): SpanIndex {
  const bySid = new Map(spans.map((s) => [s.sid, s]));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.seq - b.seq)) {
    const parent = span.parent_sid && bySid.has(span.parent_sid) ? span.parent_sid : null;
    if (!parent) roots.push(span);
    else {
      const list = children.get(parent);
      if (list) list.push(span);
      else children.set(parent, [span]);
    }
  }
  return { roots, children, bySid };
}

function countFailures(index: SpanIndex, sid: string): number {
  let count = 0;
  for (const child of index.children.get(sid) ?? []) {
    if (child.status === "failed") count += 1;
    count += countFailures(index, child.sid);
  }
  return count;
}

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
      hiddenFailures: kids.length > 0 && !expanded ? countFailures(index, span.sid) : 0,
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
