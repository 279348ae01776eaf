import { createMemo, createSignal, For, Show } from "solid-js";
import type { Play } from "../db/records";
import { otherOutputs, textOutputs } from "../format/output-text";
import { createLive } from "../reactive/live";
import { useHeroLogic } from "./engine-context";
import { ValuePreview } from "./LargeValue";
import "./play-output.css";

/**
 * A completed play's output. Outputs the flow declares `text` (code, an article) read as
 * text, line breaks and all, instead of as one escaped JSON string; the whole output as JSON
 * (`play-output`, exact) is one click away.
 */
export function PlayOutput(props: { play: Play }) {
  const api = useHeroLogic();
  // The fields of the version the play ran: a later edit may have changed them.
  const versions = createLive(
    () => props.play.workflow_sid,
    (sid) => api.workflows.versions(sid).catch(() => []),
  );
  const texts = createMemo(() => {
    const version = versions.value()?.find((v) => v.sid === props.play.version_sid);
    return textOutputs(props.play.output_data, version?.outputs);
  });
  const [asJson, setAsJson] = createSignal(false);
  const showText = () => texts().length > 0 && !asJson();
  return (
    <>
      <Show when={texts().length > 0}>
        <fieldset class="segmented output-view">
          <legend class="visually-hidden">Show the output</legend>
          <button type="button" aria-pressed={showText()} onClick={() => setAsJson(false)}>
            Text
          </button>
          <button
            type="button"
            aria-pressed={!showText()}
            data-testid="output-as-json"
            onClick={() => setAsJson(true)}
          >
            JSON
          </button>
        </fieldset>
      </Show>
      <Show when={showText()}>
        <For each={texts()}>
          {(output) => (
            <section class="output-text" data-testid="output-text" data-field={output.name}>
              <h3>{output.name}</h3>
              <ValuePreview text={output.text} fileName={`${props.play.sid}-${output.name}`} />
            </section>
          )}
        </For>
        <Show when={otherOutputs(props.play.output_data, texts())}>
          {(rest) => (
            <section class="output-text">
              <h3>other outputs</h3>
              <ValuePreview value={rest()} fileName={`${props.play.sid}-other-outputs`} />
            </section>
          )}
        </Show>
      </Show>
      <div hidden={showText()}>
        <ValuePreview
          value={props.play.output_data}
          json={props.play.output_json}
          fileName={`${props.play.sid}-output`}
          testId="play-output"
        />
      </div>
    </>
  );
}
