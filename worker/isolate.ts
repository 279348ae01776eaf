/**
 * Globals a flow must not reach: stored data (IndexedDB, Cache API), fresh global scopes that
 * would have them back (nested workers), channels or locks shared with the app's tabs, and
 * `close`, with which a flow would end its own worker silently (its play would hang until its
 * time-out, and the next play given that worker for ever).
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
] as const;

/** Remove the forbidden globals from `scope` and its whole prototype chain, for good. */
export function isolateGlobals(scope: object): void {
  for (const name of FORBIDDEN_GLOBALS) removeEverywhere(scope, name);
  const nav = (scope as { navigator?: object }).navigator;
  if (nav) removeEverywhere(nav, "locks");
}

function removeEverywhere(target: object, name: string): void {
  for (let o: object | null = target; o; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, name)) Reflect.deleteProperty(o, name);
  }
  Object.defineProperty(target, name, { value: undefined, configurable: false, writable: false });
}
