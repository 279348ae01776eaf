import { createEffect, createMemo, createSignal, For, on, Show } from "solid-js";
import type { Span } from "../db/records";
import { duration } from "./format";
import { StatusIcon } from "./Status";
import { expandedToDepth, indexSpans, type TreeRow, visibleRows } from "./span-tree-model";

const KIND_GLYPH: Record<Span["kind"], string> = {
  flow_root: "◆",
  step: "▪",
  rpc: "⇄",
  subflow: "↳",
  other: "·",
};

const AUTO_EXPAND_LEVELS = 4;

/** The span tree of one run: expandable rows, keyboard navigation, selection. */
export function SpanTree(props: {
  spans: Span[];
  selected: string | null;
  onSelect: (sid: string) => void;
}) {
  const index = createMemo(() => indexSpans(props.spans));
  const [expanded, setExpanded] = createSignal(new Set<string>());
  const [touched, setTouched] = createSignal(new Set<string>());

  // Spans that appear open a few levels deep unless the reader collapsed them.
  createEffect(
    on(index, (idx) => {
      const auto = expandedToDepth(idx, AUTO_EXPAND_LEVELS);
      setExpanded((current) => {
        const next = new Set(current);
        for (const sid of auto) if (!touched().has(sid)) next.add(sid);
        return next;
      });
    }),
  );

  const rows = createMemo(() => visibleRows(index(), (sid) => expanded().has(sid)));

  function toggle(sid: string, open?: boolean) {
    setTouched((t) => new Set(t).add(sid));
    setExpanded((current) => {
      const next = new Set(current);
      const shouldOpen = open ?? !next.has(sid);
      if (shouldOpen) next.add(sid);
      else next.delete(sid);
      return next;
    });
  }

  function onKeyDown(event: KeyboardEvent) {
    const list = rows();
    const at = list.findIndex((r) => r.span.sid === props.selected);
    const row = list[at];
    const move = (to: number) => {
      const target = list[Math.max(0, Math.min(list.length - 1, to))];
      if (target) {
        props.onSelect(target.span.sid);
        document.querySelector<HTMLElement>(`[data-span-sid="${target.span.sid}"]`)?.focus();
      }
    };
    if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "ArrowRight" && row?.hasChildren) toggle(row.span.sid, true);
    else if (event.key === "ArrowLeft" && row) {
      if (row.expanded) toggle(row.span.sid, false);
      else move(list.findIndex((r) => r.span.sid === row.span.parent_sid));
    } else return;
    event.preventDefault();
  }

  return (
    <div class="span-tree" role="tree" aria-label="Spans" onKeyDown={onKeyDown}>
      <For each={rows()}>
        {(row, i) => (
          <SpanRow
            row={row}
            selected={row.span.sid === props.selected}
            tabbable={props.selected ? row.span.sid === props.selected : i() === 0}
            onSelect={() => props.onSelect(row.span.sid)}
            onToggle={() => toggle(row.span.sid)}
          />
        )}
      </For>
    </div>
  );
}

function SpanRow(props: {
  row: TreeRow;
  selected: boolean;
  /** The one row Tab lands on: the selected one, else the first. */
  tabbable: boolean;
  onSelect: () => void;
  onToggle: () => void;
}) {
  const span = () => props.row.span;
  return (
    <div
      class="span-row"
      classList={{ selected: props.selected, replayed: span().replayed }}
      role="treeitem"
      tabIndex={props.tabbable ? 0 : -1}
      aria-level={props.row.depth + 1}
      aria-expanded={props.row.hasChildren ? props.row.expanded : undefined}
      aria-selected={props.selected}
      data-span-sid={span().sid}
      data-kind={span().kind}
      data-status={span().status}
      data-replayed={span().replayed ? "true" : undefined}
      style={{ "padding-left": `${0.5 + props.row.depth * 1.1}rem` }}
      onClick={props.onSelect}
      onKeyDown={(e) => {
        if (e.key === "Enter") props.onSelect();
      }}
    >
      <button
        type="button"
        class="twisty"
        tabindex={-1}
        aria-label={props.row.expanded ? "Collapse" : "Expand"}
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
      <Show when={span().replayed}>
        <span
          class="replayed-mark"
          title={
            span().replayed_from_run
              ? `value from run ${span().replayed_from_run}`
              : "value from the step cache"
          }
        >
          ↻ replayed
        </span>
      </Show>
      <Show when={props.row.hiddenFailures > 0}>
        <span class="badge-count s-failed" title="failed spans inside">
          ✕ {props.row.hiddenFailures}
        </span>
      </Show>
      <span class="span-duration">{duration(span().started_at, span().ended_at)}</span>
    </div>
  );
}
