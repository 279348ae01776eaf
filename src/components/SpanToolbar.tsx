import type { SpanViewState } from "./span-view-state";

/** Expand all, Collapse all, Expand to failures and a name filter, over one run's spans. */
export function SpanToolbar(props: { state: SpanViewState; onSelect: (sid: string) => void }) {
  return (
    <div class="span-toolbar" role="toolbar" aria-label="Span tree">
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
      <input
        type="search"
        class="span-filter"
        placeholder="Filter by name"
        aria-label="Filter spans by name"
        value={props.state.filter()}
        onInput={(e) => props.state.setFilter(e.currentTarget.value)}
      />
    </div>
  );
}
