import { For, Show } from "solid-js";
import type { RunSummary } from "../../engine/plays";

/** The spans box's heading and, for a play run more than once, a tab per run saying how it ended. */
export function RunSwitcher(props: {
  runCount: number;
  runNo: number;
  runs: RunSummary[] | undefined;
  onSwitch: (run: number) => void;
}) {
  return (
    <div class="spans-toolbar">
      <h2>Spans</h2>
      <Show when={props.runCount > 1}>
        <fieldset class="run-switcher">
          <legend class="visually-hidden">Run</legend>
          <For each={Array.from({ length: props.runCount }, (_, i) => i + 1)}>
            {(n) => (
              <button
                type="button"
                data-testid={`run-${n}`}
                classList={{ active: n === props.runNo }}
                aria-pressed={n === props.runNo}
                onClick={() => props.onSwitch(n)}
              >
                run {n}
                <span class="run-end">{runEnd(props.runs?.find((r) => r.run_no === n))}</span>
              </button>
            )}
          </For>
        </fieldset>
      </Show>
    </div>
  );
}

/** What ended a run, for the run switcher: "paused at approve", "completed", … */
function runEnd(run: RunSummary | undefined): string {
  if (!run) return " · running";
  if (run.ended_by === "paused") return ` · paused at ${run.pause_key}`;
  return ` · ${run.ended_by}`;
}
