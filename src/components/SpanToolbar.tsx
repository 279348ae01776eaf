import { Show } from "solid-js";
import type { SpanViewState } from "../span-views/span-view-state";
import type { ViewMode } from "../span-views/view-mode";
import { FilterStatus } from "./FilterStatus";

/** Tree or graph, Expand all, Collapse all, Expand to failures and a name filter. */
export function SpanToolbar(props: {
  state: SpanViewState;
  onSelect: (sid: string) => void;
  mode: ViewMode;
  onMode: (mode: ViewMode) => void;
}) {
  return (
    <div class="span-toolbar" role="toolbar" aria-label="Spans">
      <fieldset class="segmented">
        <legend class="visually-hidden">View</legend>
        <button
          type="button"
          data-testid="view-tree"
          aria-pressed={props.mode === "tree"}
          onClick={() => props.onMode("tree")}
        >
          Tree
        </button>
        <button
          type="button"
          data-testid="view-graph"
          aria-pressed={props.mode === "graph"}
          onClick={() => props.onMode("graph")}
        >
          Graph
        </button>
        <button
          type="button"
          data-testid="view-timeline"
          aria-pressed={props.mode === "timeline"}
          onClick={() => props.onMode("timeline")}
        >
          Timeline
        </button>
      </fieldset>
      <button type="button" data-testid="expand-all" onClick={() => props.state.expandAll()}>
        Expand all
      </button>
      <button type="button" data-testid="collapse-all" onClick={() => props.state.collapseAll()}>
        Collapse all
      </button>
      <button
        type="button"
        data-testid="expand-failures"
        onClick={() => {
          const first = props.state.expandToFailures();
          if (first) props.onSelect(first);
        }}
      >
        Expand to failures
      </button>
      {/* The filter narrows the rows (tree and timeline); the graph shows structure, so it has none. */}
      <Show when={props.mode !== "graph"}>
        <input
          type="search"
          class="span-filter"
          placeholder="Filter by name"
          aria-label="Filter spans by name"
          value={props.state.filter()}
          onInput={(e) => props.state.setFilter(e.currentTarget.value)}
        />
        <FilterStatus state={props.state} />
      </Show>
    </div>
  );
}
