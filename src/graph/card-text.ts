import { formatMs } from "../components/format";
import type { Badge, GraphNode } from "./model";

export const BADGE_ICON: Record<Badge["kind"], string> = {
  failed: "✕",
  paused: "‖",
  running: "◌",
  hidden: "+",
};

/** A span's duration, written as in the tree; for a group, the time it covers and its shortest and longest member. */
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
