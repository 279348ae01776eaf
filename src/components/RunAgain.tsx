import { useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { isFinished, type Play, type Workflow } from "../db/records";
import { rememberInputs } from "../forms/last-inputs";
import { createLive } from "../reactive/live";
import { messageOf } from "../wire/errors";
import { useHeroLogic } from "./engine-context";
import { FieldsForm } from "./FieldsForm";
import { createGrantGate, GrantDialog } from "./network/GrantDialog";
import "./run-again.css";

/**
 * What a finished play offers next: **Run again** (a new play of the same flow with the same
 * inputs and start options, nothing replayed), **Edit inputs and run** (the run form, filled
 * with this play's inputs) and, for a failed or cancelled play, **Retry** (the same play runs
 * once more, replaying the steps that finished); and **Replay with recorded calls** (a new play
 * whose `http` and `instrument()` calls are answered from this one's recorded responses; only
 * on a play that made such calls).
 */
export function RunAgain(props: { play: Play; workflow: Workflow | undefined }) {
  const api = useHeroLogic();
  const navigate = useNavigate();
  const [editing, setEditing] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal("");
  // Running the flow's code again asks first for origins its version declares and was not
  // allowed (the engine names them; a play pinned to a version asks for that version's).
  const gate = createGrantGate(api);
  // A play started on a chosen version runs that one again, with that version's inputs.
  const pinned = createLive(
    () => [props.play.workflow_sid, props.play.pinned_version_sid] as const,
    async ([workflowSid, versionSid]) =>
      versionSid && props.workflow
        ? (await api.workflows.versions(workflowSid)).find((v) => v.sid === versionSid)
        : undefined,
  );
  const fields = () => (props.play.pinned_version_sid ? pinned.value() : props.workflow)?.inputs;
  const retryable = () =>
    !props.play.imported_at &&
    (props.play.status === "failed" || props.play.status === "cancelled");
  const pinnedNote = () =>
    props.play.pinned_version_sid &&
    props.play.pinned_version_sid !== props.workflow?.current_version_sid
      ? "This play was started on an earlier version of its flow: it runs that version again."
      : "";

  /** A new play like this one, with `inputs` (a cassette play of it: `cassette`); then its page. */
  async function startLike(inputs: Record<string, unknown>, cassette = false) {
    const play = props.play;
    const started = await api.plays.start(play.workflow_sid, inputs, {
      prefill: play.prefill_resumes,
      ...(play.pinned_version_sid && { versionSid: play.pinned_version_sid }),
      ...(play.timeout_ms !== null && { timeoutMs: play.timeout_ms }),
      ...(play.max_children != null && { maxChildren: play.max_children }),
      ...(cassette && { cassette: play.sid }),
    });
    rememberInputs(play.workflow_sid, inputs);
    navigate(`/plays/${started.sid}`);
  }

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    setProblem("");
    try {
      await gate.attempt(action);
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show when={isFinished(props.play)}>
      <div class="run-again" data-testid="run-again">
        <Show
          when={props.workflow}
          fallback={
            <p class="muted" data-testid="run-again-unavailable">
              Its flow was deleted: this play cannot be run again or retried.
            </p>
          }
        >
          <div class="run-again-actions">
            <Show when={retryable()}>
              <button
                type="button"
                class="primary"
                data-testid="retry"
                disabled={busy()}
                title="Run this play once more: the steps that finished replay, the one that failed and those after it execute"
                onClick={() => act(() => api.plays.retry(props.play.sid))}
              >
                ↻ Retry from the failure
              </button>
            </Show>
            <button
              type="button"
              classList={{ primary: !retryable() }}
              data-testid="rerun"
              disabled={busy()}
              title="A new play of this flow with the same inputs; nothing is replayed"
              onClick={() => act(() => startLike(props.play.input_data))}
            >
              Run again
            </button>
            <button
              type="button"
              data-testid="edit-inputs"
              aria-expanded={editing()}
              disabled={busy()}
              onClick={() => setEditing(!editing())}
            >
              Edit inputs and run
            </button>
            {/* Only a play that made calls (or whose child did) has a recording to answer from. */}
            <Show when={props.play.made_calls}>
              <button
                type="button"
                data-testid="replay-cassette"
                disabled={busy()}
                title="A new play of this flow with the same inputs: its code runs afresh, but its http and instrument() calls are answered from this play's recorded responses (nothing is sent, no grant is needed)"
                onClick={() => act(() => startLike(props.play.input_data, true))}
              >
                Replay with recorded calls
              </button>
            </Show>
          </div>
          <Show when={pinnedNote()}>
            <p class="muted">{pinnedNote()}</p>
          </Show>
          <div class="form-error" role="alert" data-testid="run-again-error">
            {problem()}
          </div>
          <Show when={editing() && fields()}>
            {(inputs) => (
              <div class="panel">
                <h2>Run {props.workflow?.name} with new inputs</h2>
                <FieldsForm
                  fields={inputs()}
                  values={props.play.input_data}
                  submitLabel="Start play"
                  testid="run-form"
                  submitTestid="run-submit"
                  autofocus
                  onSubmit={(inputs) => gate.attempt(() => startLike(inputs))}
                  onCancel={() => setEditing(false)}
                />
              </div>
            )}
          </Show>
          <GrantDialog gate={gate} />
        </Show>
      </div>
    </Show>
  );
}
