import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from "solid-js";
import type { Play, Span } from "../db/records";
import { formatMs } from "../format/format";
import { badgeText, badgeTitle, cardName, durationText } from "../graph/card-text";
import { createGraphNav, isNavKey } from "../graph/graph-nav";
import { createGraphView, type SharedExpansion } from "../graph/graph-view";
import type { PositionedNode } from "../graph/layout";
import {
  attachPanZoom,
  bringIntoView,
  fitsReadably,
  fittedHeight,
  fitView,
  inView,
  keepInPlace,
  type Rect,
  type Viewport,
  zoomAt,
} from "../graph/viewport";
import { KIND_GLYPH, ReplayedMark, StatusIcon } from "./Status";
import "./span-graph.css";

const CARDS_PER_FRAME = 25;
/** The graph's screen is never lower than this, in CSS pixels (a one-card graph included). */
const MIN_SCREEN_HEIGHT = 180;

/**
 * The span graph of one run: ELK layered layout in a worker, cards for spans, groups of
 * same-named siblings and "more" nodes; pan by dragging, zoom with the wheel.
 */
export function SpanGraph(props: {
  spans: Span[];
  /** The play whose run this is: spans of child plays drawn inline are marked apart. */
  playSid?: string;
  selected: string | null;
  onSelect: (spanSid: string) => void;
  /** The layout failed or took too long: the page can show the tree instead. */
  onFallback?: (message: string) => void;
  /** Share the tree's expansion (its `SpanViewState`) so one toolbar drives both views. */
  expansion?: SharedExpansion;
  /** Escape: close the selection's details. */
  onEscape?: () => void;
  /** The play's child plays by sid: a card that starts or waits for one shows its time and inputs. */
  childPlays?: ReadonlyMap<string, Play>;
}) {
  const [view, setView] = createSignal<Viewport>({ x: 0, y: 0, k: 1 });
  const [panning, setPanning] = createSignal(false);
  let panZoom: { wasDragged: () => boolean } | undefined;
  // The screen's size, kept by a ResizeObserver: reading clientWidth would force a layout of
  // every card on the page at the worst moment (right after they were added).
  const [size, setSize] = createSignal({ width: 0, height: 0 });
  // The screen's height follows the graph (see `screenHeight`): views are made for the height
  // it is about to take, not the one it had before the graph changed.
  const screenRect = () => ({ x: 0, y: 0, width: size().width, height: screenHeight() });
  // Before the screen has a size (not yet in the page) a view waits for the first measurement.
  let pendingView: ((screen: Rect) => Viewport) | null = null;
  const showView = (make: (screen: Rect) => Viewport) => {
    pendingView = size().width === 0 ? make : null;
    if (!pendingView) setView(make(screenRect()));
  };
  // Whether the reader panned, zoomed or moved to a card since the last Fit: then only they
  // move the view; until then it follows the graph and the screen (a panel closed, a turn).
  let readerMoved = false;
  const fitToScreen = () => {
    readerMoved = false;
    showView((screen) => fitView(state.graph, screen, state.graph.nodes[0]));
  };
  const fitsReadable = () => fitsReadably(state.graph, screenRect());
  // A card the reader opened or closed, and where it was on screen: the next layout keeps it there.
  let anchor: { id: string; rect: Rect } | null = null;
  const holdInPlace = (node: PositionedNode) => {
    anchor = {
      id: node.id,
      rect: { x: node.x, y: node.y, width: node.width, height: node.height },
    };
  };
  function keepAnchorInView() {
    const held = anchor;
    anchor = null;
    const node = held && state.graph.nodes.find((n) => n.id === held.id);
    if (!held || !node) return;
    const placed = keepInPlace(view(), held.rect, node);
    // The reader's card now sets the view: a refit (the screen growing with the graph) would
    // move it out of sight again.
    readerMoved = true;
    setView(bringIntoView(placed, node, screenRect()));
  }
  /**
   * The screen's height: at most most of the window, and no taller than the graph needs when
   * fitted to its width (a small graph gets a small box, not a tall empty one).
   */
  function screenHeight(): number {
    const most = Math.max(MIN_SCREEN_HEIGHT, window.innerHeight * 0.7 - 40);
    if (state.graph.nodes.length === 0 || size().width === 0) return most;
    const needed = fittedHeight(state.graph, size().width);
    return Math.round(Math.max(MIN_SCREEN_HEIGHT, Math.min(most, needed)));
  }
  /**
   * The screen changed size (a panel closed, the window turned): refit a view the reader left
   * alone while the whole graph shows readably, else keep the middle across where it was.
   */
  function onResize(before: { width: number; height: number }) {
    if (state.graph.nodes.length === 0 || before.width === 0) return;
    if (!readerMoved && fitsReadable()) return fitToScreen();
    // Across, the middle stays in the middle; down, the top stays (a taller box adds below).
    const { width } = size();
    setView((v) => ({ ...v, x: v.x + (width - before.width) / 2 }));
  }

  const state = createGraphView({
    spans: () => props.spans,
    selected: () => props.selected,
    expansion: () => props.expansion,
    childPlays: () => props.childPlays,
    onLaidOut: (first) => {
      // Later layouts (a running play growing, a node opened) keep the view where it is, so
      // the cards on screen stay put, unless the reader has not moved yet and all of the graph
      // still fits at a readable size.
      if (first || (!readerMoved && fitsReadable())) fitToScreen();
      else keepAnchorInView();
    },
    onReveal: (node) => {
      if (inView(view(), node, screenRect())) return;
      readerMoved = true;
      setView((v) => bringIntoView(v, node, screenRect()));
    },
    onError: (message) => props.onFallback?.(message),
  });
  const graph = state.graph;

  // Cards are added a slice per frame, so drawing hundreds of them never blocks the page
  // for long (the layout is known already; only the DOM is built in steps).
  const [shownCount, setShownCount] = createSignal(CARDS_PER_FRAME);
  let frame = 0;
  createEffect(
    on(
      () => graph.nodes.length,
      (total) => {
        cancelAnimationFrame(frame);
        const grow = () => {
          setShownCount((n) => Math.min(total, n + CARDS_PER_FRAME));
          if (shownCount() < total) frame = requestAnimationFrame(grow);
        };
        if (shownCount() < total) frame = requestAnimationFrame(grow);
      },
    ),
  );
  onCleanup(() => cancelAnimationFrame(frame));
  const shownNodes = createMemo(() =>
    shownCount() >= graph.nodes.length ? graph.nodes : graph.nodes.slice(0, shownCount()),
  );

  function activate(node: PositionedNode) {
    if (panZoom?.wasDragged()) return;
    setFocused(node.id);
    if (node.kind === "span") props.onSelect(node.spanSid!);
    else toggle(node);
  }
  function toggle(node: PositionedNode) {
    holdInPlace(node);
    state.toggle(node);
  }

  // Keyboard: arrows move between cards (a span card moved to is selected, as in the tree),
  // Enter opens, Space expands or collapses, `e` goes to the next failure.
  const [focused, setFocused] = createSignal<string | null>(null);
  const nav = createMemo(() =>
    createGraphNav(
      graph.nodes.map((n) => n.id),
      graph.edges,
    ),
  );
  const nodeById = (id: string | null) => graph.nodes.find((n) => n.id === id);
  const tabbableId = createMemo(() => {
    const ids = new Set(shownNodes().map((n) => n.id));
    const selectedNode = graph.nodes.find((n) => n.spanSid === props.selected);
    for (const id of [focused(), selectedNode?.id]) if (id && ids.has(id)) return id;
    return shownNodes()[0]?.id ?? null;
  });
  function moveTo(node: PositionedNode | undefined) {
    if (!node) return;
    setFocused(node.id);
    if (node.kind === "span") props.onSelect(node.spanSid!);
    if (!inView(view(), node, screenRect())) {
      readerMoved = true;
      setView((v) => bringIntoView(v, node, screenRect()));
    }
    requestAnimationFrame(() =>
      canvas
        ?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(node.id)}"]`)
        ?.focus({ preventScroll: true }),
    );
  }
  function onKeyDown(event: KeyboardEvent) {
    const current = nodeById(tabbableId());
    if (isNavKey(event.key)) moveTo(nodeById(nav()(current?.id ?? null, event.key)));
    else if (event.key === "Enter" && current) activate(current);
    else if (event.key === " " && current) {
      if (current.expandable) toggle(current);
      else activate(current);
    } else if (event.key === "Escape" && props.onEscape) props.onEscape();
    else if (event.key === "e") {
      const at = graph.nodes.findIndex((n) => n.id === current?.id);
      const failed = (n: PositionedNode) =>
        n.status === "failed" || n.badges.some((b) => b.kind === "failed");
      moveTo(graph.nodes.find((n, i) => i > at && failed(n)) ?? graph.nodes.find(failed));
    } else return;
    event.preventDefault();
  }
  let canvas: HTMLDivElement | undefined;

  return (
    <div class="span-graph">
      <div class="graph-toolbar">
        <button
          type="button"
          data-testid="graph-fit"
          onClick={fitToScreen}
          title="Show the whole graph"
        >
          Fit
        </button>
        <button
          type="button"
          title="Zoom to 100%"
          onClick={() => {
            readerMoved = true;
            setView((v) => zoomAt(v, 1 / v.k, size().width / 2, size().height / 2));
          }}
        >
          {Math.round(view().k * 100)}%
        </button>
        <Show when={graph.truncated}>
          <span class="muted">
            {graph.shownSpans} of {graph.spanCount} spans drawn; open “more” for the rest
          </span>
        </Show>
      </div>
      <div
        ref={(el) => {
          panZoom = attachPanZoom(el, {
            view,
            setView: (next) => {
              readerMoved = true;
              setView(next);
            },
            onPanning: setPanning,
          });
          const observer = new ResizeObserver(([entry]) => {
            const before = size();
            if (entry)
              setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
            if (pendingView) showView(pendingView);
            else onResize(before);
          });
          observer.observe(el);
          onCleanup(() => observer.disconnect());
        }}
        class="graph-screen"
        classList={{ panning: panning() }}
        style={{ height: `${screenHeight()}px` }}
      >
        <div
          ref={canvas}
          class="graph-canvas"
          onKeyDown={onKeyDown}
          role="tree"
          aria-label="Span graph"
          style={{ transform: `translate(${view().x}px, ${view().y}px) scale(${view().k})` }}
        >
          <svg class="graph-edges" width={graph.width} height={graph.height} aria-hidden="true">
            <For each={graph.edges}>{(edge) => <path d={edge.path} />}</For>
          </svg>
          <For each={shownNodes()}>
            {(node) => (
              <GraphCard
                node={node}
                inlineChild={!!props.playSid && !!node.playSid && node.playSid !== props.playSid}
                selected={node.spanSid !== undefined && node.spanSid === props.selected}
                tabbable={node.id === tabbableId()}
                onActivate={() => activate(node)}
                onToggle={() => toggle(node)}
              />
            )}
          </For>
        </div>
        <Show when={state.busy()}>
          <div class="graph-busy" role="status">
            laying out…
          </div>
        </Show>
        <Show when={state.error()}>
          <div class="graph-error" role="alert">
            <p>{state.error()}</p>
            <button type="button" onClick={state.retry}>
              Try again
            </button>
          </div>
        </Show>
      </div>
    </div>
  );
}

