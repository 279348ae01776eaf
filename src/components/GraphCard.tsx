import { For, Show } from "solid-js";
import { formatMs } from "../format/format";
import { badgeText, badgeTitle, cardName, durationText } from "../graph/card-text";
import type { PositionedNode } from "../graph/layout";
import { KIND_GLYPH, ReplayedMark, StatusIcon } from "./Status";

/** One card of the span graph: a span, a group of same-named siblings or a "more" node. */
export function GraphCard(props: {
  node: PositionedNode;
  /** A span of a child play drawn inside its parent's graph. */
  inlineChild: boolean;
  selected: boolean;
  /** The one card Tab lands on. */
  tabbable: boolean;
  onActivate: () => void;
  onToggle: () => void;
}) {
  const n = () => props.node;
  const isSpan = () => n().kind === "span";
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the graph canvas handles the keys of all cards
    <div
      class={`graph-node n-${n().kind} st-${n().status}`}
      classList={{
        selected: props.selected,
        replayed: n().replayed,
        "inline-child": props.inlineChild,
      }}
      style={{
        transform: `translate(${n().x}px, ${n().y}px)`,
        width: `${n().width}px`,
        height: `${n().height}px`,
      }}
      role="treeitem"
      tabIndex={props.tabbable ? 0 : -1}
      aria-level={n().depth + 1}
      aria-selected={props.selected}
      aria-expanded={n().expandable && n().kind !== "more" ? n().expanded : undefined}
      title={n().label}
      data-node={n().kind}
      data-node-id={n().id}
      data-span-sid={isSpan() ? n().spanSid : undefined}
      data-kind={isSpan() ? n().spanKind : undefined}
      data-status={isSpan() ? n().status : undefined}
      data-replayed={isSpan() && n().replayed ? "true" : undefined}
      onClick={props.onActivate}
    >
      <div class="gn-header">
        <StatusIcon status={n().status} />
        <span class="kind-glyph">{n().kind === "more" ? "…" : KIND_GLYPH[n().spanKind]}</span>
        <span class="gn-name">{cardName(n()).name}</span>
        <Show when={cardName(n()).count}>{(count) => <span class="gn-count">{count()}</span>}</Show>
        <Show when={n().expandable && n().kind !== "more"}>
          <button
            type="button"
            class="gn-toggle"
            tabIndex={-1}
            data-testid={n().childPlaySid ? "expand-child" : undefined}
            aria-label={toggleLabel(n())}
            title={toggleLabel(n())}
            onClick={(e) => {
              e.stopPropagation();
              props.onToggle();
            }}
          >
            {n().expanded ? "▾" : "▸"}
          </button>
        </Show>
      </div>
      <Show when={n().childLabel}>
        {(label) => (
          <div class="gn-child" data-testid="child-label" title={label()}>
            {label()}
          </div>
        )}
      </Show>
      <Show when={n().kind !== "more"}>
        <div class="gn-meta">
          <Show when={n().replayed}>
            <ReplayedMark fromRun={n().replayedFromRun} />
          </Show>
          <span class="gn-duration" title={durationTitle(n())}>
            {durationText(n())}
          </span>
        </div>
      </Show>
      <Show when={n().badges.length > 0}>
        <div class="gn-badges">
          <For each={n().badges}>
            {(badge) => (
              <span class={`badge-count s-${badge.kind}`} title={badgeTitle(badge)}>
                {badgeText(badge)}
              </span>
            )}
          </For>
        </div>
      </Show>
      <Show when={n().timeline}>
        {(t) => (
          <div class="gn-timeline" aria-hidden="true">
            <span style={{ left: `${t()[0] * 100}%`, width: `${(t()[1] - t()[0]) * 100}%` }} />
          </div>
        )}
      </Show>
    </div>
  );
}

function durationTitle(node: PositionedNode): string | undefined {
  return node.ownMs === undefined
    ? undefined
    : `the child play's own time; ${formatMs(node.ownMs)} in this span`;
}

function toggleLabel(node: PositionedNode): string {
  const what = node.childPlaySid ? " the child play's graph" : "";
  return `${node.expanded ? "Collapse" : "Expand"}${what}`;
}
