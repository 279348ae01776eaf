import { describe, expect, it } from "vitest";
import type { RunRequest } from "../src/wire/records";
import { requestBytes } from "./python";

const request: Omit<RunRequest, "expected"> = {
  workflow_name: "w",
  version_sid: "v1",
  source: "src",
  entry: "main",
  inputs: { q: "ducks" },
  step_cache: [],
};

const decoded = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes));

describe("requestBytes", () => {
  it("is the request's JSON, the stored outputs spliced in as they are", () => {
    const step_cache = ['{"a":1}', '{"b":[1.0,2]}', '{"c":"é😀"}'];
    const text = new TextDecoder().decode(requestBytes({ ...request, step_cache }));
    expect(text).toContain('"step_cache":[{"a":1},{"b":[1.0,2]},{"c":"é😀"}]');
    expect(decoded(requestBytes({ ...request, step_cache }))).toMatchObject({
      workflow_name: "w",
      inputs: { q: "ducks" },
      step_cache: [{ a: 1 }, { b: [1, 2] }, { c: "é😀" }],
      answers: {},
    });
  });

  it("holds no step cache when there is none", () => {
    expect(decoded(requestBytes(request)).step_cache).toEqual([]);
  });

  it("writes a lone surrogate in any part as its escape, which UTF-8 cannot hold", () => {
    const step_cache = ['{"k":"a\ud800"}', '{"m":"\udc00b"}'];
    const bytes = requestBytes({ ...request, step_cache, inputs: { q: "x\udfff" } });
    const value = decoded(bytes);
    expect(value.step_cache).toEqual([{ k: "a\ud800" }, { m: "\udc00b" }]);
    expect(value.inputs).toEqual({ q: "x\udfff" });
    expect(new TextDecoder().decode(bytes)).not.toContain("\ufffd");
  });
});
