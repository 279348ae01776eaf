import { createSignal, Show } from "solid-js";
import { createLive } from "../reactive/live";
import { applyUpdate, updateAvailable } from "../service-worker";
import { useHeroLogic } from "./engine-context";
import "./update-prompt.css";

/**
 * "A new version is available — Reload": shown when a newer build was deployed and its
 * service worker waits. Nothing reloads until the user clicks; "Later" hides it until the
 * next visit, where it shows again while the new build still waits.
 */
export function UpdatePrompt() {
  const [dismissed, setDismissed] = createSignal(false);
  const [reloading, setReloading] = createSignal(false);
  return (
    <Show when={updateAvailable() && !dismissed()}>
      <section class="update-prompt" aria-label="App update" data-testid="update-prompt">
        <p role="status">
          A new version is available.
          <RunningPlaysNote />
        </p>
        <button
          type="button"
          class="primary"
          data-testid="update-reload"
          disabled={reloading()}
          onClick={() => {
            setReloading(true);
            applyUpdate();
          }}
        >
          {reloading() ? "Reloading…" : "Reload"}
        </button>
        <button type="button" data-testid="update-later" onClick={() => setDismissed(true)}>
          Later
        </button>
      </section>
    </Show>
  );
}

/** A reload cuts running plays off; they run again, replaying, when the app loads. */
function RunningPlaysNote() {
  const api = useHeroLogic();
  const running = createLive(
    () => null,
    () => api.plays.list({ status: "running" }),
  );
  const count = () => running.value()?.length ?? 0;
  return (
    <Show when={count() > 0}>
      <span class="muted">
        {" "}
        {count() === 1 ? "The running play picks" : `${count()} running plays pick`} up again after
        the reload.
      </span>
    </Show>
  );
}
