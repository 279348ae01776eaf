import { For, Match, Show, Switch } from "solid-js";
import { BOOT_STEPS, bootProgressView } from "../format/boot-progress";
import { usePythonStatus } from "./engine-context";

/**
 * Python's start, at the top of the page while it lasts: the steps, the current one's text and
 * a bar (bytes received of bytes expected during the download). A first visit waits a few
 * seconds here; a blank page with a small note in the corner reads as broken.
 */
export function PythonProgress() {
  const status = usePythonStatus();
  const view = () => bootProgressView(status());
  return (
    <Switch>
      <Match when={status().stage === "failed"}>
        <div class="python-progress error-box" data-testid="python-progress" role="alert">
          Python could not start: {status().error}. Reload the page to try again.
        </div>
      </Match>
      <Match when={status().stage !== "ready"}>
        <section
          class="python-progress"
          data-testid="python-progress"
          data-stage={status().stage}
          aria-label="Python is starting"
        >
          <div class="python-progress-head">
            <strong>Python is starting</strong>
            <ol class="python-progress-steps">
              <For each={BOOT_STEPS}>
                {(step, i) => (
                  <li
                    classList={{ done: i() < view().step, current: i() === view().step }}
                    aria-current={i() === view().step ? "step" : undefined}
                  >
                    {step}
                  </li>
                )}
              </For>
            </ol>
          </div>
          <p role="status" data-testid="python-progress-stage">
            {view().text}…
          </p>
          <Show
            when={view().fraction !== null}
            fallback={<progress aria-label="Python is starting" />}
          >
            <progress aria-label="Downloaded" max="1" value={view().fraction ?? 0} />
          </Show>
          <p class="muted">
            Look around and edit flows meanwhile; a run you start now begins as soon as Python is
            ready.
          </p>
        </section>
      </Match>
    </Switch>
  );
}
