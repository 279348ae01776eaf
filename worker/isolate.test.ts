import { describe, expect, it } from "vitest";
import { isolateGlobals } from "./isolate";

/**
 * What a flow could use to leave its worker: stored data, other scopes, the network. Objects,
 * workers, channels and `close` become undefined; network and storage functions refuse saying
 * why.
 */
const GONE = [
  "indexedDB",
  "caches",
  "fonts",
  "Worker",
  "SharedWorker",
  "BroadcastChannel",
  "close",
];
const FUNCTIONS = [
  "webkitRequestFileSystem",
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "importScripts",
  "FontFace",
];

/** A stand-in for a worker's global scope: its APIs live on the prototype, as in a browser. */
function fakeScope() {
  const proto: Record<string, unknown> = { postMessage: () => "posted" };
  for (const name of GONE) proto[name] = () => name;
  for (const name of FUNCTIONS) proto[name] = () => name;
  const scope = Object.create(proto) as Record<string, unknown>;
  scope.navigator = Object.create({ locks: {}, storage: {}, storageBuckets: {}, onLine: true });
  scope.fetch = () => "own fetch";
  return scope;
}

describe("isolateGlobals", () => {
  it("leaves no way to stored data, other scopes or the network, own or inherited", () => {
    const scope = fakeScope();
    isolateGlobals(scope);
    for (const name of GONE) expect(scope[name], name).toBeUndefined();
    const navigator = scope.navigator as Record<string, unknown>;
    for (const name of ["locks", "storage", "storageBuckets"]) {
      expect(navigator[name], name).toBeUndefined();
    }
    expect(navigator.onLine).toBe(true);
  });

  it("turns a removed function into one that says why it is refused, called or constructed", () => {
    const scope = fakeScope();
    isolateGlobals(scope);
    for (const name of FUNCTIONS) {
      const refused = scope[name] as () => unknown;
      expect(refused, name).toThrow(`${name} is not available to a flow`);
      expect(() => new (refused as unknown as new () => unknown)(), name).toThrow(
        `${name} is not available to a flow: a flow cannot`,
      );
    }
  });

  it("cannot be undone by assigning or redefining a removed global", () => {
    const scope = fakeScope();
    isolateGlobals(scope);
    expect(() => {
      scope.fetch = () => "back";
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(scope, "indexedDB", { value: {} })).toThrow(TypeError);
    expect(scope.fetch).toThrow("fetch is not available to a flow");
    expect(scope.indexedDB).toBeUndefined();
  });

  it("keeps what the worker needs to answer the page", () => {
    const scope = fakeScope();
    isolateGlobals(scope);
    expect((scope.postMessage as () => string)()).toBe("posted");
  });
});
