import { HeroError } from "../errors";

/** The name of an error, or of the browser's error a Dexie error wraps (`inner`). */
function names(error: unknown): string[] {
  const name = (e: unknown) => (e instanceof Error || e instanceof DOMException ? e.name : "");
  return [name(error), name((error as { inner?: unknown } | null)?.inner)];
}

/** Whether the browser refused a write for lack of space. */
export function isQuotaExceeded(error: unknown): boolean {
  return names(error).includes("QuotaExceededError");
}

/** Whether the database was closed under us (another tab upgraded its schema). */
export function isDatabaseClosed(error: unknown): boolean {
  return names(error).includes("DatabaseClosedError");
}

/**
 * Run one stored change of the API (`what` names it for the user: "the bundle", "this
 * version"). A refused write rolled its transaction back whole, so nothing changed; the error
 * says so and what to do, in place of the browser's own wording.
 */
export async function storing<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaExceeded(error)) {
      throw new HeroError(
        "storage_full",
        `storage is full: the browser refused to store ${what}, so nothing was changed. Free ` +
          "space by deleting plays you no longer need (export them first to keep a copy), " +
          "then try again.",
      );
    }
    if (isDatabaseClosed(error)) {
      throw new HeroError(
        "outdated",
        "this tab is out of date: a newer version of the app upgraded the stored library in " +
          `another tab, so ${what} was not stored. Reload to continue.`,
      );
    }
    throw error;
  }
}
