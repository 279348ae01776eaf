import type { ElkNode } from "elkjs/lib/elk-api.js";
import type { GraphEdge, GraphNode, SpanGraphModel } from "./model";

export interface Point {
  x: number;
  y: number;
}

export interface PositionedNode extends GraphNode {
  /** Top-left corner, in graph pixels. */
  x: number;
  y: number;
}

export interface PositionedEdge extends GraphEdge {
  /** The orthogonal route, start to end. */
  points: Point[];
}

export interface PositionedGraph {
  nodes: PositionedNode[];
  edges: PositionedEdge[];
  width: number;
  height: number;
  spanCount: number;
  shownSpans: number;
  truncated: boolean;
  /** Time ELK took, or 0 when the previous layout was reused. */
  layoutMs: number;
}

/** Layered, top-down, orthogonal: a tree read from the top, siblings left to right. */
export const LAYOUT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.nodePlacement.bk.fixedAlignment": "BALANCED",
  // Siblings keep their start order, and the drawing keeps still while the play grows, because
  // each layer is ordered by the x we feed in (the depth-first rank). considerModelOrder would do
  // the same at a ruinous cost on large graphs (measured with elkjs 0.12 in Node: 71 s for a
  // tree of 1,000 nodes, where these options take half a second).
  "elk.layered.crossingMinimization.strategy": "INTERACTIVE",
  // A parent's edges leave from one point and share one bus: without it each edge takes its own
  // routing slot, and 100 siblings made a 1,000 px gap between two layers.
  "elk.layered.mergeEdges": "true",
  "elk.spacing.nodeNode": "18",
  "elk.layered.spacing.nodeNodeBetweenLayers": "36",
  "elk.spacing.edgeNode": "12",
  "elk.layered.spacing.edgeNodeBetweenLayers": "12",
  "elk.padding": "[top=16,left=16,bottom=16,right=16]",
};

export function toElkGraph(model: SpanGraphModel): ElkNode {
  return {
    id: "root",
    layoutOptions: LAYOUT_OPTIONS,
    children: model.nodes.map((n, rank) => ({
      id: n.id,
      width: n.width,
      height: n.height,
      x: rank * 10,
      y: n.depth * 100,
    })),
    edges: model.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
}

export function fromElkGraph(
  model: SpanGraphModel,
  laidOut: ElkNode,
  layoutMs: number,
): PositionedGraph {
  const at = new Map((laidOut.children ?? []).map((c) => [c.id, c]));
  const routes = new Map(
    (laidOut.edges ?? []).map((e) => {
      const s = e.sections?.[0];
      return [e.id, s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : []];
    }),
  );
  return {
    ...summary(model),
    nodes: model.nodes.map((n) => ({ ...n, x: at.get(n.id)?.x ?? 0, y: at.get(n.id)?.y ?? 0 })),
    edges: model.edges.map((e) => ({ ...e, points: routes.get(e.id) ?? [] })),
    width: laidOut.width ?? 0,
    height: laidOut.height ?? 0,
    layoutMs,
  };
}

/** What decides the layout: ids, sizes and edges. Statuses and durations do not. */
export function layoutKey(model: SpanGraphModel): string {
  const nodes = model.nodes.map((n) => `${n.id}:${n.width}x${n.height}`).join("|");
  return `${nodes}#${model.edges.map((e) => e.id).join("|")}`;
}

/** A new model of the same shape on an earlier layout: the cards change, not the positions. */
export function reuseLayout(model: SpanGraphModel, earlier: PositionedGraph): PositionedGraph {
  const at = new Map(earlier.nodes.map((n) => [n.id, n]));
  const routes = new Map(earlier.edges.map((e) => [e.id, e.points]));
  return {
    ...earlier,
    ...summary(model),
    nodes: model.nodes.map((n) => ({ ...n, x: at.get(n.id)?.x ?? 0, y: at.get(n.id)?.y ?? 0 })),
    edges: model.edges.map((e) => ({ ...e, points: routes.get(e.id) ?? [] })),
    layoutMs: 0,
  };
}

function summary(model: SpanGraphModel) {
  const { spanCount, shownSpans, truncated } = model;
  return { spanCount, shownSpans, truncated };
}
