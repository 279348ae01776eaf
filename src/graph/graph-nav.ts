import type { GraphEdge } from "./model";

export type NavKey = "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Home" | "End";

const NAV_KEYS = new Set<string>([
  "ArrowUp",
  "ArrowDown",
  "ArrowLeft",
  "ArrowRight",
  "Home",
  "End",
]);
export const isNavKey = (key: string): key is NavKey => NAV_KEYS.has(key);

/**
 * Moving between the cards of a top-down graph with the arrow keys: up to the parent, down to
 * the first child, left and right along the siblings, Home and End to the first and last card.
 * `ids` are the drawn nodes in depth-first order (siblings in start order).
 */
export function createGraphNav(ids: readonly string[], edges: readonly GraphEdge[]) {
  const parent = new Map<string, string>();
  const children = new Map<string, string[]>();
  for (const { source, target } of edges) {
    parent.set(target, source);
    const list = children.get(source);
    if (list) list.push(target);
    else children.set(source, [target]);
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  for (const list of children.values()) list.sort((a, b) => order.get(a)! - order.get(b)!);
  const roots = ids.filter((id) => !parent.has(id));

  /** The card `key` moves to from `from` (the first card when nothing has focus yet). */
  return (from: string | null, key: NavKey): string | null => {
    if (from === null || !order.has(from)) return ids[0] ?? null;
    if (key === "Home") return ids[0] ?? null;
    if (key === "End") return ids[ids.length - 1] ?? null;
    const up = parent.get(from);
    if (key === "ArrowUp") return up ?? from;
    if (key === "ArrowDown") return children.get(from)?.[0] ?? from;
    const row = up ? children.get(up)! : roots;
    const at = row.indexOf(from) + (key === "ArrowRight" ? 1 : -1);
    return row[Math.max(0, Math.min(row.length - 1, at))] ?? from;
  };
}
