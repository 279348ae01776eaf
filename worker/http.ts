/**
 * The one way a flow reaches the network: a synchronous request sent for the SDK's `http`
 * calls, to an origin granted for the play only. The check is made here, in JavaScript, since
 * Python code can patch the SDK; and the request object is one this module took before
 * isolation removed `XMLHttpRequest` from the worker's globals (worker/isolate.ts), so Python's
 * `js` module still finds none.
 */

/** One call as the SDK hands it over (JSON text; see `_http.py`). */
export interface HttpCall {
  method: string;
  url: string;
  headers: [string, string][];
  body: string | null;
  timeout_ms: number;
  /** The origins the flow's `@flow(network=...)` declares, for a refusal to name. */
  declared?: string[] | null;
}

/** What the SDK memoizes: the response; or why the call failed (the step then fails). */
export type HttpAnswer =
  | { status: number; reason: string; headers: Record<string, string>; text: string }
  | { error: string };

/** Sends one call given as JSON text, answers JSON text (an `HttpAnswer`). */
export type HttpSend = (callJson: string) => string;

type XhrClass = new () => XMLHttpRequest;

/**
 * A sender for runs: `forRun(granted)` is the function one run's Python calls. Takes the
 * request class now (call it before isolation); without one (Node), every call fails saying so.
 */
export function httpSender(Xhr: XhrClass | undefined): (granted: readonly string[]) => HttpSend {
  return (granted) => {
    const allowed = new Set(granted.map(originOf).filter((o): o is string => o !== null));
    return (callJson) => JSON.stringify(sendCall(Xhr, allowed, JSON.parse(callJson) as HttpCall));
  };
}

/** `scheme://host[:port]` of an http(s) URL; null for anything else. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

function sendCall(Xhr: XhrClass | undefined, allowed: Set<string>, call: HttpCall): HttpAnswer {
  const origin = originOf(call.url);
  if (origin === null) return { error: `not an http(s) URL: ${call.url}` };
  if (!allowed.has(origin)) return { error: notGranted(origin, call.declared ?? [...allowed]) };
  if (!Xhr) return { error: "this Python runtime has no network (http calls run in a browser)" };
  const xhr = new Xhr();
  try {
    xhr.open(call.method, call.url, false);
    // Allowed on a synchronous request in a worker (not in a window).
    xhr.timeout = Math.max(1, call.timeout_ms);
    for (const [name, value] of call.headers) xhr.setRequestHeader(name, value);
    xhr.send(call.body);
  } catch (error) {
    return { error: failure(error, call) };
  }
  // A synchronous request that failed throws; a status of 0 is the same failure, unthrown.
  if (xhr.status === 0) return { error: failure(null, call) };
  return {
    status: xhr.status,
    reason: xhr.statusText,
    headers: parseHeaders(xhr.getAllResponseHeaders()),
    text: xhr.responseText,
  };
}

function notGranted(origin: string, declared: readonly string[]): string {
  const list = declared.length > 0 ? declared.join(", ") : "none";
  return `${origin} is not granted for this flow (declared: ${list}): add it to @flow(network=[...]) and allow it`;
}

/** Which failure it was: a time-out, or no response (a network error and a CORS refusal look alike). */
function failure(error: unknown, call: HttpCall): string {
  const name = (error as { name?: string } | null)?.name;
  const what = `${call.method} ${call.url}`;
  if (name === "TimeoutError") {
    return `time-out: ${what} got no response within ${call.timeout_ms / 1000} s`;
  }
  if (name === "SyntaxError" || name === "InvalidStateError") {
    return `${what} could not be sent: ${(error as Error).message}`;
  }
  // The browser tells a script nothing more, by design.
  return (
    `network error or CORS refusal: ${what} got no response the page may read. Either the ` +
    `server cannot be reached, or it does not allow this site's origin (${selfOrigin()}): it ` +
    "must answer with Access-Control-Allow-Origin for it (and allow the request's headers)"
  );
}

function selfOrigin(): string {
  return (globalThis as { location?: { origin?: string } }).location?.origin ?? "this site";
}

/** `getAllResponseHeaders()` as lower-case name → value (repeated names joined by ", "). */
export function parseHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const at = line.indexOf(":");
    if (at <= 0) continue;
    const name = line.slice(0, at).trim().toLowerCase();
    const value = line.slice(at + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}
