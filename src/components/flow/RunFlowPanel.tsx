import { createResource, Show } from "solid-js";
import type { Workflow } from "../../db/records";
import { lastInputs } from "../../forms/last-inputs";
import { missingPackages } from "../../sharing/wheel-choice";
import { useHeroLogic, usePythonStatus } from "../engine-context";
import { FieldsForm } from "../FieldsForm";
import { MissingPackages } from "../MissingPackages";

/**
 * The form that starts a play of the flow, filled with the inputs it was last run with. When
 * the flow needs packages this browser lacks, it says so above the form: starting stays
 * possible (the play then fails before its code runs, naming the package), as through the API.
 */
export function RunFlowPanel(props: {
  workflow: Workflow;
  onStart: (values: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}) {
  const api = useHeroLogic();
  const python = usePythonStatus();
  const [missing] = createResource(
    () => props.workflow.dependencies,
    (dependencies) => missingPackages(api, dependencies),
  );
  return (
    <div class="panel">
      <h2>Run {props.workflow.name}</h2>
      <MissingPackages missing={missing() ?? []} running />
      <Show when={python().stage !== "ready" && python().stage !== "failed"}>
        <p class="muted" data-testid="run-waits-for-python">
          Python is still starting: a play started now waits in the queue and runs when Python is
          ready.
        </p>
      </Show>
      <FieldsForm
        fields={props.workflow.inputs}
        values={lastInputs(props.workflow.sid)}
        submitLabel="Start play"
        testid="run-form"
        submitTestid="run-submit"
        autofocus
        onSubmit={props.onStart}
        onCancel={props.onCancel}
      />
    </div>
  );
}