function GraphCard(props: {
  node: PositionedNode;
  /** A span of a child play drawn inside its parent's graph. */
  inlineChild: boolean;
  selected: boolean;
  /** The one card Tab lands on. */
  tabbable: boolean;
  onActivate: () => void;
  onToggle: () => void;
}) {
  const n = () => props.node;
  const isSpan = () => n().kind === "span";
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the graph canvas handles the keys of all cards
    <div
      class={`graph-node n-${n().kind} st-${n().status}`}
      classList={{
        selected: props.selected,
        replayed: n().replayed,
        "inline-child": props.inlineChild,
      }}
      style={{
        transform: `translate(${n().x}px, ${n().y}px)`,
        width: `${n().width}px`,
        height: `${n().height}px`,
      }}
      role="treeitem"
      tabIndex={props.tabbable ? 0 : -1}
      aria-level={n().depth + 1}
      aria-selected={props.selected}
      aria-expanded={n().expandable && n().kind !== "more" ? n().expanded : undefined}
      title={n().label}
      data-node={n().kind}
      data-node-id={n().id}
      data-span-sid={isSpan() ? n().spanSid : undefined}
      data-kind={isSpan() ? n().spanKind : undefined}
      data-status={isSpan() ? n().status : undefined}
      data-replayed={isSpan() && n().replayed ? "true" : undefined}
      onClick={props.onActivate}
    >
      <div class="gn-header">
        <StatusIcon status={n().status} />
        <span class="kind-glyph">{n().kind === "more" ? "…" : KIND_GLYPH[n().spanKind]}</span>
        <span class="gn-name">{cardName(n()).name}</span>
        <Show when={cardName(n()).count}>{(count) => <span class="gn-count">{count()}</span>}</Show>
        <Show when={n().expandable && n().kind !== "more"}>
          <button
            type="button"
            class="gn-toggle"
            tabIndex={-1}
            data-testid={n().childPlaySid ? "expand-child" : undefined}
            aria-label={toggleLabel(n())}
            title={toggleLabel(n())}
            onClick={(e) => {
              e.stopPropagation();
              props.onToggle();
            }}
          >
            {n().expanded ? "▾" : "▸"}
          </button>
        </Show>
      </div>
      <Show when={n().childLabel}>
        {(label) => (
          <div class="gn-child" data-testid="child-label" title={label()}>
            {label()}
          </div>
        )}
      </Show>
      <Show when={n().kind !== "more"}>
        <div class="gn-meta">
          <Show when={n().replayed}>
            <ReplayedMark fromRun={n().replayedFromRun} />
          </Show>
          <span class="gn-duration" title={durationTitle(n())}>
            {durationText(n())}
          </span>
        </div>
      </Show>
      <Show when={n().badges.length > 0}>
        <div class="gn-badges">
          <For each={n().badges}>
            {(badge) => (
              <span class={`badge-count s-${badge.kind}`} title={badgeTitle(badge)}>
                {badgeText(badge)}
              </span>
            )}
          </For>
        </div>
      </Show>
      <Show when={n().timeline}>
        {(t) => (
          <div class="gn-timeline" aria-hidden="true">
            <span style={{ left: `${t()[0] * 100}%`, width: `${(t()[1] - t()[0]) * 100}%` }} />
          </div>
        )}
      </Show>
    </div>
  );
}

function durationTitle(node: PositionedNode): string | undefined {
  return node.ownMs === undefined
    ? undefined
    : `the child play's own time; ${formatMs(node.ownMs)} in this span`;
}

function toggleLabel(node: PositionedNode): string {
  const what = node.childPlaySid ? " the child play's graph" : "";
  return `${node.expanded ? "Collapse" : "Expand"}${what}`;
}
