import { Show } from "solid-js";
import type { Play } from "../db/records";
import { useHeroLogic } from "./engine-context";
import { FieldsForm } from "./FieldsForm";

/** The form of the pause a play waits on, at the top of its page. */
export function PauseForm(props: { play: Play }) {
  const api = useHeroLogic();
  const pause = () => props.play.pending_pause!;
  return (
    <section class="panel pause-panel" aria-label={`Pause ${pause().key}`}>
      <h2>
        <span class="s-paused">‖</span> Waiting for you at <span class="mono">{pause().key}</span>
      </h2>
      <Show when={props.play.status === "failed"}>
        <p class="muted">
          This play was started with prefilled answers only and had none for this pause. Answer it
          here to go on; later pauses will wait for you.
        </p>
      </Show>
      <FieldsForm
        fields={pause().fields}
        prompt={<Show when={pause().prompt}>{(prompt) => <p class="prompt">{prompt()}</p>}</Show>}
        submitLabel="Submit and resume"
        testid="pause-form"
        submitTestid="pause-submit"
        onSubmit={async (values) => {
          await api.plays.resume(props.play.sid, values);
        }}
      />
    </section>
  );
}
