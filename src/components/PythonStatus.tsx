import { Match, Switch } from "solid-js";
import { usePythonStatus } from "./engine-context";

const STAGE_TEXT: Record<string, string> = {
  "not-started": "Python starting…",
  "downloading-snapshot": "Python starting… downloading",
  "loading-runtime": "Python starting… loading runtime",
  "installing-sdk": "Python starting… installing SDK",
  isolating: "Python starting… isolating",
};

const SNAPSHOT_TEXT: Record<string, string> = {
  shipped: " from a memory snapshot (shipped with the site)",
  stored: " from a memory snapshot (stored by an earlier visit)",
  none: "",
};

/** The small "Python ready / starting…" indicator of the rail. */
export function PythonStatus() {
  const status = usePythonStatus();
  return (
    <output
      class="python-status"
      data-testid="python-status"
      data-stage={status().stage}
      data-snapshot={status().info?.snapshot ?? "none"}
    >
      <Switch>
        <Match when={status().stage === "ready"}>
          <span
            class="dot ok"
            aria-hidden="true"
            title={`Python ${status().info?.pythonVersion} (Pyodide ${status().info?.pyodideVersion}) started in ${((status().info?.bootMs ?? 0) / 1000).toFixed(1)} s${SNAPSHOT_TEXT[status().info?.snapshot ?? "none"]}`}
          />{" "}
          Python ready
        </Match>
        <Match when={status().stage === "failed"}>
          <span class="dot failed" aria-hidden="true" />
          <span title={status().error ?? ""}>Python failed to start: {status().error}</span>
        </Match>
        <Match when={true}>
          <span class="dot running" aria-hidden="true" /> {STAGE_TEXT[status().stage]}
        </Match>
      </Switch>
    </output>
  );
}
