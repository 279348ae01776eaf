import { type Accessor, createEffect, createMemo, createSignal, on } from "solid-js";
import type { Span } from "../db/records";
import {
  expandedToDepth,
  indexSpans,
  type SpanIndex,
  type TreeRow,
  visibleRows,
} from "./span-tree-model";

const AUTO_EXPAND_LEVELS = 4;

/**
 * What the span views of one run share: which spans are expanded, the name filter, and the
 * span to bring into view. The toolbar drives it; the tree (and the graph) render from it.
 */
export interface SpanViewState {
  index: Accessor<SpanIndex>;
  rows: Accessor<TreeRow[]>;
  isExpanded(sid: string): boolean;
  toggle(sid: string, open?: boolean): void;
  expandAll(): void;
  collapseAll(): void;
  /** Expand every ancestor of every failed span; returns the first failed span's sid. */
  expandToFailures(): string | null;
  filter: Accessor<string>;
  setFilter(text: string): void;
  /** A span the views should scroll into view, until one of them has (then `null`). */
  reveal: Accessor<{ sid: string } | null>;
  revealSpan(sid: string | null): void;
}

export function createSpanViewState(spans: Accessor<Span[]>): SpanViewState {
  const index = createMemo(() => indexSpans(spans()));
  const [expanded, setExpanded] = createSignal(new Set<string>());
  const [touched, setTouched] = createSignal(new Set<string>());
  const [filter, setFilter] = createSignal("");
  const [reveal, setReveal] = createSignal<{ sid: string } | null>(null);

  // New spans open a few levels deep, unless the reader already opened or closed them.
  createEffect(
    on(index, (idx) => {
      const auto = expandedToDepth(idx, AUTO_EXPAND_LEVELS);
      const seen = touched();
      setExpanded((current) => {
        const next = new Set(current);
        for (const sid of auto) if (!seen.has(sid)) next.add(sid);
        return next;
      });
    }),
  );

  const rows = createMemo(() => {
    const text = filter().trim().toLowerCase();
    if (!text) return visibleRows(index(), (sid) => expanded().has(sid));
    // Matching spans with their ancestors, all open.
    const keep = new Set<string>();
    for (const span of index().bySid.values()) {
      if (!span.name.toLowerCase().includes(text)) continue;
      for (
        let s: Span | undefined = span;
        s && !keep.has(s.sid);
        s = index().bySid.get(s.parent_sid ?? "")
      ) {
        keep.add(s.sid);
      }
    }
    return visibleRows(index(), (sid) => keep.has(sid)).filter((row) => keep.has(row.span.sid));
  });

  const touchAll = (sids: Iterable<string>) => setTouched((t) => new Set([...t, ...sids]));
  const parents = () => [...index().children.keys()];

  return {
    index,
    rows,
    isExpanded: (sid) => expanded().has(sid),
    toggle(sid, open) {
      touchAll([sid]);
      setExpanded((current) => {
        const next = new Set(current);
        if (open ?? !next.has(sid)) next.add(sid);
        else next.delete(sid);
        return next;
      });
    },
    expandAll() {
      touchAll(parents());
      setExpanded(new Set(parents()));
    },
    collapseAll() {
      touchAll(parents());
      setExpanded(new Set<string>());
    },
    expandToFailures() {
      const failed = [...index().bySid.values()]
        .filter((s) => s.status === "failed")
        .sort((a, b) => a.seq - b.seq);
      const open = new Set(expanded());
      for (const span of failed) {
        for (
          let p = index().bySid.get(span.parent_sid ?? "");
          p;
          p = index().bySid.get(p.parent_sid ?? "")
        ) {
          open.add(p.sid);
        }
      }
      touchAll(open);
      setExpanded(open);
      // The deepest first failure: the span where the error started.
      const first = failed.find(
        (s) =>
          !index()
            .children.get(s.sid)
            ?.some((c) => c.status === "failed"),
      );
      if (first) setReveal({ sid: first.sid });
      return first?.sid ?? null;
    },
    filter,
    setFilter,
    reveal,
    revealSpan: (sid) => setReveal(sid ? { sid } : null),
  };
}
