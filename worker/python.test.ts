import { describe, expect, it } from "vitest";
import type { RunRequest } from "../src/wire/records";
import { cacheBytes, requestBytes } from "./python";

const request: Omit<RunRequest, "expected" | "step_cache"> = {
  workflow_name: "w",
  version_sid: "v1",
  source: "src",
  entry: "main",
  inputs: { q: "ducks" },
};

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const decoded = (bytes: Uint8Array) => JSON.parse(text(bytes));

describe("requestBytes", () => {
  it("is the request's JSON, without the step cache", () => {
    expect(decoded(requestBytes(request))).toEqual({
      workflow_name: "w",
      version_sid: "v1",
      source: "src",
      entry: "main",
      inputs: { q: "ducks" },
      prefill: {},
      children: {},
      answers: {},
    });
  });

  it("writes a lone surrogate in any part as its escape, which UTF-8 cannot hold", () => {
    const bytes = requestBytes({ ...request, inputs: { q: "x\udfff" } });
    expect(decoded(bytes).inputs).toEqual({ q: "x\udfff" });
    expect(text(bytes)).not.toContain("\ufffd");
  });
});

describe("cacheBytes", () => {
  it("is the list of the stored outputs, spliced in as they are", () => {
    const stepCache = ['{"a":1}', '{"b":[1.0,2]}', '{"c":"é😀"}'];
    expect(text(cacheBytes(stepCache))).toBe('[{"a":1},{"b":[1.0,2]},{"c":"é😀"}]');
  });

  it("is an empty list when there is none", () => {
    expect(text(cacheBytes([]))).toBe("[]");
  });

  it("writes a lone surrogate as its escape", () => {
    const bytes = cacheBytes(['{"k":"a\ud800"}', '{"m":"\udc00b"}']);
    expect(decoded(bytes)).toEqual([{ k: "a\ud800" }, { m: "\udc00b" }]);
    expect(text(bytes)).not.toContain("\ufffd");
  });
});
