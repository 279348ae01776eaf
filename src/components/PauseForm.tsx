import { createEffect, createSignal, Show, untrack } from "solid-js";
import type { PendingPause, Play } from "../db/records";
import { HeroError } from "../engine/errors";
import { useHeroLogic } from "./engine-context";
import { FieldsForm } from "./FieldsForm";
import { createGrantGate, GrantDialog } from "./network/GrantDialog";

/** Whether `play` is still waiting for an answer to `pause` (a prefill-only play may have failed there). */
function waitsOn(play: Play, pause: PendingPause): boolean {
  return (
    !play.imported_at &&
    (play.status === "paused" || play.status === "failed") &&
    play.pending_pause?.key === pause.key
  );
}

/** What a submit of an answered pause's form is told. */
function tooLate(pause: PendingPause, play: Play): string {
  // No status in it: the message stays while the play moves on (the page shows where it is).
  if (play.status === "cancelled") return "Not sent: the play was cancelled.";
  return `Not sent: '${pause.key}' was already answered; the play went on without this answer.`;
}

/**
 * The pause form of a play's page: the form of the pause it waits on, a fresh one for each
 * pause. When the pause is answered elsewhere (another tab, a script) while someone is
 * typing here, their form stays, marked as answered, so what they typed is not swept away
 * and their submit is told it came too late; untouched, it simply goes.
 */
export function PausePanel(props: { play: Play }) {
  // Which play's pause: the page keeps this panel when it moves to another play.
  const [shown, setShown] = createSignal<{ sid: string; pause: PendingPause } | null>(null);
  const [dirty, setDirty] = createSignal(false);
  const waiting = () => {
    const pause = props.play.imported_at ? null : props.play.pending_pause;
    return pause ? { sid: props.play.sid, pause } : null;
  };
  createEffect(() => {
    const next = waiting();
    const current = untrack(shown);
    const samePlay = current?.sid === props.play.sid;
    if (next && samePlay && next.pause.key === current?.pause.key) return;
    if (current && samePlay && untrack(dirty)) return;
    setDirty(false);
    setShown(next);
  });
  const dismiss = () => {
    setDirty(false);
    setShown(waiting());
  };
  return (
    <Show when={shown()} keyed>
      {(form) => (
        <PauseForm play={props.play} pause={form.pause} onDirty={setDirty} onDismiss={dismiss} />
      )}
    </Show>
  );
}

/** The form of one pause, at the top of its play's page. */
export function PauseForm(props: {
  play: Play;
  pause: PendingPause;
  onDirty: (dirty: boolean) => void;
  onDismiss: () => void;
}) {
  const api = useHeroLogic();
  // A grant revoked while the play waited is asked for again before it resumes.
  const gate = createGrantGate(api);
  const current = () => waitsOn(props.play, props.pause);
  return (
    <section
      class="panel pause-panel"
      classList={{ "pause-answered": !current() }}
      aria-label={`Pause ${props.pause.key}`}
    >
      <h2>
        <span class="s-paused">‖</span>{" "}
        {current()
          ? "Waiting for you at"
          : props.play.status === "cancelled"
            ? "Cancelled at"
            : "Answered elsewhere:"}{" "}
        <span class="mono">{props.pause.key}</span>
      </h2>
      <Show when={current() && props.play.status === "failed"}>
        <p class="muted">
          This play was started with prefilled answers only and had none for this pause. Answer it
          here to go on; later pauses will wait for you.
        </p>
      </Show>
      <Show when={!current()}>
        <div class="notice-answered" data-testid="pause-answered" role="status">
          <p>
            <Show
              when={props.play.status !== "cancelled"}
              fallback="The play was cancelled while this form was being filled in."
            >
              This pause was answered elsewhere (in another tab or by a script) and the play went
              on: it is {props.play.status} now.
            </Show>{" "}
            Your answer below was not sent.
          </p>
          <button type="button" data-testid="pause-dismiss" onClick={() => props.onDismiss()}>
            Dismiss
          </button>
        </div>
      </Show>
      <FieldsForm
        fields={props.pause.fields}
        prompt={
          <Show when={props.pause.prompt}>{(prompt) => <p class="prompt">{prompt()}</p>}</Show>
        }
        submitLabel="Submit and resume"
        testid="pause-form"
        submitTestid="pause-submit"
        onDirty={props.onDirty}
        refusal={() => (current() ? null : tooLate(props.pause, props.play))}
        onSubmit={async (values) => {
          // Another tab may have answered this pause, and the play may already wait at the
          // next one: an answer meant for this pause must not land on that one.
          try {
            await gate.attempt(() =>
              api.plays.resume(props.play.sid, values, { pause: props.pause.key }),
            );
          } catch (error) {
            if (!(error instanceof HeroError && error.code === "not_paused")) throw error;
            const now = await api.plays.get(props.play.sid);
            throw new HeroError("not_paused", tooLate(props.pause, now));
          }
        }}
      />
      <GrantDialog gate={gate} />
    </section>
  );
}
