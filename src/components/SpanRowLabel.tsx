import { Show } from "solid-js";
import type { Play } from "../db/records";
import { childLabel } from "./child-label";
import { KIND_GLYPH, ReplayedMark, StatusIcon } from "./Status";
import type { TreeRow } from "./span-tree-model";

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
