import { createVirtualizer } from "@tanstack/solid-virtual";
import { createEffect, createMemo, createSignal, Index, on, Show } from "solid-js";
import type { Play } from "../db/records";
import type { RunSummary } from "../engine/plays";
import type { RunStage } from "../engine/run/run-stages";
import { formatMs } from "../format/format";
import type { TreeRow } from "../span-views/span-tree-model";
import type { SpanViewState } from "../span-views/span-view-state";
import { rulerTicks, type TimeWindow, zoomTo } from "../span-views/timeline-model";
import { createTimelineTimes } from "../span-views/timeline-times";
import { TimelineRow } from "./TimelineRow";
import { TimelineRuler } from "./TimelineRuler";
import "./timeline.css";

/** The same row height as the tree's, so the two line up row for row. */
const ROW_HEIGHT = 30;

/**
 * The timeline (waterfall) of one run: the tree's rows (its expansion, filter and selection),
 * each with a bar at its span's start on one time axis, and on each play's top row the time it
 * spent waiting (queued, starting Python, waiting for child plays) as segments of their own.
 * Child plays drawn inline show at their real times. A ruler on top; zoom to the selection.
 */
export function SpanTimeline(props: {
  state: SpanViewState;
  play: Play;
  runNo: number;
  selected: string | null;
  onSelect: (sid: string) => void;
  onEscape?: () => void;
  loadPlay: (playSid: string) => Promise<Play>;
  loadRuns: (playSid: string) => Promise<RunSummary[]>;
  /** This tab's stage of a play's run (see `RunStages`), as a signal. */
  stageOf: (playSid: string) => RunStage | undefined;
}) {
  let scroller: HTMLDivElement | undefined;
  const { now, waits, whole } = createTimelineTimes(props);
  const rows = () => props.state.rows();
  const origin = () => whole().start;
  const [zoom, setZoom] = createSignal<TimeWindow | null>(null);
  const window = (): TimeWindow => zoom() ?? whole();
  createEffect(
    on(
      () => props.runNo,
      () => setZoom(null),
      { defer: true },
    ),
  );

  const [trackWidth, setTrackWidth] = createSignal(600);
  const ticks = createMemo(() => rulerTicks(window(), trackWidth(), origin()));

  const virtualizer = createVirtualizer({
    get count() {
      return rows().length;
    },
    getScrollElement: () => scroller ?? null,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const indexOf = (sid: string | null) => rows().findIndex((r) => r.span.sid === sid);
  createEffect(
    on([props.state.reveal, rows], ([request]) => {
      const at = request ? indexOf(request.sid) : -1;
      if (at < 0) return;
      virtualizer.scrollToIndex(at, { align: "auto" });
      props.state.revealSpan(null);
    }),
  );

  const selectedSpan = () => props.state.index().bySid.get(props.selected ?? "");
  const zoomToSelection = () => {
    const span = selectedSpan();
    if (span) setZoom(zoomTo(span, now(), whole()));
  };
  const onKeyDown = (event: KeyboardEvent) =>
    timelineKey(event, {
      rows: rows(),
      indexOf,
      selected: props.selected,
      select: props.onSelect,
      scrollTo: (at, sid) => {
        virtualizer.scrollToIndex(at);
        requestAnimationFrame(() =>
          scroller
            ?.querySelector<HTMLElement>(`[data-span-sid="${sid}"]`)
            ?.focus({ preventScroll: true }),
        );
      },
      toggle: props.state.toggle,
      escape: props.onEscape,
      zoomToSelection,
    });

  return (
    <div class="span-timeline" data-testid="timeline">
      <TimelineControls
        canZoomIn={!!selectedSpan()}
        zoomed={!!zoom()}
        onZoomToSelection={zoomToSelection}
        onWholeRun={() => setZoom(null)}
      />
      <div
        class="tl-scroll"
        role="tree"
        aria-label="Spans on a time axis"
        ref={scroller}
        onKeyDown={onKeyDown}
      >
        <div class="tl-ruler">
          <div class="tl-label-head">
            {formatMs(window().end - window().start)}
            <Show when={zoom()}> shown</Show>
          </div>
          <TimelineRuler
            ticks={ticks()}
            window={window()}
            onWidth={setTrackWidth}
            onZoom={setZoom}
          />
        </div>
        <div style={{ height: `${virtualizer.getTotalSize()}px`, position: "relative" }}>
          <Index each={virtualizer.getVirtualItems()}>
            {(item) => (
              <Show when={rows()[item().index]}>
                {(row) => (
                  <TimelineRow
                    row={row()}
                    top={item().start}
                    window={window()}
                    trackPx={trackWidth()}
                    now={now()}
                    waits={waits().get(row().span.sid) ?? []}
                    inlineChild={row().span.play_sid !== props.play.sid}
                    selected={row().span.sid === props.selected}
                    tabbable={
                      props.selected ? row().span.sid === props.selected : item().index === 0
                    }
                    onSelect={() => props.onSelect(row().span.sid)}
                    onToggle={() => props.state.toggle(row().span.sid)}
                  />
                )}
              </Show>
            )}
          </Index>
        </div>
      </div>
    </div>
  );
}

/** Zoom to the selection, back to the whole run, and what the wait colours mean. */
function TimelineControls(props: {
  canZoomIn: boolean;
  zoomed: boolean;
  onZoomToSelection: () => void;
  onWholeRun: () => void;
}) {
  return (
    <div class="tl-controls">
      <button
        type="button"
        data-testid="timeline-zoom-selection"
        disabled={!props.canZoomIn}
        title="Zoom to the selected span (z)"
        onClick={() => props.onZoomToSelection()}
      >
        Zoom to selection
      </button>
      <button
        type="button"
        data-testid="timeline-zoom-reset"
        disabled={!props.zoomed}
        onClick={() => props.onWholeRun()}
      >
        Whole run
      </button>
      <span class="tl-legend" aria-hidden="true">
        <span class="tl-swatch tl-wait-queued" /> queued
        <span class="tl-swatch tl-wait-python" /> starting Python
        <span class="tl-swatch tl-wait-prepare" /> preparing the run
        <span class="tl-swatch tl-wait-children" /> waiting for child plays
      </span>
    </div>
  );
}

/**
 * The timeline's keys, as the tree's: arrows, Home and End move the selection (Right opens,
 * Left closes or goes to the parent), Escape closes the details, `z` zooms to the selection.
 */
function timelineKey(
  event: KeyboardEvent,
  on: {
    rows: TreeRow[];
    indexOf: (sid: string | null) => number;
    selected: string | null;
    select: (sid: string) => void;
    /** Bring row `at` (span `sid`) into view and focus it. */
    scrollTo: (at: number, sid: string) => void;
    toggle: (sid: string, open?: boolean) => void;
    escape?: () => void;
    zoomToSelection: () => void;
  },
) {
  const list = on.rows;
  const focused = (event.target as HTMLElement).closest?.("[data-span-sid]");
  const at = on.indexOf(focused?.getAttribute("data-span-sid") ?? on.selected);
  const row = list[at];
  const move = (to: number) => {
    const target = list[Math.max(0, Math.min(list.length - 1, to))];
    if (!target) return;
    on.select(target.span.sid);
    on.scrollTo(list.indexOf(target), target.span.sid);
  };
  if (event.key === "ArrowDown") move(at + 1);
  else if (event.key === "ArrowUp") move(at - 1);
  else if (event.key === "Home") move(0);
  else if (event.key === "End") move(list.length - 1);
  else if (event.key === "ArrowRight" && row?.hasChildren) on.toggle(row.span.sid, true);
  else if (event.key === "ArrowLeft" && row) {
    if (row.expanded) on.toggle(row.span.sid, false);
    else move(on.indexOf(row.span.parent_sid));
  } else if (event.key === "Escape" && on.escape) on.escape();
  else if (event.key === "z" && row) on.zoomToSelection();
  else return;
  event.preventDefault();
}
