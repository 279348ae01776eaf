import { createSignal, onCleanup, Show } from "solid-js";
import { useEngine } from "./engine-context";
import "./storage-banner.css";

/**
 * Shown when another tab opened the app's database with a newer schema (a newer build): this
 * tab has let go of the database so that upgrade can go on, and nothing here can read or save
 * until it reloads; the plays it was running are stopped, and run again (replaying) after the
 * reload. Nothing reloads by itself: the user may want to copy an unsaved edit first.
 */
export function StorageBanner() {
  const { storage } = useEngine();
  const [status, setStatus] = createSignal(storage.status());
  onCleanup(storage.onStatus(setStatus));
  return (
    <Show when={status() === "outdated"}>
      <section class="storage-banner" aria-label="Storage" data-testid="storage-banner">
        <p role="alert">
          <strong>This tab is out of date.</strong> A newer version of the app was opened in another
          tab and upgraded the stored library; this tab can no longer read or save, and plays that
          were running here stopped. Reload to continue: your flows and plays are kept, and those
          plays go on.
        </p>
        <button
          type="button"
          class="primary"
          data-testid="storage-reload"
          onClick={() => window.location.reload()}
        >
          Reload
        </button>
      </section>
    </Show>
  );
}
