import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { Play } from "../../db/records";
import { absoluteTime, duration, relativeTime } from "../../format/format";
import type { PlayChoice } from "../../plays-list/play-choice";
import { StatusBadge } from "../Status";

/** The plays shown, one row each with a box to choose it; `rows` keep their identity by sid. */
export function PlaysTable(props: {
  rows: Play[];
  /** Flow names by workflow sid. */
  names: ReadonlyMap<string, string>;
  choice: PlayChoice;
}) {
  return (
    <table class="table">
      <thead>
        <tr>
          <th>
            <input
              type="checkbox"
              aria-label="Choose every play shown"
              data-testid="choose-all-plays"
              checked={props.choice.allChosen()}
              onChange={(e) =>
                props.choice.choose(
                  props.rows.map((p) => p.sid),
                  e.currentTarget.checked,
                )
              }
            />
          </th>
          <th>Status</th>
          <th>Workflow</th>
          <th>Play</th>
          <th>Started</th>
          <th class="num">Duration</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(play) => <PlayRow play={play} names={props.names} choice={props.choice} />}
        </For>
      </tbody>
    </table>
  );
}

function PlayRow(props: { play: Play; names: ReadonlyMap<string, string>; choice: PlayChoice }) {
  const play = () => props.play;
  return (
    <tr data-play-sid={play().sid}>
      <td>
        <input
          type="checkbox"
          aria-label={`Choose play ${play().sid}, to export, compare or delete`}
          data-testid={`choose-play-${play().sid}`}
          checked={props.choice.chosen().has(play().sid)}
          onChange={(e) => props.choice.choose([play().sid], e.currentTarget.checked)}
        />
      </td>
      <td>
        <StatusBadge status={play().status} />
      </td>
      <td>
        {props.names.get(play().workflow_sid) ?? "(deleted flow)"}
        <Show when={play().parent_play_sid}>
          {(parent) => (
            <div class="muted">
              ↳ child of{" "}
              <A href={`/plays/${parent()}`} class="mono">
                {parent()}
              </A>
            </div>
          )}
        </Show>
      </td>
      <td>
        <A href={`/plays/${play().sid}`} class="mono">
          {play().sid}
        </A>
        <Show when={play().imported_at}>
          <span class="imported-tag" title="imported from a bundle: a read-only record">
            imported
          </span>
        </Show>
      </td>
      <td>
        <time title={absoluteTime(play().created_at)}>{relativeTime(play().created_at)}</time>
      </td>
      <td class="num">{duration(play().started_at, play().ended_at)}</td>
    </tr>
  );
}
