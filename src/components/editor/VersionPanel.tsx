import { A, useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import type { Workflow, WorkflowVersion } from "../../db/records";
import { absoluteTime } from "../../format/format";
import { useHeroLogic } from "../engine-context";
import { FieldsForm } from "../FieldsForm";
import { createGrantGate, GrantDialog } from "../network/GrantDialog";
import { DiffView } from "./DiffView";
import { SourceEditor } from "./SourceEditor";

/**
 * An older version of a flow: its source read-only, or side by side with the current
 * version, and a run of exactly this version (with this version's inputs).
 */
export function VersionPanel(props: {
  workflow: Workflow;
  version: WorkflowVersion;
  number: number;
  current: WorkflowVersion | undefined;
  currentNumber: number;
  diff: boolean;
  onDiff: (diff: boolean) => void;
  /** A line to select and scroll to (a link from a play's traceback or span). */
  focusLine?: number | null;
}) {
  const api = useHeroLogic();
  const navigate = useNavigate();
  const [running, setRunning] = createSignal(false);
  const isCurrent = () => props.version.sid === props.workflow.current_version_sid;
  // This version runs: the origins it declares are the ones asked for.
  const gate = createGrantGate(api);
  const askThenRun = () =>
    gate.ask({ ...props.workflow, network: props.version.network ?? [] }, () => setRunning(true));

  async function start(values: Record<string, unknown>) {
    const play = await gate.attempt(() =>
      api.plays.start(props.workflow.name, values, { versionSid: props.version.sid }),
    );
    navigate(`/plays/${play.sid}`);
  }

  return (
    <div class="version-panel" data-testid="version-panel">
      <div class="version-bar">
        <p class="version-title">
          <strong>Version {props.number}</strong>
          <span class="muted"> saved {absoluteTime(props.version.created_at)} · read-only</span>
        </p>
        <fieldset class="segmented">
          <legend class="visually-hidden">Show</legend>
          <button type="button" aria-pressed={!props.diff} onClick={() => props.onDiff(false)}>
            Source
          </button>
          <button
            type="button"
            aria-pressed={props.diff}
            data-testid="show-diff"
            onClick={() => props.onDiff(true)}
            disabled={isCurrent()}
          >
            Diff with current
          </button>
        </fieldset>
        <button type="button" data-testid="run-version" onClick={askThenRun}>
          Run this version
        </button>
        <A href={`/flows/${props.workflow.name}`} class="version-back">
          Back to the current version
        </A>
      </div>
      <Show when={running()}>
        <div class="panel">
          <h2>
            Run version {props.number} of {props.workflow.name}
          </h2>
          <FieldsForm
            fields={props.version.inputs}
            submitLabel="Start play"
            testid="run-version-form"
            submitTestid="run-version-submit"
            onSubmit={start}
            onCancel={() => setRunning(false)}
          />
        </div>
      </Show>
      <Show
        when={props.diff && props.current}
        fallback={
          <SourceEditor
            value={props.version.source}
            readOnly
            focusLine={props.focusLine ?? null}
            label={`Version ${props.number} of ${props.workflow.name} (read-only)`}
            testid="version-source"
          />
        }
      >
        {(current) => (
          <DiffView
            before={props.version.source}
            after={current().source}
            beforeLabel={`v${props.number} (this version)`}
            afterLabel={`v${props.currentNumber} (current)`}
          />
        )}
      </Show>
      <GrantDialog gate={gate} />
    </div>
  );
}
