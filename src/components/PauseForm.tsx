import { createEffect, createSignal, Show, untrack } from "solid-js";
import type { PendingPause, Play } from "../db/records";
import { HeroError } from "../engine/errors";
import { useHeroLogic } from "./engine-context";
import { FieldsForm } from "./FieldsForm";

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
  return `Not sent: '${pause.key}' was already answered, and the play is ${play.status} now.`;
}

/**
 * The pause form of a play's page: the form of the pause it waits on, a fresh one for each
 * pause. When the pause is answered elsewhere (another tab, a script) while someone is
 * typing here, their form stays, marked as answered, so what they typed is not swept away
 * and their submit is told it came too late; untouched, it simply goes.
 */
export function PausePanel(props: { play: Play }) {
  const [shown, setShown] = createSignal<PendingPause | null>(null);
  const [dirty, setDirty] = createSignal(false);
  createEffect(() => {
    const pending = props.play.imported_at ? null : props.play.pending_pause;
    const current = untrack(shown);
    if (pending && pending.key === current?.key) return;
    if (current && untrack(dirty)) return;
    setDirty(false);
    setShown(pending);
  });
  const dismiss = () => {
    setDirty(false);
    setShown(props.play.imported_at ? null : props.play.pending_pause);
  };
  return (
    <Show when={shown()} keyed>
      {(pause) => (
        <PauseForm play={props.play} pause={pause} onDirty={setDirty} onDismiss={dismiss} />
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
  const current = () => waitsOn(props.play, props.pause);
  return (
    <section
      class="panel pause-panel"
      classList={{ "pause-answered": !current() }}
      aria-label={`Pause ${props.pause.key}`}
    >
      <h2>
        <span class="s-paused">‖</span> {current() ? "Waiting for you at" : "Answered elsewhere:"}{" "}
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
            This pause was answered elsewhere (in another tab or by a script) and the play went on:
            it is {props.play.status} now. Your answer below was not sent.
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
          const latest = await api.plays.get(props.play.sid);
          if (!waitsOn(latest, props.pause)) {
            throw new HeroError("not_paused", tooLate(props.pause, latest));
          }
          try {
            await api.plays.resume(props.play.sid, values);
          } catch (error) {
            if (!(error instanceof HeroError && error.code === "not_paused")) throw error;
            const now = await api.plays.get(props.play.sid);
            throw new HeroError("not_paused", tooLate(props.pause, now));
          }
        }}
      />
    </section>
  );
}
