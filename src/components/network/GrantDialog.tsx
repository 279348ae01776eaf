import { createSignal, For, Show } from "solid-js";
import type { Workflow } from "../../db/records";
import type { HeroLogicApi } from "../../engine/api";
import { NeedsGrantError } from "../../engine/errors";
import { ConfirmDialog } from "../ConfirmDialog";
import "./network.css";

/** A flow asking for origins it was not granted, and what the person answered. */
interface Asking {
  workflow: Workflow;
  missing: string[];
  settle: (allowed: boolean) => void;
}

/** The origins a flow's current version declares that this browser has not granted it. */
export async function missingOrigins(api: HeroLogicApi, workflow: Workflow): Promise<string[]> {
  const declared = workflow.network ?? [];
  if (declared.length === 0) return [];
  const granted = await api.network.grants(workflow.sid);
  return declared.filter((origin) => !granted.includes(origin));
}

/**
 * Consent wherever the UI runs a flow's code; the dialog (`<GrantDialog gate={…} />`) shows the
 * origins and the flow's description, and asks **Allow and run** or Cancel.
 * - `ask(workflow, then)`: before a run form opens, asks for the origins the flow's current
 *   version declares and was not granted, then calls `then` (at once when nothing is missing).
 * - `attempt(action)`: runs `action` (start, fork, retry, resume); when the engine refuses it
 *   with `needs_grant`, asks for the origins it named and runs it again once they are allowed.
 *   Cancel rejects with the engine's refusal, for the caller to show.
 */
export function createGrantGate(api: HeroLogicApi) {
  const [asking, setAsking] = createSignal<Asking | null>(null);

  function consent(workflow: Workflow, missing: string[]): Promise<boolean> {
    return new Promise((settle) => setAsking({ workflow, missing, settle }));
  }

  async function ask(workflow: Workflow, then: () => void) {
    const missing = await missingOrigins(api, workflow);
    if (missing.length === 0 || (await consent(workflow, missing))) then();
  }

  async function attempt<T>(action: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await action();
      } catch (error) {
        if (!(error instanceof NeedsGrantError)) throw error;
        const workflow = await api.workflows.get(error.workflowSid);
        if (!workflow || !(await consent(workflow, error.origins))) throw error;
      }
    }
  }

  async function allow() {
    const current = asking();
    if (!current) return;
    await api.network.allow(current.workflow.sid, current.missing);
    setAsking(null);
    current.settle(true);
  }

  function cancel() {
    const current = asking();
    setAsking(null);
    current?.settle(false);
  }

  return { ask, attempt, asking, allow, cancel };
}

export type GrantGate = ReturnType<typeof createGrantGate>;

/**
 * The consent dialog, there only while a flow asks (a library shows many cards): which origins
 * the flow will call, what the flow says it does, and "Allow and run" (focused: Enter allows)
 * or Cancel (Escape).
 */
export function GrantDialog(props: { gate: GrantGate }) {
  return (
    <Show when={props.gate.asking()}>
      {(asking) => <OpenGrantDialog gate={props.gate} asking={asking()} />}
    </Show>
  );
}

function OpenGrantDialog(props: { gate: GrantGate; asking: Asking }) {
  return (
    <ConfirmDialog
      open
      title={
        <>
          Allow <span class="mono">{props.asking.workflow.name}</span> to reach the network?
        </>
      }
      class="grant-dialog"
      testid="grant-dialog"
      confirmLabel="Allow and run"
      busyLabel="Allowing…"
      confirmFocused
      confirmTestid="grant-allow"
      dismissTestid="grant-cancel"
      onConfirm={props.gate.allow}
      onClose={props.gate.cancel}
    >
      <Show when={props.asking.workflow.description}>
        <p class="description" data-testid="grant-description">
          {props.asking.workflow.description}
        </p>
      </Show>
      <p>This flow sends requests to:</p>
      <ul class="plain-list grant-origins" data-testid="grant-origins">
        <For each={props.asking.missing}>{(origin) => <li class="mono">{origin}</li>}</For>
      </ul>
      <p class="muted">
        Only these origins, for this flow in this browser, until you revoke them in Settings. A
        later version that declares more asks again.
      </p>
    </ConfirmDialog>
  );
}

/** The origins a flow declares, each marked granted or not (the flow page's side). */
export function DeclaredOrigins(props: { declared: string[]; granted: string[] }) {
  return (
    <>
      <h2>Network</h2>
      <Show
        when={props.declared.length > 0}
        fallback={<p class="muted">Declares no origin: it cannot call the network.</p>}
      >
        <ul class="plain-list" data-testid="declared-origins">
          <For each={props.declared}>
            {(origin) => (
              <li>
                <span class="mono">{origin}</span>{" "}
                <span class="muted">
                  {props.granted.includes(origin) ? "allowed" : "asks before running"}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
