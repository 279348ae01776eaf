import { Show } from "solid-js";
import type { Play } from "../../db/records";
import { prettyJson } from "../../format/format";
import { PlayOutput } from "../PlayOutput";
import { Traceback } from "../Traceback";

/** The play's inputs, its output once it completed, and its error with the traceback linked to the code. */
export function PlayIo(props: { play: Play; flowName: string | undefined }) {
  return (
    <>
      <div class="io">
        <section>
          <h2>Inputs</h2>
          <pre data-testid="play-inputs">
            {prettyJson(props.play.input_data, props.play.input_json)}
          </pre>
        </section>
        <Show when={props.play.status === "completed"}>
          <section>
            <h2>Output</h2>
            <PlayOutput play={props.play} />
          </section>
        </Show>
      </div>
      <Show when={props.play.error}>
        {(error) => (
          <section class="error-box" data-testid="play-error">
            <h2>{error().message}</h2>
            <Traceback
              text={error().traceback}
              flowName={props.flowName}
              versionSid={props.play.version_sid}
            />
          </section>
        )}
      </Show>
    </>
  );
}
