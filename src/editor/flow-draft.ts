import { type Accessor, createEffect, createSignal, onCleanup } from "solid-js";
import type { WorkflowVersion } from "../db/records";
import { createDraftKeeper } from "./draft-keeper";
import { browserStorage, readDraft, removeDraft } from "./drafts";

/** A draft put back into the editor when its flow opened. */
export interface RestoredDraft {
  savedAt: number;
  /** The flow has a newer version than the one the edits started from. */
  stale: boolean;
}

/**
 * The flow page's draft: restores a flow's unsaved edits when it opens, keeps the editor's
 * unsaved text in localStorage while it differs from the saved one (and at once when the page
 * is hidden or closed), and removes it when the edits are saved, undone or discarded.
 * Drafts written by another tab are read only when a flow opens, never pushed into an open
 * editor.
 */
export function createFlowDraft(options: {
  source: Accessor<string | null>;
  saved: Accessor<string>;
}) {
  const storage = browserStorage();
  const [restored, setRestored] = createSignal<RestoredDraft | null>(null);
  const [unkept, setUnkept] = createSignal(false);
  // The flow the editor shows, its loaded version, and the version its edits start from.
  const [flow, setFlow] = createSignal<string | null>(null);
  let loadedVersion = "";
  const [base, setBase] = createSignal("");
  const keeper = createDraftKeeper({
    storage,
    onWrite: (result) => setUnkept(result === "too-large"),
  });

  createEffect(() => {
    const workflowSid = flow();
    const source = options.source();
    if (workflowSid === null || source === null) return;
    keeper.edit({ workflowSid, baseVersionSid: base(), source, saved: options.saved() });
  });

  const hide = () => {
    if (document.visibilityState === "hidden") keeper.flush();
  };
  window.addEventListener("pagehide", keeper.flush);
  document.addEventListener("visibilitychange", hide);
  onCleanup(() => {
    window.removeEventListener("pagehide", keeper.flush);
    document.removeEventListener("visibilitychange", hide);
    keeper.dispose();
  });

  return {
    restored,
    /** The latest edits were too large for the browser's storage. */
    unkept,
    /**
     * A flow opens at `version` (its current one): the text to show, its draft when it has
     * one that differs from the version.
     */
    open(workflowSid: string, version: WorkflowVersion): string {
      setUnkept(false);
      loadedVersion = version.sid;
      setBase(version.sid);
      setFlow(workflowSid);
      const draft = readDraft(storage, workflowSid);
      if (!draft || draft.source === version.source) {
        // Edits that match the version were saved after all: nothing is unsaved.
        if (draft) removeDraft(storage, workflowSid);
        setRestored(null);
        return version.source;
      }
      keeper.adopt(workflowSid, draft.source);
      setBase(draft.base_version_sid);
      setRestored({ savedAt: draft.saved_at, stale: draft.base_version_sid !== version.sid });
      return draft.source;
    },
    /** The editor took a newer version of the open flow (saved here or elsewhere). */
    loaded(versionSid: string) {
      loadedVersion = versionSid;
      setBase(versionSid);
      setRestored(null);
    },
    /** Throw the draft away; the editor goes back to the saved text. */
    discard() {
      keeper.forget();
      setBase(loadedVersion);
      setRestored(null);
      setUnkept(false);
    },
    /** The edits are thrown away by leaving the flow (confirmed). */
    forget: keeper.forget,
    /** The flow was deleted: no draft of it stays behind, whichever tab wrote it. */
    deleted(workflowSid: string) {
      keeper.forget();
      removeDraft(storage, workflowSid);
    },
  };
}
