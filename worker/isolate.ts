/**
 * Globals a flow must not reach: stored data (IndexedDB, Cache API), fresh global scopes that
 * would have them back (nested workers), channels or locks shared with the app's tabs, and
 * `close`, with which a flow would end its own worker silently (its play would hang until its
 * time-out, and the next play given that worker for ever).
 *
 * Then every way to the network. The page's Content-Security-Policy, which the worker inherits
 * (it is started from a `blob:` URL, src/engine/run/python-host.ts), already refuses other origins;
 * without these a flow could still reach the site itself, whose host logs what it is asked for,
 * and a browser that does not hand the policy down would let everything through. Nothing needs
 * them once Python is up: Pyodide fetches its files while it boots, and no packages are loaded
 * later (a flow's `loadPackage` or `pyodide.http` call fails).
 */
export const FORBIDDEN_GLOBALS = [
  "indexedDB",
  "IDBFactory",
  "caches",
  "CacheStorage",
  "Worker",
  "SharedWorker",
  "BroadcastChannel",
  "close",
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "importScripts",
  "FontFace",
  "fonts",
  // The site's other storage (the old FileSystem API): not the app's, but the origin's quota,
  // which a flow could fill until the app's own writes fail.
  "webkitRequestFileSystem",
  "webkitRequestFileSystemSync",
  "webkitResolveLocalFileSystemURL",
  "webkitResolveLocalFileSystemSyncURL",
] as const;

/**
 * The same on `navigator`: locks shared with the app's tabs, and the origin's storage beside
 * IndexedDB (the origin private file system, storage buckets with their own IndexedDB).
 */
export const FORBIDDEN_NAVIGATOR = ["locks", "storage", "storageBuckets"] as const;

const NETWORK = "a flow cannot reach the network";
const STORAGE = "a flow cannot reach the storage of the site";

/**
 * Why a removed network or storage function is refused. It becomes one that throws saying so,
 * called or constructed, so a flow that uses it (or a library that does, as `pyodide.http` does
 * `fetch`) reads why, not "'NoneType' object is not callable". The rest become `undefined`, as
 * flows that look for them (`getattr(js, "Worker", None)`) expect.
 */
const REFUSALS: Partial<Record<(typeof FORBIDDEN_GLOBALS)[number], string>> = {
  fetch: NETWORK,
  XMLHttpRequest: NETWORK,
  WebSocket: NETWORK,
  WebSocketStream: NETWORK,
  EventSource: NETWORK,
  WebTransport: NETWORK,
  importScripts: NETWORK,
  FontFace: NETWORK,
  webkitRequestFileSystem: STORAGE,
  webkitRequestFileSystemSync: STORAGE,
  webkitResolveLocalFileSystemURL: STORAGE,
  webkitResolveLocalFileSystemSyncURL: STORAGE,
};

/** Remove the forbidden globals from `scope` and its whole prototype chain, for good. */
export function isolateGlobals(scope: object): void {
  for (const name of FORBIDDEN_GLOBALS) removeEverywhere(scope, name, REFUSALS[name]);
  const nav = (scope as { navigator?: object }).navigator;
  if (nav) for (const name of FORBIDDEN_NAVIGATOR) removeEverywhere(nav, name);
}

function removeEverywhere(target: object, name: string, refusal?: string): void {
  for (let o: object | null = target; o; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, name)) Reflect.deleteProperty(o, name);
  }
  const value = refusal ? refusing(name, refusal) : undefined;
  Object.defineProperty(target, name, { value, configurable: false, writable: false });
}

function refusing(name: string, reason: string): () => never {
  // A plain function: `new` on it throws the same error.
  return function refused() {
    throw new Error(`${name} is not available to a flow: ${reason}`);
  };
}
