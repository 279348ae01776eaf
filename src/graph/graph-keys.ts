import { type Accessor, createMemo, createSignal } from "solid-js";
import type { PositionedNode } from "./elk-graph";
import { createGraphNav, isNavKey } from "./graph-nav";
import type { GraphEdge } from "./model";

/**
 * The graph's keyboard: arrows move between cards (a span card moved to is selected, as in the
 * tree), Enter opens, Space expands or collapses, `e` goes to the next failure, Escape closes
 * the selection's details. One card at a time is the one Tab lands on.
 */
export function createGraphKeys(options: {
  graph: { nodes: readonly PositionedNode[]; edges: readonly GraphEdge[] };
  /** The cards drawn so far. */
  shown: Accessor<readonly PositionedNode[]>;
  selected: Accessor<string | null>;
  activate: (node: PositionedNode) => void;
  toggle: (node: PositionedNode) => void;
  /** A card was moved to: select it when it is a span's, bring it into view, focus it. */
  moveTo: (node: PositionedNode) => void;
  onEscape?: () => void;
}) {
  const { graph } = options;
  const [focused, setFocused] = createSignal<string | null>(null);
  const nav = createMemo(() =>
    createGraphNav(
      graph.nodes.map((n) => n.id),
      graph.edges,
    ),
  );
  const nodeById = (id: string | null) => graph.nodes.find((n) => n.id === id);
  const tabbableId = createMemo(() => {
    const ids = new Set(options.shown().map((n) => n.id));
    const selectedNode = graph.nodes.find((n) => n.spanSid === options.selected());
    for (const id of [focused(), selectedNode?.id]) if (id && ids.has(id)) return id;
    return options.shown()[0]?.id ?? null;
  });
  const moveTo = (node: PositionedNode | undefined) => {
    if (!node) return;
    setFocused(node.id);
    options.moveTo(node);
  };

  function onKeyDown(event: KeyboardEvent) {
    const current = nodeById(tabbableId());
    if (isNavKey(event.key)) moveTo(nodeById(nav()(current?.id ?? null, event.key)));
    else if (event.key === "Enter" && current) options.activate(current);
    else if (event.key === " " && current) {
      if (current.expandable) options.toggle(current);
      else options.activate(current);
    } else if (event.key === "Escape" && options.onEscape) options.onEscape();
    else if (event.key === "e") moveTo(nextFailure(graph.nodes, current));
    else return;
    event.preventDefault();
  }

  return { tabbableId, setFocused, onKeyDown };
}

/** The next card after `current` that failed or hides a failure, from the top when none follows. */
function nextFailure(
  nodes: readonly PositionedNode[],
  current: PositionedNode | undefined,
): PositionedNode | undefined {
  const at = nodes.findIndex((n) => n.id === current?.id);
  const failed = (n: PositionedNode) =>
    n.status === "failed" || n.badges.some((b) => b.kind === "failed");
  return nodes.find((n, i) => i > at && failed(n)) ?? nodes.find(failed);
}
