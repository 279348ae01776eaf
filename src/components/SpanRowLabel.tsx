import { type JSX, Show } from "solid-js";
import type { Play } from "../db/records";
import { childLabel } from "../format/child-label";
import type { TreeRow } from "../span-views/span-tree-model";
import { KIND_GLYPH, ReplayedMark, StatusIcon } from "./Status";

/**
 * What names a span on a row of the tree and of the timeline, alike in both: the twisty, status,
 * kind, name, the child play's inputs (where `child` is given), "↻ replayed" and the count of
 * failures a collapsed row hides.
 */
export function SpanRowLabel(props: { row: TreeRow; child?: Play; onToggle: () => void }) {
  const span = () => props.row.span;
  return (
    <>
      <button
        type="button"
        class="twisty"
        tabindex={-1}
        data-testid={span().child_play_sid ? "expand-child" : undefined}
        aria-label={`${props.row.expanded ? "Collapse" : "Expand"}${span().child_play_sid ? " the child play" : ""}`}
        style={{ visibility: props.row.hasChildren ? "visible" : "hidden" }}
        onClick={(e) => {
          e.stopPropagation();
          props.onToggle();
        }}
      >
        {props.row.expanded ? "▾" : "▸"}
      </button>
      <StatusIcon status={span().status} />
      <span class="kind-glyph" title={span().kind}>
        {KIND_GLYPH[span().kind]}
      </span>
      <span class="span-name">{span().name}</span>
      <Show when={childLabel(span(), props.child)}>
        {(label) => (
          <span class="span-label" data-testid="child-label" title={label()}>
            {label()}
          </span>
        )}
      </Show>
      <Show when={span().replayed}>
        <ReplayedMark fromRun={span().replayed_from_run} />
      </Show>
      <Show when={props.row.hiddenFailures > 0}>
        <span class="badge-count s-failed" title="failed spans inside">
          ✕ {props.row.hiddenFailures}
        </span>
      </Show>
    </>
  );
}

/**
 * The row itself, alike in the tree and the timeline: a tree item carrying the span's sid, kind,
 * status and replay for styles and scripts, selected by click or Enter.
 */
export function SpanRowFrame(props: {
  class: string;
  row: TreeRow;
  /** A span of a child play drawn inside its parent's tree. */
  inlineChild: boolean;
  selected: boolean;
  /** The one row Tab lands on: the selected one, else the first. */
  tabbable: boolean;
  style: JSX.CSSProperties;
  onSelect: () => void;
  children: JSX.Element;
}) {
  const span = () => props.row.span;
  return (
    <div
      class={props.class}
      classList={{
        selected: props.selected,
        replayed: span().replayed,
        "inline-child": props.inlineChild,
      }}
      role="treeitem"
      tabIndex={props.tabbable ? 0 : -1}
      aria-level={props.row.depth + 1}
      aria-expanded={props.row.hasChildren ? props.row.expanded : undefined}
      aria-selected={props.selected}
      data-span-sid={span().sid}
      data-kind={span().kind}
      data-status={span().status}
      data-replayed={span().replayed ? "true" : undefined}
      style={props.style}
      onClick={props.onSelect}
      onKeyDown={(e) => {
        if (e.key === "Enter") props.onSelect();
      }}
    >
      {props.children}
    </div>
  );
}
