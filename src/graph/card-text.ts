import { formatMs } from "../format/format";
import type { Badge, GraphNode } from "./graph-node";

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

/**
 * A card's name and, for a group, its count ("×8") apart: the name may end in an ellipsis, the
 * count never (it is how many spans the card stands for).
 */
export function cardName(node: GraphNode): { name: string; count: string | null } {
  const suffix = ` ×${node.count}`;
  if (node.kind !== "group" || !node.label.endsWith(suffix))
    return { name: node.label, count: null };
  return { name: node.label.slice(0, -suffix.length), count: suffix.trim() };
}
