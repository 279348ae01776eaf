import type { Span, SpanStatus } from "../db/records";

/** Spans of one run below some node, by the statuses a reader looks for. */
export interface Tally {
  failed: number;
  paused: number;
  running: number;
  total: number;
}

/** One run's spans as a tree, with what hides below each span counted once. */
export interface SpanTreeIndex {
  roots: Span[];
  /** Children per parent sid, in start order (`seq`). */
  children: Map<string, Span[]>;
  bySid: Map<string, Span>;
  /** Descendants of each span that has children (the span itself not included); `failed`
   * counts the spans where a failure started (see `countSpan`). */
  below: Map<string, Tally>;
  /** The run's time window, for the timeline bar. */
  start: number;
  end: number;
}

export const emptyTally = (): Tally => ({ failed: 0, paused: 0, running: 0, total: 0 });

/**
 * Count `span` itself into `tally`. A failure counts where it started: a span that failed
 * because a child of it failed (the exception passing through) is not a failure of its own,
 * so a collapsed parent's badge counts the failed steps, not every span on their way up.
 */
export function countSpan(
  tally: Tally,
  span: Span,
  children: ReadonlyMap<string, readonly Span[]>,
): void {
  tally.total += 1;
  if (span.status === "failed") {
    if (!children.get(span.sid)?.some((c) => c.status === "failed")) tally.failed += 1;
  } else if (span.status === "paused") tally.paused += 1;
  else if (span.status === "running") tally.running += 1;
}

export function addTally(into: Tally, from: Tally | undefined): void {
  if (!from) return;
  into.failed += from.failed;
  into.paused += from.paused;
  into.running += from.running;
  into.total += from.total;
}

const SEVERITY: Record<SpanStatus, number> = {
  failed: 4,
  running: 3,
  paused: 2,
  cancelled: 1,
  ok: 0,
};

/** The status that matters most among several: failed > running > paused > cancelled > ok. */
export function worstStatus(statuses: Iterable<SpanStatus>): SpanStatus {
  let worst: SpanStatus = "ok";
  for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  return worst;
}

/**
 * Index spans by parent, children in opening order; orphans (parent not loaded) become roots.
 * Iterative throughout: a recursive flow can nest spans deeper than the JS stack.
 */
export function indexSpanTree(spans: readonly Span[], now = Date.now()): SpanTreeIndex {
  const bySid = new Map(spans.map((s) => [s.sid, s]));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  // Runs come from storage in opening order already; only spans added to them (child plays
  // drawn inline) need a sort, and copying and sorting 10,000 spans is most of a cold index.
  for (const span of inSeqOrder(spans) ? spans : [...spans].sort((a, b) => a.seq - b.seq)) {
    start = Math.min(start, span.started_at);
    end = Math.max(end, span.ended_at ?? now, span.started_at);
    const parent = span.parent_sid && bySid.has(span.parent_sid) ? span.parent_sid : null;
    if (!parent) roots.push(span);
    else {
      const list = children.get(parent);
      if (list) list.push(span);
      else children.set(parent, [span]);
    }
  }

  // Parents come before their children in this order, so walking it backwards tallies bottom-up.
  const order: Span[] = [];
  const stack = [...roots].reverse();
  for (let span = stack.pop(); span; span = stack.pop()) {
    order.push(span);
    const kids = children.get(span.sid);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  const below = new Map<string, Tally>();
  for (let i = order.length - 1; i >= 0; i--) {
    const span = order[i]!;
    if (!span.parent_sid || !children.has(span.parent_sid)) continue;
    let tally = below.get(span.parent_sid);
    if (!tally) {
      tally = emptyTally();
      below.set(span.parent_sid, tally);
    }
    countSpan(tally, span, children);
    addTally(tally, below.get(span.sid));
  }
  if (!Number.isFinite(start)) start = end = now;
  return { roots, children, bySid, below, start, end };
}

function inSeqOrder(spans: readonly Span[]): boolean {
  for (let i = 1; i < spans.length; i++) if (spans[i - 1]!.seq > spans[i]!.seq) return false;
  return true;
}

/** Sids of the spans above `sid`, outermost first: what must be open for it to show. */
export function ancestorSids(index: SpanTreeIndex, sid: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  let parent = index.bySid.get(sid)?.parent_sid ?? null;
  while (parent && index.bySid.has(parent) && !seen.has(parent)) {
    seen.add(parent);
    path.push(parent);
    parent = index.bySid.get(parent)?.parent_sid ?? null;
  }
  return path.reverse();
}
