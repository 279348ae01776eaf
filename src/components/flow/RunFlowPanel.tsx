import type { Workflow } from "../../db/records";
import { lastInputs } from "../../forms/last-inputs";
import { FieldsForm } from "../FieldsForm";

/** The form that starts a play of the flow, filled with the inputs it was last run with. */
export function RunFlowPanel(props: {
  workflow: Workflow;
  onStart: (values: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}) {
  return (
    <div class="panel">
      <h2>Run {props.workflow.name}</h2>
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
