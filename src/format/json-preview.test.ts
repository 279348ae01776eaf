import { describe, expect, it } from "vitest";
import { previewJson, previewJsonText, previewText } from "./json-preview";

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

  it("stops at the limit on a large value and says so, reading no further than it shows", () => {
    const big = Array.from({ length: 200_000 }, (_, i) => ({ i, name: `item ${i}` }));
    const read = new Set<number>();
    const watched = new Proxy(big, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) read.add(Number(key));
        return Reflect.get(target, key, receiver);
      },
    });
    const { text, truncated } = previewJson(watched, 1000);
    expect(truncated).toBe(true);
    expect(text).toBe(JSON.stringify(big, null, 2).slice(0, 1000));
    // Each item takes more than 30 characters laid out: the first 1,000 show fewer than 34 of
    // them, and the other 199,966 are never looked at (formatting them is what freezes a page).
    expect(Math.max(...read)).toBeLessThan(34);
  });

  it("cuts a huge string before escaping it", () => {
    const huge = "\n".repeat(5_000_000);
    const { text, truncated } = previewJson({ huge }, 100);
    expect(truncated).toBe(true);
    expect(text).toBe(JSON.stringify({ huge }, null, 2).slice(0, 100));
  });
});

describe("previewJsonText", () => {
  it("lays a JSON text out as previewJson lays out its value", () => {
    const values = [
      { a: [1, 2.5, "three", null, true, [], {}], 'odd "key"\n\\': { n: [{ d: "é ✓ \u0001" }] } },
      [],
      {},
      null,
      0,
      "text",
      [[[]]],
      { x: [{}] },
    ];
    for (const v of values) {
      expect(previewJsonText(JSON.stringify(v))).toEqual(previewJson(v));
      expect(previewJsonText(JSON.stringify(v, null, 4))).toEqual(previewJson(v));
    }
  });

  it("shows what the text says where the decoded value would not", () => {
    const text = '{"b":1,"2":"two","big":9007199254740993,"f":1.0,"negz":-0.0,"s":"a\ud800"}';
    expect(previewJsonText(text).text).toBe(
      '{\n  "b": 1,\n  "2": "two",\n  "big": 9007199254740993,\n  "f": 1.0,\n  "negz": -0.0,\n  "s": "a\\ud800"\n}',
    );
  });

  it("stops at the limit on a large text and says so", () => {
    const big = Array.from({ length: 50_000 }, (_, i) => ({ i, name: `item ${i}` }));
    const { text, truncated } = previewJsonText(JSON.stringify(big), 1000);
    expect(truncated).toBe(true);
    expect(text).toBe(JSON.stringify(big, null, 2).slice(0, 1000));
    const huge = JSON.stringify({ huge: "\n".repeat(100_000) });
    expect(previewJsonText(huge, 100).text).toBe(
      JSON.stringify(JSON.parse(huge), null, 2).slice(0, 100),
    );
  });
});

describe("previewText", () => {
  it("keeps short text whole and cuts long text", () => {
    expect(previewText("abc", 5)).toEqual({ text: "abc", truncated: false });
    expect(previewText("abcdefgh", 5)).toEqual({ text: "abcde", truncated: true });
  });
});
