import { For, Show } from "solid-js";
import type { Play, Span } from "../db/records";
import { createGraphCamera } from "../graph/graph-camera";
import { createGraphKeys } from "../graph/graph-keys";
import { createGraphView, type SharedExpansion } from "../graph/graph-view";
import type { PositionedNode } from "../graph/layout";
import { createSlices } from "../reactive/slices";
import { GraphCard } from "./GraphCard";
import "./span-graph.css";

const CARDS_PER_FRAME = 25;

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
  const camera = createGraphCamera(() => state.graph);
  const state = createGraphView({
    spans: () => props.spans,
    selected: () => props.selected,
    expansion: () => props.expansion,
    childPlays: () => props.childPlays,
    onLaidOut: camera.laidOut,
    onReveal: camera.bringIntoView,
    onError: (message) => props.onFallback?.(message),
  });
  const graph = state.graph;
  // Cards are added a slice per frame, so drawing hundreds of them never blocks the page
  // for long (the layout is known already; only the DOM is built in steps).
  const shownNodes = createSlices(() => graph.nodes, CARDS_PER_FRAME);
  let canvas: HTMLDivElement | undefined;

  function activate(node: PositionedNode) {
    if (camera.wasDragged()) return;
    keys.setFocused(node.id);
    if (node.kind === "span") props.onSelect(node.spanSid!);
    else toggle(node);
  }
  function toggle(node: PositionedNode) {
    camera.holdInPlace(node);
    state.toggle(node);
  }
  const keys = createGraphKeys({
    graph,
    shown: shownNodes,
    selected: () => props.selected,
    activate,
    toggle,
    moveTo: (node) => {
      if (node.kind === "span") props.onSelect(node.spanSid!);
      camera.bringIntoView(node);
      requestAnimationFrame(() =>
        canvas
          ?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(node.id)}"]`)
          ?.focus({ preventScroll: true }),
      );
    },
    get onEscape() {
      return props.onEscape;
    },
  });

  return (
    <div class="span-graph">
      <GraphToolbar
        zoom={camera.view().k}
        truncated={graph.truncated}
        shownSpans={graph.shownSpans}
        spanCount={graph.spanCount}
        onFit={camera.fitToScreen}
        onActualSize={camera.zoomToActualSize}
      />
      <div
        ref={(el) => camera.attach(el)}
        class="graph-screen"
        classList={{ panning: camera.panning() }}
        style={{ height: `${camera.screenHeight()}px` }}
      >
        <div
          ref={canvas}
          class="graph-canvas"
          onKeyDown={keys.onKeyDown}
          role="tree"
          aria-label="Span graph"
          style={{
            transform: `translate(${camera.view().x}px, ${camera.view().y}px) scale(${camera.view().k})`,
          }}
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
                tabbable={node.id === keys.tabbableId()}
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

/** Fit, the zoom (a click sets 100%), and how much of a capped graph is drawn. */
function GraphToolbar(props: {
  zoom: number;
  truncated: boolean;
  shownSpans: number;
  spanCount: number;
  onFit: () => void;
  onActualSize: () => void;
}) {
  return (
    <div class="graph-toolbar">
      <button
        type="button"
        data-testid="graph-fit"
        onClick={() => props.onFit()}
        title="Show the whole graph"
      >
        Fit
      </button>
      <button type="button" title="Zoom to 100%" onClick={() => props.onActualSize()}>
        {Math.round(props.zoom * 100)}%
      </button>
      <Show when={props.truncated}>
        <span class="muted">
          {props.shownSpans} of {props.spanCount} spans drawn; open “more” for the rest
        </span>
      </Show>
    </div>
  );
}
