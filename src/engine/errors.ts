/** Codes every API error carries, so callers can branch without parsing messages. */
export type ErrorCode =
  | "not_found"
  | "invalid_input"
  | "not_paused"
  /** The play is an imported record: it is never run, resumed or cancelled here. */
  | "read_only"
  | "syntax_error"
  | "no_entry"
  | "ambiguous_entry"
  | "invalid_fields"
  /** `@flow(network=...)` holds something other than a list of https (or loopback http) origins. */
  | "invalid_network"
  /**
   * The flow's PEP 723 header (`# /// script`) is not valid TOML, or a dependency in it is not
   * a requirement this app can resolve.
   */
  | "invalid_dependencies"
  /** The flow declares origins (`network=`) the person has not allowed it to call. */
  | "needs_grant"
  | "timeout"
  | "python_unavailable"
  /** Ruff, which `workflows.lint` runs, could not be loaded in this browser. */
  | "lint_unavailable"
  /** The browser refused to store more (its quota for the site is used up). */
  | "storage_full"
  /** Another tab upgraded the database to a newer schema: this tab must reload. */
  | "outdated"
  /** `plays.retry` of a play that is not failed or cancelled, or whose flow was deleted. */
  | "not_retryable";

/** An error of the public API: a clear message plus a `code`. */
export class HeroError extends Error {
  override readonly name = "HeroError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Per-field messages for `invalid_input`, keyed by field name. */
    readonly fields: Record<string, string> = {},
    /** 1-based source line for source problems. */
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

/**
 * `needs_grant`, with what a page needs to ask for consent: the workflow and the origins its
 * version declares that were not granted.
 */
export class NeedsGrantError extends HeroError {
  constructor(
    readonly workflowSid: string,
    readonly origins: string[],
    message: string,
  ) {
    super("needs_grant", message);
  }
}

export function notFound(what: string, id: string): HeroError {
  return new HeroError("not_found", `no ${what} ${quoteId(id)}`);
}

/** An id as messages show it: quoted, and cut short when it is far longer than any real one. */
export function quoteId(id: string): string {
  const text = String(id);
  return text.length > 64 ? `'${text.slice(0, 60)}…' (${text.length} characters)` : `'${text}'`;
}
