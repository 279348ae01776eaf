import { FINAL_STATUSES, PLAY_STATUSES, type PlayStatus } from "../../db/records";
import { messageOf } from "../../wire/errors";
import { HeroError } from "../errors";
import { readOptions, requireId, shownValue } from "../validate";

/**
 * The options of `plays.start`, `plays.wait` and `plays.list`, read and checked whole before
 * anything is looked up or written: a wrong type or range, or an option name the member does
 * not know, is `invalid_input`.
 */

export interface StartOptions {
  /** Answers to pauses by name, given up front; the play fails at a pause without one. */
  prefill?: Record<string, unknown>;
  /** Run exactly this version of the workflow (every run), not its current one. */
  versionSid?: string;
  /** Longest one run may take, in milliseconds (1 to 2^31 − 1; default: the engine's). */
  timeoutMs?: number;
  /**
   * How many child plays this play may start over all its runs (0 to the engine's cap,
   * default that cap); one more fails the play.
   */
  maxChildren?: number;
  /**
   * A finished play (of any workflow) whose recorded calls answer this play's `http` and
   * `instrument()` calls: a cassette play, which sends nothing (see `Play.cassette_of`).
   */
  cassette?: string;
}

export interface WaitOptions {
  /** 0 to 2^31 − 1; absent or `Infinity`: no limit. */
  timeoutMs?: number;
  until?: PlayStatus[];
}

export interface ResumeOptions {
  /**
   * The key of the pause this answer is for (`approve`, `approve#1`): when the play waits at
   * another one (this one was answered elsewhere), the answer is refused, not given to it.
   */
  pause?: string;
}

export interface ListOptions {
  status?: PlayStatus | PlayStatus[];
  workflow?: string;
  /** Only the child plays of this play. */
  parent?: string;
}

/** The longest delay `setTimeout` keeps: a larger one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const DEFAULT_UNTIL: PlayStatus[] = ["paused", ...FINAL_STATUSES];

/** `plays.start`'s options; `cap` is the engine's cap on child plays. */
export function readStartOptions(options: unknown, cap: number) {
  const read = readOptions(options, "plays.start", [
    "prefill",
    "versionSid",
    "timeoutMs",
    "maxChildren",
    "cassette",
  ]);
  const { prefill, versionSid, timeoutMs, maxChildren, cassette } = read;
  if (versionSid !== undefined) requireId(versionSid, "versionSid");
  if (cassette !== undefined) requireId(cassette, "cassette (the sid of a finished play)");
  if (timeoutMs !== undefined && !isTimerDelay(timeoutMs, 1)) {
    throw new HeroError(
      "invalid_input",
      `timeoutMs must be a positive number of milliseconds, at most ${MAX_TIMER_MS} (about 24 days)`,
    );
  }
  if (maxChildren !== undefined && !isCount(maxChildren, cap)) {
    throw new HeroError(
      "invalid_input",
      `maxChildren must be a whole number from 0 to ${cap} (the engine's cap)`,
    );
  }
  return {
    prefill: checkPrefill(prefill),
    versionSid: versionSid as string | undefined,
    timeoutMs: (timeoutMs as number | undefined) ?? null,
    maxChildren: (maxChildren as number | undefined) ?? null,
    cassette: cassette as string | undefined,
  };
}

/** `plays.wait`'s options; `timeoutMs` null: no limit. */
export function readWaitOptions(options: unknown) {
  const read = readOptions(options, "plays.wait", ["timeoutMs", "until"]);
  const until =
    read.until === undefined ? DEFAULT_UNTIL : checkStatuses(read.until, "until", false);
  if (until.length === 0) {
    throw new HeroError(
      "invalid_input",
      "until must name at least one status: an empty list would wait forever",
    );
  }
  const ms = read.timeoutMs;
  if (ms !== undefined && ms !== Number.POSITIVE_INFINITY && !isTimerDelay(ms, 0)) {
    throw new HeroError(
      "invalid_input",
      `timeoutMs must be a number of milliseconds from 0 to ${MAX_TIMER_MS} (about 24 days), or Infinity`,
    );
  }
  return { until, timeoutMs: ms === undefined || ms === Number.POSITIVE_INFINITY ? null : ms };
}

/** `plays.resume`'s options. */
export function readResumeOptions(options: unknown): ResumeOptions {
  const { pause } = readOptions(options, "plays.resume", ["pause"]);
  if (pause !== undefined) requireId(pause, "pause");
  return { pause: pause as string | undefined };
}

/** `plays.list`'s options; `statuses` null: any. */
export function readListOptions(options: unknown) {
  const { status, workflow, parent } = readOptions(options, "plays.list", [
    "status",
    "workflow",
    "parent",
  ]);
  if (workflow !== undefined) requireId(workflow, "workflow name or sid");
  if (parent !== undefined) requireId(parent, "parent play sid");
  return {
    statuses: status === undefined ? null : checkStatuses(status, "status", true),
    workflow: workflow as string | undefined,
    parent: parent as string | undefined,
  };
}

/** A delay `setTimeout` keeps: a number from `min` to `MAX_TIMER_MS`. */
function isTimerDelay(value: unknown, min: number): value is number {
  return typeof value === "number" && value >= min && value <= MAX_TIMER_MS;
}

function isCount(value: unknown, most: number): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= most;
}

/**
 * `value` as a list of play statuses (one status alone too, when `single`); `invalid_input`
 * naming the first that is not one.
 */
function checkStatuses(value: unknown, what: string, single: boolean): PlayStatus[] {
  const list = single && !Array.isArray(value) ? [value] : value;
  const at = Array.isArray(list)
    ? list.findIndex((s) => !(PLAY_STATUSES as readonly unknown[]).includes(s))
    : -1;
  if (!Array.isArray(list) || at >= 0) {
    const kind = single ? "one of" : "a list of";
    const also = single ? ", or a list of them" : "";
    const shown = shownValue(Array.isArray(list) ? list[at] : value);
    throw new HeroError(
      "invalid_input",
      `${what} must be ${kind} ${PLAY_STATUSES.join(", ")}${also}; not ${shown}`,
    );
  }
  return list as PlayStatus[];
}

/** A copy of `prefill` as JSON: pause names mapped to objects of field values. */
function checkPrefill(prefill: unknown): Record<string, Record<string, unknown>> {
  if (prefill === undefined || prefill === null) return {};
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const shape = "prefill must map pause names to objects of field values";
  try {
    if (!isObject(prefill) || !Object.values(prefill).every(isObject)) throw null;
    // Stored and sent to Python as JSON: a copy, so a getter or Proxy is read once, here (a
    // cycle or a getter that throws is caught by this first read).
    const text = JSON.stringify(prefill);
    const problem = notJson(prefill, "");
    if (problem) throw new HeroError("invalid_input", `${shape} (JSON): ${problem}`);
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof HeroError) throw error;
    throw new HeroError("invalid_input", error === null ? shape : `${shape}: ${messageOf(error)}`);
  }
}

/** Where `value` stops being JSON (a function, a symbol, a bigint, undefined), or null. */
function notJson(value: unknown, path: string): string | null {
  const kind = typeof value;
  if (kind === "function" || kind === "symbol" || kind === "bigint" || kind === "undefined") {
    return `${path} is a ${kind}`;
  }
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const problem = notJson(item, path ? `${path}.${key}` : key);
    if (problem) return problem;
  }
  return null;
}
