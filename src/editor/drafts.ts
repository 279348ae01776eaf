/**
 * Unsaved editor text kept in localStorage, so a reload, a crash or a closed tab loses nothing
 * typed. One draft per flow, keyed by the workflow's sid (a rename keeps it, a new flow that
 * takes an old name never sees it). Nothing here throws: storage that is missing, full or
 * holding something unreadable is reported or treated as "no draft".
 */

/** One flow's unsaved source. */
export interface Draft {
  source: string;
  /** The version the edits started from (an older one when another tab saved meanwhile). */
  base_version_sid: string;
  /** When the draft was written (ms since the epoch). */
  saved_at: number;
}

/** What became of a write: kept, too large for the browser's quota, or no storage at all. */
export type DraftWrite = "kept" | "too-large" | "unavailable";

const PREFIX = "hero_logic.draft.";

export function draftKey(workflowSid: string): string {
  return PREFIX + workflowSid;
}

/** The page's localStorage, or null where reading it throws (storage disabled by the user). */
export function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The flow's draft; null when there is none or what is stored is not a draft. */
export function readDraft(storage: Storage | null, workflowSid: string): Draft | null {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(draftKey(workflowSid)) ?? null;
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (isDraft(value)) return value;
  } catch {
    // Not JSON: not ours to restore.
  }
  return null;
}

function isDraft(value: unknown): value is Draft {
  if (typeof value !== "object" || value === null) return false;
  const draft = value as Record<string, unknown>;
  return (
    typeof draft.source === "string" &&
    typeof draft.base_version_sid === "string" &&
    typeof draft.saved_at === "number" &&
    Number.isFinite(draft.saved_at)
  );
}

/**
 * Store the flow's draft. A quota error leaves the previous draft (if any) as it was: older
 * edits are still better than none.
 */
export function writeDraft(storage: Storage | null, workflowSid: string, draft: Draft): DraftWrite {
  if (!storage) return "unavailable";
  try {
    storage.setItem(draftKey(workflowSid), JSON.stringify(draft));
    return "kept";
  } catch (error) {
    return isQuotaError(error) ? "too-large" : "unavailable";
  }
}

export function removeDraft(storage: Storage | null, workflowSid: string): void {
  try {
    storage?.removeItem(draftKey(workflowSid));
  } catch {
    // Storage went away: there is nothing left to remove.
  }
}

function isQuotaError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  // Firefox once named it NS_ERROR_DOM_QUOTA_REACHED; legacy code 22 (1014 in old Firefox).
  return (
    name === "QuotaExceededError" ||
    name === "NS_ERROR_DOM_QUOTA_REACHED" ||
    code === 22 ||
    code === 1014
  );
}
