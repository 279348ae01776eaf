import { type Accessor, batch, createMemo, createSignal } from "solid-js";
import type { Span } from "../db/records";
import { filterSpans } from "./span-filter";
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
  /** Back to the default opening (a few levels deep), the reader's choices forgotten. */
  resetExpansion(): void;
  /** Expand every ancestor of every failed span; returns the first failed span's sid. */
  expandToFailures(): string | null;
  filter: Accessor<string>;
  setFilter(text: string): void;
  /** While a filter is on: how many spans it matches, of how many. */
  filterCount: Accessor<{ matches: number; total: number } | null>;
  /** A span the views should scroll into view, until one of them has (then `null`). */
  reveal: Accessor<{ sid: string } | null>;
  revealSpan(sid: string | null): void;
}

export function createSpanViewState(spans: Accessor<Span[]>): SpanViewState {
  const index = createMemo(() => indexSpans(spans()));
  // Spans open a few levels deep by default, computed with the index (not after it), so the
  // first drawing of a run is already open. The reader's choices override the default:
  // Expand all / Collapse all set a new default, a toggle sets one span.
  const auto = createMemo(() => expandedToDepth(index(), AUTO_EXPAND_LEVELS));
  const [base, setBase] = createSignal<"auto" | "all" | "none">("auto");
  const [chosen, setChosen] = createSignal<ReadonlyMap<string, boolean>>(new Map());
  const [filter, setFilter] = createSignal("");
  const [reveal, setReveal] = createSignal<{ sid: string } | null>(null);

  const isExpanded = (sid: string): boolean => {
    const choice = chosen().get(sid);
    if (choice !== undefined) return choice;
    if (base() === "auto") return auto().has(sid);
    // Expand all opens what is loaded; child plays open inline one at a time, on request.
    return base() === "all" && index().children.has(sid);
  };

  const filtered = createMemo(() => (filter().trim() ? filterSpans(index(), filter()) : null));
  const rows = createMemo(() => {
    const found = filtered();
    if (!found) return visibleRows(index(), isExpanded);
    // Matching spans with their ancestors, all open.
    const { keep } = found;
    return visibleRows(index(), (sid) => keep.has(sid)).filter((row) => keep.has(row.span.sid));
  });

  const choose = (sids: Iterable<string>, open: boolean) =>
    setChosen((current) => {
      const next = new Map(current);
      for (const sid of sids) next.set(sid, open);
      return next;
    });
  const startOver = (all: boolean) =>
    batch(() => {
      setBase(all ? "all" : "none");
      setChosen(new Map());
    });

  return {
    index,
    rows,
    isExpanded,
    toggle: (sid, open) => choose([sid], open ?? !isExpanded(sid)),
    expandAll: () => startOver(true),
    collapseAll: () => startOver(false),
    resetExpansion: () =>
      batch(() => {
        setBase("auto");
        setChosen(new Map());
      }),
    expandToFailures() {
      const failed = [...index().bySid.values()]
        .filter((s) => s.status === "failed")
        .sort((a, b) => a.seq - b.seq);
      const open = new Set<string>();
      for (const span of failed) {
        for (
          let p = index().bySid.get(span.parent_sid ?? "");
          p;
          p = index().bySid.get(p.parent_sid ?? "")
        ) {
          open.add(p.sid);
        }
      }
      choose(open, true);
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
    filterCount: () => {
      const found = filtered();
      return found && { matches: found.matches, total: index().bySid.size };
    },
    reveal,
    revealSpan: (sid) => setReveal(sid ? { sid } : null),
  };
}
