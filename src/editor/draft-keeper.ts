import { type DraftWrite, readDraft, removeDraft, writeDraft } from "./drafts";

/** What one editor shows: the flow, the version its edits start from, its text and the saved one. */
export interface EditorState {
  workflowSid: string;
  baseVersionSid: string;
  source: string;
  saved: string;
}

/** Keeps one editor's unsaved text as its flow's draft (see `drafts.ts`). */
export interface DraftKeeper {
  /**
   * The editor changed: while its text differs from the saved one the draft is written a
   * moment after the typing stops; back at the saved text, the draft this editor wrote goes.
   */
  edit(state: EditorState): void;
  /** The editor shows the flow's stored draft (restored), so it is this editor's to replace. */
  adopt(workflowSid: string, source: string): void;
  /**
   * The page is being hidden or closed: write the unsaved text now, unless the flow's draft
   * already holds it (another tab editing the same flow may have replaced it meanwhile).
   */
  flush(): void;
  /** Drop the pending draft and the one this editor wrote (discarded, left, deleted). */
  forget(): void;
  dispose(): void;
}

/**
 * A draft keeper over `storage`. It only removes drafts it wrote or adopted: another tab's
 * editor may hold edits for the same flow, and opening the flow here must not throw them away.
 */
export function createDraftKeeper(options: {
  storage: Storage | null;
  /** Every write's result (a draft too large to keep is said quietly near the editor). */
  onWrite?: (result: DraftWrite) => void;
  delayMs?: number;
  now?: () => number;
}): DraftKeeper {
  const { storage } = options;
  const now = options.now ?? Date.now;
  let current = "";
  let owned = false;
  // The text this keeper last stored (or adopted): typing back to it needs no new write.
  let stored: string | null = null;
  let pending: EditorState | null = null;
  // The editor's text while it differs from the saved one.
  let latest: EditorState | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function cancel() {
    clearTimeout(timer);
    timer = undefined;
    pending = null;
  }

  function flush() {
    const state = pending ?? latest;
    cancel();
    if (!state || readDraft(storage, state.workflowSid)?.source === state.source) return;
    const result = writeDraft(storage, state.workflowSid, {
      source: state.source,
      base_version_sid: state.baseVersionSid,
      saved_at: now(),
    });
    if (result === "kept") {
      owned = true;
      stored = state.source;
    }
    options.onWrite?.(result);
  }

  function forget() {
    cancel();
    latest = null;
    if (owned) removeDraft(storage, current);
    owned = false;
    stored = null;
  }

  return {
    edit(state) {
      if (state.workflowSid !== current) {
        // Another flow in the same page: what was pending is still the last one's.
        flush();
        current = state.workflowSid;
        owned = false;
        stored = null;
      }
      if (state.source === state.saved) {
        forget();
        return;
      }
      latest = state;
      if (state.source === stored) {
        cancel();
        return;
      }
      pending = state;
      clearTimeout(timer);
      timer = setTimeout(flush, options.delayMs ?? 500);
    },
    adopt(workflowSid, source) {
      if (workflowSid !== current) flush();
      cancel();
      latest = null;
      current = workflowSid;
      owned = true;
      stored = source;
    },
    flush,
    forget,
    dispose: cancel,
  };
}
