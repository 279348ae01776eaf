import type { SpanKind } from "../db/records";
import type { Badge, GraphNode } from "./model";

/** The kind glyphs of the span tree, so a span reads the same in both views. */
export const KIND_GLYPH: Record<SpanKind, string> = {
  flow_root: "◆",
  step: "▪",
  rpc: "⇄",
  subflow: "↳",
  other: "·",
};

export const BADGE_ICON: Record<Badge["kind"], string> = {
  failed: "✕",
  paused: "‖",
  running: "◌",
  hidden: "+",
};

/** A duration with the tree's rules: 0.40 ms, 12 ms, 1.2 s, 3 min 4 s. */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null) return "";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A span's duration; for a group, the time it covers and its shortest and longest member. */
export function durationText(node: GraphNode): string {
  const total = formatMs(node.durationMs);
  const range = node.durationRange?.map(formatMs);
  if (!range) return total;
  return `${total} · each ${range[0] === range[1] ? range[0] : `${range[0]}–${range[1]}`}`;
}

export function badgeText(badge: Badge): string {
  return badge.kind === "hidden" ? `+${badge.count}` : `${BADGE_ICON[badge.kind]} ${badge.count}`;
}

export function badgeTitle(badge: Badge): string {
  return badge.kind === "hidden"
    ? `${badge.count} spans inside`
    : `${badge.count} ${badge.kind} span${badge.count === 1 ? "" : "s"} inside`;
}
