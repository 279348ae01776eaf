import { describe, expect, it } from "vitest";
import { isolateGlobals } from "./isolate";

/** What a flow could use to leave its worker: stored data, other scopes, the network. */
const STORAGE_AND_SCOPES = [
  "indexedDB",
  "caches",
  "webkitRequestFileSystem",
  "Worker",
  "SharedWorker",
  "BroadcastChannel",
];
const NETWORK = [
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "importScripts",
  "FontFace",
  "fonts",
];

/** A stand-in for a worker's global scope: its APIs live on the prototype, as in a browser. */
function fakeScope() {
  const proto: Record<string, unknown> = { postMessage: () => "posted" };
  for (const name of [...STORAGE_AND_SCOPES, ...NETWORK]) proto[name] = () => name;
  const scope = Object.create(proto) as Record<string, unknown>;
  scope.navigator = Object.create({ locks: {}, storage: {}, storageBuckets: {}, onLine: true });
  scope.fetch = () => "own fetch";
  return scope;
}

describe("isolateGlobals", () => {
  it("leaves no way to stored data, other scopes or the network, own or inherited", () => {
    const scope = fakeScope();
    isolateGlobals(scope);
    for (const name of [...STORAGE_AND_SCOPES, ...NETWORK])
      expect(scope[name], name).toBeUndefined();
    const navigator = scope.navigator as Record<string, unknown>;
    for (const name of ["locks", "storage", "storageBuckets"]) {
      expect(navigator[name], name).toBeUndefined();
    }
    expect(navigator.onLine).toBe(true);
  });

  it("cannot be undone by assigning or redefining a removed global", () => {
    const scope = fakeScope();
    isolateGlobals(scope);
    expect(() => {
      scope.fetch = () => "back";
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(scope, "WebSocket", { value: 1 })).toThrow(TypeError);
    expect(scope.fetch).toBeUndefined();
    expect(scope.WebSocket).toBeUndefined();
  });

  it("keeps what the worker needs to answer the page", () => {
    const scope = fakeScope();
    isolateGlobals(scope);
    expect((scope.postMessage as () => string)()).toBe("posted");
  });
});
