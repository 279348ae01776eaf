import { createVirtualizer } from "@tanstack/solid-virtual";
import { createEffect, Index, on, Show } from "solid-js";
import type { Play } from "../db/records";
import { spanDuration } from "../format/child-label";
import "./child-label.css";
import { duration } from "../format/format";
import { useNow } from "../reactive/clock";
import type { TreeRow } from "../span-views/span-tree-model";
import type { SpanViewState } from "../span-views/span-view-state";
import { SpanRowFrame, SpanRowLabel } from "./SpanRowLabel";

const ROW_HEIGHT = 30;

/**
 * The span tree of one run: a virtualized flat list of the expanded rows (fixed row height, so
 * 10,000 spans cost the same as 40), expand/collapse by click or keyboard (arrows, Enter,
 * `e` for the next failure), selection.
 */
export function SpanTree(props: {
  state: SpanViewState;
  /** The play whose run this is: spans of child plays drawn inline are marked apart. */
  playSid?: string;
  selected: string | null;
  onSelect: (sid: string) => void;
  /** Escape: close the selection's details. */
  onEscape?: () => void;
  /** Child plays by sid: a span that starts or waits for one shows its inputs and its time. */
  childPlays?: ReadonlyMap<string, Play>;
}) {
  let scroller: HTMLDivElement | undefined;
  const rows = () => props.state.rows();
  const virtualizer = createVirtualizer({
    get count() {
      return rows().length;
    },
    getScrollElement: () => scroller ?? null,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const indexOf = (sid: string | null) => rows().findIndex((r) => r.span.sid === sid);
  const focusRow = (sid: string) =>
    requestAnimationFrame(() =>
      scroller
        ?.querySelector<HTMLElement>(`[data-span-sid="${sid}"]`)
        ?.focus({ preventScroll: true }),
    );

  // Bring a requested span into view once it is among the rows (then forget the request).
  createEffect(
    on([props.state.reveal, rows], ([request]) => {
      const at = request ? indexOf(request.sid) : -1;
      if (at < 0) return;
      virtualizer.scrollToIndex(at, { align: "auto" });
      props.state.revealSpan(null);
    }),
  );

  function onKeyDown(event: KeyboardEvent) {
    const list = rows();
    // From the focused row: the selection follows a click through the URL, a moment later.
    const focused = (event.target as HTMLElement).closest?.("[data-span-sid]");
    const at = indexOf(focused?.getAttribute("data-span-sid") ?? props.selected);
    const row = list[at];
    const move = (to: number) => {
      const target = list[Math.max(0, Math.min(list.length - 1, to))];
      if (!target) return;
      props.onSelect(target.span.sid);
      virtualizer.scrollToIndex(list.indexOf(target));
      focusRow(target.span.sid);
    };
    if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(list.length - 1);
    else if (event.key === "ArrowRight" && row?.hasChildren) props.state.toggle(row.span.sid, true);
    else if (event.key === "ArrowLeft" && row) {
      if (row.expanded) props.state.toggle(row.span.sid, false);
      else move(indexOf(row.span.parent_sid));
    } else if (event.key === "Escape" && props.onEscape) {
      props.onEscape();
    } else if (event.key === "e") {
      const next = list.findIndex(
        (r, i) => i > at && (r.span.status === "failed" || r.hiddenFailures > 0),
      );
      if (next >= 0) {
        if (list[next]!.hiddenFailures > 0) props.state.toggle(list[next]!.span.sid, true);
        move(next);
      }
    } else return;
    event.preventDefault();
  }

  return (
    <div class="span-tree" role="tree" aria-label="Spans" ref={scroller} onKeyDown={onKeyDown}>
      <div style={{ height: `${virtualizer.getTotalSize()}px`, position: "relative" }}>
        {/* Index, not For: row elements stay in place as the window moves, keeping focus. */}
        <Index each={virtualizer.getVirtualItems()}>
          {(item) => (
            <Show when={rows()[item().index]}>
              {(row) => (
                <SpanRow
                  row={row()}
                  inlineChild={!!props.playSid && row().span.play_sid !== props.playSid}
                  child={props.childPlays?.get(row().span.child_play_sid ?? "")}
                  top={item().start}
                  selected={row().span.sid === props.selected}
                  tabbable={props.selected ? row().span.sid === props.selected : item().index === 0}
                  onSelect={() => props.onSelect(row().span.sid)}
                  onToggle={() => props.state.toggle(row().span.sid)}
                />
              )}
            </Show>
          )}
        </Index>
      </div>
    </div>
  );
}

function SpanRow(props: {
  row: TreeRow;
  /** A span of a child play drawn inside its parent's tree. */
  inlineChild: boolean;
  /** The child play this span starts or waits for, when read. */
  child: Play | undefined;
  top: number;
  selected: boolean;
  /** The one row Tab lands on: the selected one, else the first. */
  tabbable: boolean;
  onSelect: () => void;
  onToggle: () => void;
}) {
  const span = () => props.row.span;
  const now = useNow();
  return (
    <SpanRowFrame
      class="span-row"
      row={props.row}
      inlineChild={props.inlineChild}
      selected={props.selected}
      tabbable={props.tabbable}
      style={{
        transform: `translateY(${props.top}px)`,
        "padding-left": `${0.5 + props.row.depth * 1.1}rem`,
      }}
      onSelect={props.onSelect}
    >
      <SpanRowLabel row={props.row} child={props.child} onToggle={props.onToggle} />
      <span
        class="span-duration"
        title={
          props.child?.started_at
            ? `the child play's own time; ${duration(span().started_at, span().ended_at)} in this span`
            : undefined
        }
      >
        {spanDuration(span(), props.child, now())}
      </span>
    </SpanRowFrame>
  );
}
