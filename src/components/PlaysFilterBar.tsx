import { For } from "solid-js";
import { PLAY_STATUSES, type PlayStatus, type Workflow } from "../db/records";
import "./plays-filter.css";

/** The URL's query as the plays list reads it: `?flow=<name>&status=<status>&q=<text>`. */
// A type, not an interface: the router's search params need its implicit index signature.
export type PlaysQuery = {
  flow?: string;
  status?: string;
  q?: string;
};

export function statusOf(query: PlaysQuery): PlayStatus | "" {
  return (PLAY_STATUSES as readonly string[]).includes(query.status ?? "")
    ? (query.status as PlayStatus)
    : "";
}

/** Flow, status and text filters of the plays list; their state lives in the URL. */
export function PlaysFilterBar(props: {
  query: PlaysQuery;
  workflows: Workflow[];
  onChange: (patch: PlaysQuery) => void;
}) {
  const names = () => props.workflows.map((w) => w.name).sort();
  return (
    <search class="plays-filter" aria-label="Filter plays">
      <label>
        Flow{" "}
        <select
          data-testid="filter-flow"
          value={props.query.flow ?? ""}
          onChange={(e) => props.onChange({ flow: e.currentTarget.value || undefined })}
        >
          <option value="">all</option>
          {/* `selected` per option: the flows arrive after the select's value was set. */}
          <For each={names()}>
            {(name) => (
              <option value={name} selected={name === props.query.flow}>
                {name}
              </option>
            )}
          </For>
        </select>
      </label>
      <label>
        Status{" "}
        <select
          data-testid="filter-status"
          value={statusOf(props.query)}
          onChange={(e) => props.onChange({ status: e.currentTarget.value || undefined })}
        >
          <option value="">all</option>
          <For each={PLAY_STATUSES}>{(s) => <option value={s}>{s}</option>}</For>
        </select>
      </label>
      <label class="plays-filter-text">
        <span class="visually-hidden">Text in inputs, outputs or errors</span>
        <input
          type="search"
          data-testid="filter-text"
          placeholder="Text in inputs, outputs, errors"
          value={props.query.q ?? ""}
          onInput={(e) => props.onChange({ q: e.currentTarget.value || undefined })}
        />
      </label>
    </search>
  );
}
