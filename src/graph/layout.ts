// ELK's worker script ships as a file of its own (a classic worker, not bundled): elk.bundled.js
// throws when constructed inside a worker, and `?url` keeps the file relative to the build, so
// it loads from a sub-path and offline like the rest of the app.
import elkWorkerUrl from "elkjs/lib/elk-worker.min.js?url";
import type { PositionedGraph } from "./elk-graph";
import { createLayoutService, type LayoutRequest, type LayoutService } from "./layout-service";
import type { SpanGraphModel } from "./model";

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
  return shared.layout(model, request);
}
