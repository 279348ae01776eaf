import { type Accessor, createMemo, createSignal } from "solid-js";
import type { Span } from "../db/records";
import { inlineChildPlays, withInlineChildren } from "../graph/inline-children";
import { createLive, type Live } from "../reactive/live";

/**
 * A run's spans with the child plays the reader expanded drawn inline under their subflow
 * spans, kept live while the children run. `follow` hands it the views' expansion (which is
 * built from these same spans, hence the late binding).
 */
export function createInlinePlays(
  loadSpans: (playSid: string) => Promise<Span[]>,
  runSpans: Accessor<Span[]>,
) {
  const [isExpanded, setIsExpanded] = createSignal<(sid: string) => boolean>(() => false);
  const children: Live<Map<string, Span[]>> = createLive(
    (): string => key(),
    async (text) => {
      const open = JSON.parse(text) as [string, string][];
      const lists = await Promise.all(open.map(([, child]) => loadSpans(child)));
      return new Map(open.map(([subflow], i) => [subflow, lists[i]!]));
    },
  );
  const spans: Accessor<Span[]> = createMemo(() =>
    withInlineChildren(runSpans(), children.value() ?? new Map()),
  );
  // A string, so the live query restarts only when the set of open children changes.
  const key: Accessor<string> = createMemo(() =>
    JSON.stringify([...inlineChildPlays(spans(), isExpanded())]),
  );
  return {
    spans,
    follow: (expanded: (sid: string) => boolean) => setIsExpanded(() => expanded),
  };
}
