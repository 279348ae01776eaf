import type { Workflow } from "../../db/records";
import { RunForm } from "../RunForm";

/** The flow page's run panel: the flow's run form, opened by its Run button. */
export function RunFlowPanel(props: {
  workflow: Workflow;
  onStart: (values: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}) {
  return (
    <div class="panel">
      <h2>Run {props.workflow.name}</h2>
      <RunForm workflow={props.workflow} onStart={props.onStart} onCancel={props.onCancel} />
    </div>
  );
}
