import { createResource, Show } from "solid-js";
import type { Workflow } from "../db/records";
import { lastInputs } from "../forms/last-inputs";
import { missingPackages } from "../sharing/wheel-choice";
import { useHeroLogic, usePythonStatus } from "./engine-context";
import { FieldsForm } from "./FieldsForm";
import { MissingPackages } from "./MissingPackages";

/**
 * The form that starts a play of the flow, filled with the inputs it was last run with, under
 * what to know before starting one: the packages it needs that this browser lacks (starting
 * stays possible: the play then fails before its code runs, naming the package, as through the
 * API), and that a play started before Python is ready waits for it. The flow page's run panel
 * and the library card's run dialog both show it, so both say the same.
 */
export function RunForm(props: {
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
    <>
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
    </>
  );
}
