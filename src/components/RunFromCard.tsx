import { useNavigate } from "@solidjs/router";
import { createEffect, createSignal, Show } from "solid-js";
import type { Workflow } from "../db/records";
import { rememberInputs } from "../forms/last-inputs";
import { useHeroLogic } from "./engine-context";
import { createGrantGate, GrantDialog } from "./network/GrantDialog";
import { RunForm } from "./RunForm";
import "./run-from-card.css";

/**
 * A library card's Run: the flow's run form (the flow page's, see `RunForm`) in a dialog, then
 * the new play's page; no trip through the editor.
 */
export function RunFromCard(props: { workflow: Workflow }) {
  const api = useHeroLogic();
  const navigate = useNavigate();
  const [open, setOpen] = createSignal(false);
  // A flow that calls origins it was not allowed asks first, then shows its run form.
  const gate = createGrantGate(api);
  let dialog!: HTMLDialogElement;
  createEffect(() => {
    if (open() && !dialog.open) dialog.showModal();
    else if (!open() && dialog.open) dialog.close();
  });

  async function start(values: Record<string, unknown>) {
    const play = await gate.attempt(() => api.plays.start(props.workflow.sid, values));
    rememberInputs(play.workflow_sid, values);
    setOpen(false);
    navigate(`/plays/${play.sid}`);
  }

  return (
    <>
      <button
        type="button"
        class="card-run"
        data-testid={`run-card-${props.workflow.name}`}
        aria-label={`Run ${props.workflow.name}`}
        onClick={() => gate.ask(props.workflow, () => setOpen(true))}
      >
        ▶ Run
      </button>
      <dialog
        ref={dialog}
        class="confirm-dialog run-dialog"
        data-testid="run-dialog"
        aria-label={`Run ${props.workflow.name}`}
        onClose={() => setOpen(false)}
      >
        <Show when={open()}>
          <h2>
            Run <span class="mono">{props.workflow.name}</span>
          </h2>
          <RunForm workflow={props.workflow} onStart={start} onCancel={() => setOpen(false)} />
        </Show>
      </dialog>
      <GrantDialog gate={gate} />
    </>
  );
}
