import { A } from "@solidjs/router";
import { Show } from "solid-js";
import type { Play } from "../../db/records";

/**
 * On a cassette play: the play whose recorded calls answered its `http` and `instrument()`
 * calls (none of them was made).
 */
export function CassetteOrigin(props: { play: Play }) {
  return (
    <Show when={props.play.cassette_of}>
      {(recorded) => (
        <p class="lineage" data-testid="cassette-of">
          <span>
            Cassette replay of play{" "}
            <A href={`/plays/${recorded()}`} class="mono" data-testid="cassette-of-link">
              {recorded()}
            </A>
            <span class="muted">
              {" "}
              · its http and instrument() calls were answered from that play's recorded responses;
              nothing was sent
            </span>
          </span>
        </p>
      )}
    </Show>
  );
}
