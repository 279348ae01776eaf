import { Match, Switch } from "solid-js";
import { usePythonStatus } from "./engine-context";

const STAGE_TEXT: Record<string, string> = {
  "not-started": "Python starting…",
  "loading-runtime": "Python starting… loading runtime",
  "installing-sdk": "Python starting… installing SDK",
  isolating: "Python starting… isolating",
};

/** The small "Python ready / starting…" indicator of the rail. */
export function PythonStatus() {
  const status = usePythonStatus();
  return (
    <output class="python-status" data-testid="python-status" data-stage={status().stage}>
      <Switch>
        <Match when={status().stage === "ready"}>
          <span
            class="dot ok"
            aria-hidden="true"
            title={`Python ${status().info?.pythonVersion} (Pyodide ${status().info?.pyodideVersion}) started in ${((status().info?.bootMs ?? 0) / 1000).toFixed(1)} s ${status().info?.fromSnapshot ? " from a memory snapshot" : ""}`}
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
