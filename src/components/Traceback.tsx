import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { sourceHref, tracebackParts } from "../format/source-links";

/**
 * A Python traceback whose frames in the flow's own file link to the editor at that line of
 * the version that ran (`flowName` unknown, e.g. a deleted flow: plain text).
 */
export function Traceback(props: {
  text: string;
  flowName: string | null | undefined;
  versionSid: string | null | undefined;
}) {
  const parts = () => tracebackParts(props.text, props.flowName ? `${props.flowName}.py` : null);
  return (
    <pre class="traceback">
      <For each={parts()}>
        {(part) => (
          <Show when={part.line !== undefined && props.flowName} fallback={part.text}>
            {(flow) => (
              <A
                href={sourceHref(flow(), part.line!, props.versionSid)}
                data-testid="traceback-link"
                title="Open the flow in the editor at this line, as this play ran it"
              >
                {part.text}
              </A>
            )}
          </Show>
        )}
      </For>
    </pre>
  );
}
