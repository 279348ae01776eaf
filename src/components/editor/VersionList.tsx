import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { WorkflowVersion } from "../../db/records";
import { absoluteTime, relativeTime } from "../../format/format";

/** Where a version opens: the current one in the editor, older ones read-only. */
export function versionHref(flow: string, version: WorkflowVersion, currentSid: string): string {
  return version.sid === currentSid ? `/flows/${flow}` : `/flows/${flow}?version=${version.sid}`;
}

/** The versions of a flow, newest first, numbered from v1, each with the time it was saved. */
export function VersionList(props: {
  flow: string;
  versions: WorkflowVersion[];
  currentSid: string;
  /** The version on screen (null: the editor, i.e. the current one). */
  shownSid: string | null;
}) {
  const numbered = () => props.versions.map((version, i) => ({ version, number: i + 1 })).reverse();
  const shown = () => props.shownSid ?? props.currentSid;
  return (
    <ol class="version-list" data-testid="version-list">
      <For each={numbered()}>
        {({ version, number }) => (
          <li aria-current={version.sid === shown() ? "page" : undefined}>
            <A
              href={versionHref(props.flow, version, props.currentSid)}
              data-testid={`version-${number}`}
              data-version-sid={version.sid}
            >
              v{number}
              <Show when={version.sid === props.currentSid}>
                <span class="muted"> (current)</span>
              </Show>
            </A>
            <time
              class="muted"
              datetime={new Date(version.created_at).toISOString()}
              title={relativeTime(version.created_at)}
            >
              {absoluteTime(version.created_at)}
            </time>
          </li>
        )}
      </For>
    </ol>
  );
}
