import type { Span } from "../db/records";

/** Whether a span started a child play whose spans can be drawn inside the parent's views. */
export const opensChildPlay = (span: Span): span is Span & { child_play_sid: string } =>
  span.kind === "subflow" && !!span.child_play_sid;

/**
 * A run's spans with child plays drawn inline: each child's top spans hang under the subflow
 * span that started it (`children` maps that span's sid to the child's spans). A child may hold
 * subflow spans of its own, opened the same way. Lists for subflow spans not present (another
 * run was chosen) are left out. The spans keep their own `play_sid`, which tells them apart.
 */
export function withInlineChildren(
  spans: readonly Span[],
  children: ReadonlyMap<string, readonly Span[]>,
): Span[] {
  if (children.size === 0) return spans as Span[];
  const merged = [...spans];
  const present = new Set(spans.map((s) => s.sid));
  const pending = new Map(children);
  // A grandchild hangs under a span of a child, so attach in as many passes as it takes.
  for (let attached = true; attached && pending.size > 0; ) {
    attached = false;
    for (const [subflowSid, childSpans] of pending) {
      if (!present.has(subflowSid)) continue;
      pending.delete(subflowSid);
      attached = true;
      const own = new Set(childSpans.map((s) => s.sid));
      for (const span of childSpans) {
        if (present.has(span.sid)) continue;
        present.add(span.sid);
        const isTop = !span.parent_sid || !own.has(span.parent_sid);
        merged.push(isTop ? { ...span, parent_sid: subflowSid } : span);
      }
    }
  }
  return merged;
}

/**
 * The child plays to draw inline, as "subflow sid → child play sid": the subflow spans among
 * `spans` that the reader expanded.
 */
export function inlineChildPlays(
  spans: readonly Span[],
  isExpanded: (sid: string) => boolean,
): Map<string, string> {
  const open = new Map<string, string>();
  for (const span of spans) {
    if (opensChildPlay(span) && isExpanded(span.sid)) open.set(span.sid, span.child_play_sid);
  }
  return open;
}
