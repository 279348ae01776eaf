import { A } from "@solidjs/router";
import { For, type JSX, Show } from "solid-js";
import type { FlowField, Play, WorkflowVersion } from "../../db/records";
import { relativeTime } from "../../format/format";
import { VersionList } from "../editor/VersionList";
import { StatusBadge } from "../Status";

/** Beside the editor: the shown version's inputs and outputs, the versions, the recent plays. */
export function FlowSide(props: {
  name: string;
  inputs: FlowField[];
  outputs: FlowField[];
  /** The requirements the shown version's PEP 723 header declares. */
  dependencies: string[];
  versions: WorkflowVersion[];
  currentSid: string;
  shownSid: string | null;
  plays: Play[] | undefined;
  /** A version's number (1 for the first), 0 for one this flow does not have. */
  numberOf: (versionSid: string | undefined) => number;
  /** The origins the shown version declares, and which are granted. */
  network: JSX.Element;
}) {
  return (
    <aside class="flow-side">
      <FieldList title="Inputs" fields={props.inputs} />
      <FieldList title="Outputs" fields={props.outputs} />
      <Dependencies dependencies={props.dependencies} />
      {props.network}
      <h2>Versions</h2>
      <VersionList
        flow={props.name}
        versions={props.versions}
        currentSid={props.currentSid}
        shownSid={props.shownSid}
      />
      <h2>Recent plays</h2>
      <Show when={(props.plays?.length ?? 0) > 0} fallback={<p class="muted">Not run yet.</p>}>
        <ul class="plain-list">
          <For each={props.plays?.slice(0, 8)}>
            {(play) => (
              <li>
                <StatusBadge status={play.status} />{" "}
                <A href={`/plays/${play.sid}`} class="mono">
                  {play.sid}
                </A>{" "}
                <span class="muted">
                  v{props.numberOf(play.version_sid) || "?"} · {relativeTime(play.created_at)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </aside>
  );
}

/** What the flow's `# /// script` header declares; the wheels come from `heroLogic.packages`. */
function Dependencies(props: { dependencies: string[] }) {
  return (
    <>
      <h2>Packages</h2>
      <Show
        when={props.dependencies.length > 0}
        fallback={<p class="muted">Declares none: the standard library only.</p>}
      >
        <ul class="plain-list" data-testid="declared-dependencies">
          <For each={props.dependencies}>
            {(requirement) => (
              <li>
                <span class="mono">{requirement}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}

function FieldList(props: { title: string; fields: FlowField[] }) {
  return (
    <>
      <h2>{props.title}</h2>
      <Show when={props.fields.length > 0} fallback={<p class="muted">None declared.</p>}>
        <ul class="plain-list">
          <For each={props.fields}>
            {(field) => (
              <li>
                <span class="mono">{field.name}</span>{" "}
                <span class="field-type">{field.field_type}</span>
                <Show when={field.default !== null && field.default !== undefined}>
                  <span class="muted"> = {JSON.stringify(field.default)}</span>
                </Show>
                <Show when={field.description}>
                  <div class="muted">{field.description}</div>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
