import {
  type Accessor,
  batch,
  createEffect,
  createMemo,
  createSignal,
  on,
  onCleanup,
} from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { Play, Span } from "../db/records";
import { messageOf } from "../wire/errors";
import type { Point, PositionedNode } from "./elk-graph";
import { LayoutSupersededError, layoutSpanGraph } from "./layout";
import {
  buildSpanGraph,
  GRAPH_DEFAULTS,
  type GraphEdge,
  type GraphView,
  type SpanGraphModel,
} from "./model";
import { ancestorSids, indexSpanTree, type SpanTreeIndex } from "./span-index";

/** Most nodes "show more" may raise the cap to: ELK stays around a second up to here. */
const MAX_BUDGET = 2_000;

/**
 * Which spans are open, shared with the tree so its toolbar (Expand all, Collapse all, Expand
 * to failures) drives both views. `SpanViewState` fits.
 */
export interface SharedExpansion {
  isExpanded(sid: string): boolean;
  toggle(sid: string, open?: boolean): void;
  /** A span to bring into view (a new object each time one is asked for). */
  reveal?: Accessor<{ sid: string } | null>;
  /** The index of the same spans, when the owner has built it already. */
  index?: Accessor<SpanTreeIndex>;
}

export interface GraphViewInput {
  spans: Accessor<Span[]>;
  selected: Accessor<string | null>;
  /** Without it the graph keeps its own: open a few levels deep, then as the reader clicks. */
  expansion: Accessor<SharedExpansion | undefined>;
  /** The play's child plays by sid, for the cards of spans that start or wait for them. */
  childPlays?: Accessor<ReadonlyMap<string, Play> | undefined>;
  onLaidOut: (first: boolean) => void;
  /** A span asked for is drawn: pan to it if it is out of sight. */
  onReveal: (node: PositionedNode) => void;
  onError: (message: string) => void;
}

const without = (set: ReadonlySet<string>, id: string) => new Set([...set].filter((x) => x !== id));

/** The graph view's state: what is open, how many nodes may show, the laid-out graph. */
export function createGraphView(input: GraphViewInput) {
  // The tree's state indexes the same spans: reuse its index rather than build a second one.
  const index = createMemo(() => input.expansion()?.index?.() ?? indexSpanTree(input.spans()));
  /** Group ids, and span sids when the expansion is the graph's own. */
  const [opened, setOpened] = createSignal<ReadonlySet<string>>(new Set());
  const [closed, setClosed] = createSignal<ReadonlySet<string>>(new Set());
  const [budget, setBudget] = createSignal<number>(GRAPH_DEFAULTS.maxNodes);
  const [childLimits, setChildLimits] = createSignal<ReadonlyMap<string, number>>(new Map());
  // The selection and its ancestors stay out of closed groups.
  const selectionPath = createMemo(() => {
    const sid = input.selected();
    return new Set(sid && index().bySid.has(sid) ? [...ancestorSids(index(), sid), sid] : []);
  });
  const model = createMemo(() => {
    const shared = input.expansion();
    const local = opened();
    const path = selectionPath();
    const view: GraphView = shared
      ? { expanded: { has: (id) => local.has(id) || shared.isExpanded(id) }, autoExpandDepth: 0 }
      : { expanded: local, collapsed: closed() };
    view.apart = { has: (id) => path.has(id) || (!shared && local.has(id)) };
    return buildSpanGraph(index(), {
      ...view,
      maxNodes: budget(),
      childLimits: childLimits(),
      childPlays: input.childPlays?.(),
    });
  });

  const laidOut = createLaidOutGraph(model, {
    onLaidOut: (first) => {
      input.onLaidOut(first);
      revealPending();
    },
    onError: input.onError,
  });
  const graph = laidOut.graph;
  let revealing: string | null = null;

  function revealPending() {
    const node = graph.nodes.find((n) => n.spanSid === revealing);
    if (!node || !laidOut.done()) return;
    revealing = null;
    input.onReveal(node);
  }

  /** Open the way to a span chosen elsewhere (the tree, a deep link, Expand to failures). */
  function reveal(sid: string | null | undefined) {
    if (!sid || !index().bySid.has(sid)) return;
    revealing = sid;
    if (model().nodes.some((n) => n.spanSid === sid)) return revealPending();
    const path = ancestorSids(index(), sid);
    const shared = input.expansion();
    if (shared) {
      for (const id of path) if (!shared.isExpanded(id)) shared.toggle(id, true);
      return;
    }
    batch(() => {
      setOpened((s) => new Set([...s, ...path]));
      setClosed((s) => new Set([...s].filter((id) => !path.includes(id))));
    });
  }
  createEffect(on(input.selected, reveal));
  createEffect(
    on(
      () => input.expansion()?.reveal?.(),
      (request) => reveal(request?.sid),
    ),
  );

  /** Open or close a span or group; a "more" node, or a node cut by the cap, draws more. */
  function toggle(node: PositionedNode) {
    if (node.kind === "more" || node.truncated) {
      const step = GRAPH_DEFAULTS.childLimit;
      const parent = node.kind === "more" ? node.id.slice("more:".length) : node.id;
      batch(() => {
        // Only a full graph needs a bigger budget; every node more costs layout time.
        if (graph.nodes.length >= budget() - 1) {
          setBudget((b) => Math.min(MAX_BUDGET, b + GRAPH_DEFAULTS.maxNodes));
        }
        setChildLimits((m) => new Map(m).set(parent, (m.get(parent) ?? step) + step));
      });
      if (node.kind === "more") return;
    }
    const open = !node.expanded;
    const shared = input.expansion();
    if (shared && node.kind === "span") return shared.toggle(node.id, open);
    batch(() => {
      setOpened((s) => (open ? new Set(s).add(node.id) : without(s, node.id)));
      if (node.kind === "span") {
        setClosed((s) => (open ? without(s, node.id) : new Set(s).add(node.id)));
      }
    });
  }

  return { graph, busy: laidOut.busy, error: laidOut.error, toggle, retry: laidOut.retry };
}

