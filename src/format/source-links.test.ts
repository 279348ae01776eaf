import { describe, expect, it } from "vitest";
import { sourceHref, tracebackParts } from "./source-links";

const TRACEBACK = `Traceback (most recent call last):
  File "nested_failure.py", line 28, in main
    results.append(process(item))
  File "/lib/python3.14/json/__init__.py", line 231, in dumps
  File "helper_flow.py", line 4, in go
  File "nested_failure.py", line 13, in check
    raise ValueError(f"item {item} is not allowed")
ValueError: item 3 is not allowed
`;

describe("tracebackParts", () => {
  it("links the frames in the flow's own file and keeps every character", () => {
    const parts = tracebackParts(TRACEBACK, "nested_failure.py");
    expect(parts.map((p) => p.text).join("")).toBe(TRACEBACK);
    expect(parts.filter((p) => p.line !== undefined)).toEqual([
      { text: 'File "nested_failure.py", line 28', line: 28 },
      { text: 'File "nested_failure.py", line 13', line: 13 },
    ]);
  });

  it("links nothing without a file of its own", () => {
    expect(tracebackParts(TRACEBACK, null)).toEqual([{ text: TRACEBACK }]);
    expect(tracebackParts("", "x.py")).toEqual([]);
  });
});

describe("sourceHref", () => {
  it("names the version the play ran when known", () => {
    expect(sourceHref("demo", 12, "v123")).toBe("/flows/demo?version=v123&line=12");
    expect(sourceHref("demo", 3, null)).toBe("/flows/demo?line=3");
  });
});
