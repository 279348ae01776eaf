import { Show } from "solid-js";
import type { RestoredDraft } from "../../editor/flow-draft";
import { absoluteTime, relativeTime } from "../../format/format";

/**
 * Above the editor: unsaved edits were put back when the flow opened (with Discard), and,
 * quietly, when the latest edits are too large for the browser to keep as a draft.
 */
export function DraftNotice(props: {
  restored: RestoredDraft | null;
  unkept: boolean;
  onDiscard: () => void;
}) {
  return (
    <>
      <Show when={props.restored}>
        {(draft) => (
          <div class="draft-notice" data-testid="draft-restored" role="status">
            <p>
              Unsaved edits from{" "}
              <time title={absoluteTime(draft().savedAt)}>{relativeTime(draft().savedAt)}</time>{" "}
              restored —{" "}
              <button type="button" data-testid="discard-draft" onClick={() => props.onDiscard()}>
                Discard
              </button>
            </p>
            <Show when={draft().stale}>
              <p class="muted">
                They are based on an older version: saving makes a new version from your text.
              </p>
            </Show>
          </div>
        )}
      </Show>
      <Show when={props.unkept}>
        <p class="muted draft-unkept" data-testid="draft-unkept">
          These edits are too large for this browser to keep as a draft: save to keep them.
        </p>
      </Show>
    </>
  );
}