/**
 * The graph of `model` as ELK last laid it out, asked for again whenever the model changes;
 * a layout superseded by a newer one, or finished after the view closed, is dropped.
 */
function createLaidOutGraph(
  model: Accessor<SpanGraphModel>,
  events: { onLaidOut: (first: boolean) => void; onError: (message: string) => void },
) {
  const [graph, setGraph] = createStore({
    nodes: [] as PositionedNode[],
    edges: [] as (GraphEdge & { path: string })[],
    width: 0,
    height: 0,
    spanCount: 0,
    shownSpans: 0,
    truncated: false,
    layoutMs: 0,
  });
  const [busy, setBusy] = createSignal(true);
  const [error, setError] = createSignal<string | null>(null);
  let laidOut = false;
  let alive = true;
  onCleanup(() => {
    alive = false;
  });

  function requestLayout(m: SpanGraphModel) {
    setBusy(true);
    layoutSpanGraph(m).then(
      ({ nodes, edges, ...sizes }) => {
        if (!alive) return;
        batch(() => {
          setGraph("nodes", reconcile(nodes, { key: "id" }));
          setGraph(
            "edges",
            reconcile(edges.map(({ points, ...e }) => ({ ...e, path: edgePath(points) }))),
          );
          setGraph(sizes);
          setBusy(false);
          setError(null);
        });
        const first = !laidOut;
        laidOut = true;
        events.onLaidOut(first);
      },
      (err: unknown) => {
        if (!alive || err instanceof LayoutSupersededError) return;
        const message = messageOf(err);
        setBusy(false);
        setError(message);
        events.onError(message);
      },
    );
  }
  createEffect(on(model, requestLayout));

  return {
    graph,
    busy,
    error,
    /** Whether a layout has arrived yet. */
    done: () => laidOut,
    retry: () => requestLayout(model()),
  };
}

function edgePath(points: Point[]): string {
  return points.map((p, i) => `${i ? "L" : "M"}${p.x} ${p.y}`).join(" ");
}
