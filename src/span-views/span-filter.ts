import { type Accessor, createEffect, on } from "solid-js";
import type { Span } from "../db/records";
import type { SpanIndex } from "./span-tree-model";

/**
 * The spans whose name contains `text` (case-insensitive), with their ancestors: what the tree
 * shows, all open, while a filter is on. `matches` counts the spans named so themselves.
 */
export function filterSpans(
  index: SpanIndex,
  text: string,
): { keep: Set<string>; matches: number } {
  const needle = text.trim().toLowerCase();
  const keep = new Set<string>();
  let matches = 0;
  for (const span of index.bySid.values()) {
    if (!span.name.toLowerCase().includes(needle)) continue;
    matches += 1;
    for (
      let s: Span | undefined = span;
      s && !keep.has(s.sid);
      s = index.bySid.get(s.parent_sid ?? "")
    ) {
      keep.add(s.sid);
    }
  }
  return { keep, matches };
}

/** Filters typed on play pages, by play sid, for as long as the app stays open. */
const filtersByPlay = new Map<string, string>();

/**
 * Give each play its own filter: leaving a play keeps what was typed for it, and the next play
 * opens with its own (none at first) instead of a filter that silently empties its tree.
 */
export function keepFilterPerPlay(
  view: { filter: Accessor<string>; setFilter(text: string): void },
  playSid: Accessor<string>,
): void {
  createEffect(on(playSid, (sid) => view.setFilter(filtersByPlay.get(sid) ?? "")));
  createEffect(
    on(
      view.filter,
      (text) => {
        if (text) filtersByPlay.set(playSid(), text);
        else filtersByPlay.delete(playSid());
      },
      { defer: true },
    ),
  );
}
