import { Show } from "solid-js";
import "./filter-status.css";
import type { SpanViewState } from "../span-views/span-view-state";

/** "3 of 40 match · Clear" while the span filter is on, so an emptied tree says why. */
export function FilterStatus(props: { state: SpanViewState }) {
  return (
    <Show when={props.state.filterCount()}>
      {(count) => (
        <span
          class="filter-status"
          classList={{ "filter-none": count().matches === 0 }}
          data-testid="filter-status"
          role="status"
        >
          {count().matches} of {count().total} match
          {count().matches === 0 ? " — " : " · "}
          <button
            type="button"
            class="link"
            data-testid="filter-clear"
            onClick={() => props.state.setFilter("")}
          >
            Clear
          </button>
        </span>
      )}
    </Show>
  );
}
