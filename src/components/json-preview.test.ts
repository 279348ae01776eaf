import { describe, expect, it } from "vitest";
import { previewJson, previewText } from "./json-preview";

describe("previewJson", () => {
  it("writes exactly what JSON.stringify(value, null, 2) writes when the value fits", () => {
    const value = {
      a: [1, 2.5, "three", null, true, [], {}],
      'odd "key"\n': { nested: [{ deep: "é ✓ \u0001" }] },
      empty: "",
    };
    for (const v of [value, [], {}, null, 0, "text", [[[]]], { x: [{}] }]) {
      expect(previewJson(v)).toEqual({ text: JSON.stringify(v, null, 2), truncated: false });
    }
  });

  it("stops at the limit on a large value and says so", () => {
    const big = Array.from({ length: 200_000 }, (_, i) => ({ i, name: `item ${i}` }));
    const started = performance.now();
    const { text, truncated } = previewJson(big, 1000);
    expect(performance.now() - started).toBeLessThan(50);
    expect(truncated).toBe(true);
    expect(text).toBe(JSON.stringify(big, null, 2).slice(0, 1000));
  });

  it("cuts a huge string before escaping it", () => {
    const huge = "\n".repeat(5_000_000);
    const { text, truncated } = previewJson({ huge }, 100);
    expect(truncated).toBe(true);
    expect(text).toBe(JSON.stringify({ huge }, null, 2).slice(0, 100));
  });
});

describe("previewText", () => {
  it("keeps short text whole and cuts long text", () => {
    expect(previewText("abc", 5)).toEqual({ text: "abc", truncated: false });
    expect(previewText("abcdefgh", 5)).toEqual({ text: "abcde", truncated: true });
  });
});
