import { A } from "@solidjs/router";
import { lazy, Show } from "solid-js";
import type { SharedLink } from "../../engine/portable/share";
import { type AddOutcome, createSharedFlowAdding } from "../../sharing/add-shared-flow";
import { useHeroLogic, usePythonStatus } from "../engine-context";
import { MissingPackages } from "../MissingPackages";
import { NameClash } from "./NameClash";

const SourceEditor = lazy(() =>
  import("../editor/SourceEditor").then((m) => ({ default: m.SourceEditor })),
);

/** A shared flow, read-only, with what it takes to add it to the library. */
export function SharedFlowView(props: { flow: SharedLink }) {
  const python = usePythonStatus();
  const adding = createSharedFlowAdding(useHeroLogic(), () => props.flow);
  const waitingForPython = () => adding.busy() && python().stage !== "ready";

  return (
    <>
      <header class="page-header">
        <h1>
          Shared flow <span class="mono">{props.flow.name}</span>
        </h1>
      </header>
      <p class="safety-note" role="note" data-testid="share-note">
        Someone shared this flow with you. It is shown here as text only:{" "}
        <strong>nothing runs</strong>. Adding it to your library does not run it either; shared code
        runs only when you choose to start it. Read it first.
      </p>
      <Show when={props.flow.description}>
        <p class="description">{props.flow.description}</p>
      </Show>
      <MissingPackages missing={props.flow.missing_packages} />
      <Show
        when={adding.outcome()}
        fallback={
          <Show
            when={adding.clash()}
            fallback={
              <div class="share-row">
                <button
                  type="button"
                  class="primary"
                  data-testid="import-flow"
                  disabled={adding.busy()}
                  onClick={() => adding.add()}
                >
                  {waitingForPython()
                    ? "Adding… (starting Python to read its inputs)"
                    : adding.busy()
                      ? "Adding…"
                      : "Add to library"}
                </button>
              </div>
            }
          >
            <NameClash name={props.flow.name} adding={adding} />
          </Show>
        }
      >
        {(done) => <AddedNotice outcome={done()} />}
      </Show>
      <Show when={adding.error()}>
        <p class="error-box" role="alert" data-testid="import-error">
          {adding.error()}
        </p>
      </Show>
      <h2>Source</h2>
      <SourceEditor
        value={props.flow.source}
        readOnly
        label="Shared source (read-only)"
        testid="shared-source"
      />
    </>
  );
}

function AddedNotice(props: { outcome: AddOutcome }) {
  const done = () => props.outcome;
  return (
    <p class="notice" role="status" data-testid="import-done">
      {done().unchanged
        ? `“${done().name}” in your library already has exactly this source; nothing changed. `
        : done().asVersion
          ? `Added as a new version of “${done().name}”. `
          : `Added to your library as “${done().name}”. `}
      <A href={`/flows/${done().name}`} data-testid="open-imported">
        Open {done().name}
      </A>
    </p>
  );
}
