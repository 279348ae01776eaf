import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { createLive } from "../../reactive/live";
import { useHeroLogic } from "../engine-context";
import "../network/network.css";

/** Settings' "Network": every flow allowed to call origins here, each with Revoke. */
export function NetworkGrants() {
  const api = useHeroLogic();
  const grants = createLive(
    () => null,
    () => api.network.list(),
  );
  return (
    <section class="network-grants" data-testid="network-grants">
      <h2>Network</h2>
      <p class="muted">
        Flows may call only the origins they declare with <code>@flow(network=[...])</code>, and
        only once you allowed them (Run asks). A flow from a share link or a bundle is never allowed
        anything until you say so.
      </p>
      <Show
        when={(grants.value()?.length ?? 0) > 0}
        fallback={<p class="muted">No flow is allowed to call the network.</p>}
      >
        <For each={grants.value()}>
          {(grant) => (
            <div class="grant-row" data-testid={`grant-${grant.workflow}`}>
              <A href={`/flows/${grant.workflow}`} class="mono">
                {grant.workflow}
              </A>
              <span class="mono">{grant.origins.join(", ")}</span>
              <button
                type="button"
                data-testid={`revoke-${grant.workflow}`}
                onClick={() => api.network.revoke(grant.workflow)}
              >
                Revoke
              </button>
            </div>
          )}
        </For>
      </Show>
    </section>
  );
}
