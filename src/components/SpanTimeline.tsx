import { createVirtualizer } from "@tanstack/solid-virtual";
import { createEffect, createMemo, createSignal, For, Index, on, onCleanup, Show } from "solid-js";
import { isFinished, type Play, type Span } from "../db/records";
import type { RunSummary } from "../engine/plays";
import type { RunStage } from "../engine/run-stages";
import { formatMs } from "../format/format";
import { useNow } from "../reactive/clock";
import { createLive } from "../reactive/live";
import type { TreeRow } from "../span-views/span-tree-model";
import type { SpanViewState } from "../span-views/span-view-state";
import {
  place,
  rulerTicks,
  runWaits,
  timeRange,
  type WaitSegment,
  zoomTo,
} from "../span-views/timeline-model";
import { SpanRowFrame, SpanRowLabel } from "./SpanRowLabel";
import "./timeline.css";

/** The same row height as the tree's, so the two line up row for row. */
const ROW_HEIGHT = 30;

type Window = { start: number; end: number };

/** The play on view and the child plays drawn inline: each with its finished runs. */
interface PlayTimes {
  play: Play;
  runs: RunSummary[];
}

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
  const clock = useNow();
  // A finished run's timeline does not move: only one with a play or a span going on reads the
  // ticking clock.
  const goesOn = createMemo(() => {
    if (!isFinished(props.play)) return true;
    const index = props.state.index();
    return index.roots.some(
      (root) => root.status === "running" || (index.below.get(root.sid)?.running ?? 0) > 0,
    );
  });
  const settled = () => {
    const index = props.state.index();
    return Math.max(props.play.ended_at ?? 0, index.end || 0);
  };
  const now = createMemo(() => (goesOn() ? clock() : settled()));
  const rows = () => props.state.rows();

  // The child plays drawn inline, with the play itself: their runs say when each waited.
  const playSids = createMemo(
    () => {
      const sids = new Set([props.play.sid]);
      for (const span of props.state.index().bySid.values()) sids.add(span.play_sid);
      return [...sids].sort().join(" ");
    },
    undefined,
    { equals: (a, b) => a === b },
  );
  const times = createLive(
    () => [playSids(), props.play.run_count, props.play.status] as const,
    async ([sids]) => {
      const list = sids.split(" ");
      const found = await Promise.all(
        list.map(async (sid) => {
          const [play, runs] = await Promise.all([
            props.loadPlay(sid),
            props.loadRuns(sid).catch(() => []),
          ]);
          return [sid, { play, runs }] as const;
        }),
      );
      return new Map<string, PlayTimes>(found);
    },
  );

  /** The waits of each play's top span on view, by that span's sid. */
  const waits = createMemo(() => {
    const byTop = new Map<string, WaitSegment[]>();
    const index = props.state.index();
    for (const span of index.bySid.values()) {
      if (span.kind !== "flow_root") continue;
      const own = span.play_sid === props.play.sid;
      const entry = times.value()?.get(span.play_sid);
      const play = own ? props.play : entry?.play;
      if (!play) continue;
      byTop.set(
        span.sid,
        runWaits({
          play,
          runNo: own ? props.runNo : span.run_no,
          runs: entry?.runs ?? [],
          firstSpanAt: span.started_at,
          now: now(),
          startingPython: props.stageOf(span.play_sid) === "starting-python",
        }),
      );
    }
    return byTop;
  });

  const whole = createMemo(() =>
    timeRange([...props.state.index().bySid.values()], [...waits().values()].flat(), now()),
  );
  const origin = () => whole().start;
  const [zoom, setZoom] = createSignal<Window | null>(null);
  const window = (): Window => zoom() ?? whole();
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

  function onKeyDown(event: KeyboardEvent) {
    const list = rows();
    const focused = (event.target as HTMLElement).closest?.("[data-span-sid]");
    const at = indexOf(focused?.getAttribute("data-span-sid") ?? props.selected);
    const row = list[at];
    const move = (to: number) => {
      const target = list[Math.max(0, Math.min(list.length - 1, to))];
      if (!target) return;
      props.onSelect(target.span.sid);
      virtualizer.scrollToIndex(list.indexOf(target));
      requestAnimationFrame(() =>
        scroller
          ?.querySelector<HTMLElement>(`[data-span-sid="${target.span.sid}"]`)
          ?.focus({ preventScroll: true }),
      );
    };
    if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(list.length - 1);
    else if (event.key === "ArrowRight" && row?.hasChildren) props.state.toggle(row.span.sid, true);
    else if (event.key === "ArrowLeft" && row) {
      if (row.expanded) props.state.toggle(row.span.sid, false);
      else move(indexOf(row.span.parent_sid));
    } else if (event.key === "Escape" && props.onEscape) props.onEscape();
    else if (event.key === "z" && row) zoomToSelection();
    else return;
    event.preventDefault();
  }

  return (
    <div class="span-timeline" data-testid="timeline">
      <div class="tl-controls">
        <button
          type="button"
          data-testid="timeline-zoom-selection"
          disabled={!selectedSpan()}
          title="Zoom to the selected span (z)"
          onClick={zoomToSelection}
        >
          Zoom to selection
        </button>
        <button
          type="button"
          data-testid="timeline-zoom-reset"
          disabled={!zoom()}
          onClick={() => setZoom(null)}
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
          <Ruler ticks={ticks()} window={window()} onWidth={setTrackWidth} onZoom={setZoom} />
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

/** Narrower than this, a drag across the ruler is a click, not a stretch of time. */
const MIN_DRAG_PX = 6;

/**
 * The ticks above the bars; a drag across it zooms to the stretch of time dragged over. Tells
 * the timeline how wide its track is, for the ticks' spacing.
 */
function Ruler(props: {
  ticks: { at: number; label: string }[];
  window: Window;
  onWidth: (px: number) => void;
  onZoom: (window: Window) => void;
}) {
  let track: HTMLDivElement | undefined;
  const [band, setBand] = createSignal<{ from: number; to: number } | null>(null);
  const xOf = (event: PointerEvent) => {
    const box = track?.getBoundingClientRect();
    return box ? Math.max(0, Math.min(box.width, event.clientX - box.left)) : 0;
  };
  const timeAt = (x: number) => {
    const width = track?.getBoundingClientRect().width || 1;
    return props.window.start + (x / width) * (props.window.end - props.window.start);
  };
  const endDrag = () => {
    const dragged = band();
    setBand(null);
    if (!dragged || Math.abs(dragged.to - dragged.from) < MIN_DRAG_PX) return;
    const [from, to] = [dragged.from, dragged.to].sort((a, b) => a - b) as [number, number];
    props.onZoom({ start: timeAt(from), end: timeAt(to) });
  };
  const observer = new ResizeObserver(([entry]) => {
    if (entry) props.onWidth(entry.contentRect.width);
  });
  createEffect(() => track && observer.observe(track));
  onCleanup(() => observer.disconnect());
  return (
    <div
      class="tl-axis"
      ref={track}
      data-testid="timeline-ruler"
      title="Drag across the ruler to zoom to that stretch of time"
      onPointerDown={(event) => {
        track?.setPointerCapture(event.pointerId);
        setBand({ from: xOf(event), to: xOf(event) });
      }}
      onPointerMove={(event) => {
        const dragged = band();
        if (dragged) setBand({ ...dragged, to: xOf(event) });
      }}
      onPointerUp={endDrag}
      onPointerCancel={() => setBand(null)}
    >
      <Show when={band()}>
        {(dragged) => (
          <span
            class="tl-band"
            style={{
              left: `${Math.min(dragged().from, dragged().to)}px`,
              width: `${Math.abs(dragged().to - dragged().from)}px`,
            }}
          />
        )}
      </Show>
      <For each={props.ticks}>
        {(tick) => (
          <span
            class="tl-tick"
            style={{ left: `${place(tick.at, tick.at, props.window)?.left ?? 0}%` }}
          >
            {tick.label}
          </span>
        )}
      </For>
    </div>
  );
}

function TimelineRow(props: {
  row: TreeRow;
  top: number;
  window: Window;
  /** The track's width in pixels: a wait's words show only where they fit. */
  trackPx: number;
  now: number;
  waits: WaitSegment[];
  inlineChild: boolean;
  selected: boolean;
  tabbable: boolean;
  onSelect: () => void;
  onToggle: () => void;
}) {
  const span = () => props.row.span;
  const end = () => spanEnd(span(), props.now);
  const bar = () => place(span().started_at, end(), props.window);
  return (
    <SpanRowFrame
      class="tl-row"
      row={props.row}
      inlineChild={props.inlineChild}
      selected={props.selected}
      tabbable={props.tabbable}
      style={{ transform: `translateY(${props.top}px)` }}
      onSelect={props.onSelect}
    >
      <div class="tl-label" style={{ "padding-left": `${0.3 + props.row.depth * 0.9}rem` }}>
        <SpanRowLabel row={props.row} onToggle={props.onToggle} />
      </div>
      <div class="tl-track">
        <For each={props.waits}>
          {(wait) => <WaitBar wait={wait} window={props.window} trackPx={props.trackPx} />}
        </For>
        <Show when={bar()}>
          {(at) => (
            <span
              class={`tl-bar s-${span().status}`}
              data-testid="timeline-bar"
              style={{ left: `${at().left}%`, width: `${at().width}%` }}
              title={`${span().name}: ${formatMs(end() - span().started_at)}`}
            />
          )}
        </Show>
        <span
          class="tl-duration"
          classList={{ inside: barLabelInside(bar()) }}
          style={barLabelPlace(bar())}
        >
          {formatMs(end() - span().started_at)}
        </span>
      </div>
    </SpanRowFrame>
  );
}

/** Narrower than this, a wait shows no words (its title still names it). */
const WAIT_LABEL_MIN_PX = 90;

function WaitBar(props: { wait: WaitSegment; window: Window; trackPx: number }) {
  const at = () => place(props.wait.start, props.wait.end, props.window);
  const text = () => `${props.wait.label} ${formatMs(props.wait.end - props.wait.start)}`;
  return (
    <Show when={at()}>
      {(where) => (
        <span
          class={`tl-wait tl-wait-${props.wait.kind}`}
          data-testid="timeline-wait"
          data-wait={props.wait.kind}
          style={{ left: `${where().left}%`, width: `${where().width}%` }}
          title={text()}
        >
          <Show when={(where().width * props.trackPx) / 100 >= WAIT_LABEL_MIN_PX}>
            <span class="tl-wait-label">{text()}</span>
          </Show>
        </span>
      )}
    </Show>
  );
}

/** A span still running ends now; a span never ended (cut off) is a point. */
function spanEnd(span: Span, now: number): number {
  return span.ended_at ?? (span.status === "running" ? now : span.started_at);
}

type Placed = { left: number; width: number } | null;

/** The duration sits after its bar; near the right edge before it; on a bar as wide as the track, inside it. */
function barLabelPlace(bar: Placed): Record<string, string> {
  if (!bar) return { display: "none" };
  const right = bar.left + bar.width;
  if (right <= 82) return { left: `${right}%` };
  if (bar.left >= 18) return { right: `${100 - bar.left}%`, "padding-right": "4px" };
  return { right: `${100 - right}%`, "padding-right": "4px" };
}

const barLabelInside = (bar: Placed): boolean =>
  !!bar && bar.left + bar.width > 82 && bar.left < 18;
