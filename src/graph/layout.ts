// ELK's worker script ships as a file of its own (a classic worker, not bundled): elk.bundled.js
// throws when constructed inside a worker, and `?url` keeps the file relative to the build, so
// it loads from a sub-path and offline like the rest of the app.
import elkWorkerUrl from "elkjs/lib/elk-worker.min.js?url";
import type { PositionedGraph } from "./elk-graph";
import { createLayoutService, type LayoutRequest, type LayoutService } from "./layout-service";
import type { SpanGraphModel } from "./model";
import { CARD } from "./node-size";

export type { PositionedEdge, PositionedGraph, PositionedNode } from "./elk-graph";
export {
  LayoutSupersededError,
  LayoutTimeoutError,
  LayoutWorkerError,
} from "./layout-service";

/** A layout service with its own ELK worker: one per view that lays out at the same time. */
export function createSpanGraphLayout(timeoutMs = 5_000): LayoutService {
  return createLayoutService({
    createWorker: () => new Worker(elkWorkerUrl, { name: "elk-layout" }),
    timeoutMs,
  });
}

let shared: LayoutService | null = null;

/**
 * Lay out a span graph off the main thread, in the app's shared ELK worker. A newer call
 * supersedes an older one (which rejects with `LayoutSupersededError`); a layout over 5 s
 * rejects with `LayoutTimeoutError`, its worker terminated, so the caller can fall back to
 * the tree. Aborting `signal` cancels.
 */
export function layoutSpanGraph(
  model: SpanGraphModel,
  request?: LayoutRequest,
): Promise<PositionedGraph> {
  shared ??= createSpanGraphLayout();
  realRequests += 1;
  return shared.layout(model, request);
}
let realRequests = 0;

/**
 * Lay out a made-up graph of `nodes` cards in the shared worker while the page is idle. ELK is
 * compiled code that runs several times slower until the JIT has seen it work, so a play page
 * showing its tree warms the worker up, and switching to the graph then lays out at full speed.
 */
export function warmUpLayout(): void {
  const idle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
  // Measured in Node: two layouts of 120 cards (0.4 s of the worker's time) bring the first
  // layout of 400 cards from about 0.6 s down to 0.35 s.
  idle(async () => {
    if (warmedUp || realRequests > 0) return;
    warmedUp = true;
    shared ??= createSpanGraphLayout();
    for (const nodes of [120, 121]) {
      // A newer request supersedes the one running: never let a warm-up cut off a real one.
      if (realRequests > 0) return;
      await shared
        .layout(warmUpModel(nodes), { measure: "hero_logic:layout-warm-up" })
        .catch(() => {});
    }
  });
}
let warmedUp = false;

function warmUpModel(count: number): SpanGraphModel {
  const perParent = 12;
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `warm${i}`,
    kind: "span" as const,
    label: "",
    status: "ok" as const,
    spanKind: "step" as const,
    replayed: false,
    durationMs: 1,
    expandable: false,
    expanded: false,
    truncated: false,
    badges: [],
    depth: i === 0 ? 0 : i <= perParent ? 1 : 2,
    width: CARD.width,
    height: 48,
  }));
  const parentOf = (i: number) => (i <= perParent ? 0 : 1 + ((i - perParent - 1) % perParent));
  const edges = nodes.slice(1).map((n, i) => ({
    id: `warm-e${i}`,
    source: `warm${parentOf(i + 1)}`,
    target: n.id,
  }));
  return { nodes, edges, spanCount: count, shownSpans: count, truncated: false };
}
