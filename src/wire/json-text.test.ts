import { describe, expect, it } from "vitest";
import { nodePyodide } from "../test-support/node-python";
import {
  escapeLoneSurrogates,
  jsonItems,
  jsonMembers,
  jsonValueEnd,
  mayDecodeInexactly,
} from "./json-text";

describe("JSON texts cut into parts", () => {
  it("finds where values end, strings with escaped quotes and backslashes included", () => {
    const text = '[{"a\\"":"x\\\\","b":[1,-2.5e+3,{}]},"q\\\\\\"",true,null,-0.0] ';
    expect(jsonValueEnd(text, 0)).toBe(text.length - 1);
    expect(jsonItems(text)).toEqual([
      '{"a\\"":"x\\\\","b":[1,-2.5e+3,{}]}',
      '"q\\\\\\""',
      "true",
      "null",
      "-0.0",
    ]);
    expect(jsonItems("[]")).toEqual([]);
    expect(jsonItems(" [ 1 , [ 2 ] ] ")).toEqual(["1", "[ 2 ]"]);
  });

  it("gives an object's members in the order written, keys decoded", () => {
    const text = '{"b":1,"2":"two","big":9007199254740993,"k\\u00e9y":{"n":[1.0]}}';
    expect(jsonMembers(text)).toEqual([
      ["b", "1"],
      ["2", '"two"'],
      ["big", "9007199254740993"],
      ["kéy", '{"n":[1.0]}'],
    ]);
    expect(jsonMembers("{}")).toEqual([]);
    expect(jsonMembers('{ "a" : 1 , "b" : "}" }')).toEqual([
      ["a", "1"],
      ["b", '"}"'],
    ]);
  });
});

describe("mayDecodeInexactly", () => {
  it("is false for what decodes exactly, span times included, and true for the rest", () => {
    expect(mayDecodeInexactly('[1764000000000000,"x",0.1234567890123456,-12]')).toBe(false);
    for (const text of [
      "9007199254740993",
      "-12345678901234567",
      "1.0",
      "[-0.0]",
      "1e+16",
      "1.5e-07",
      '{"b":1,"2":2}',
    ]) {
      expect(mayDecodeInexactly(text), text).toBe(true);
    }
  });

  it("is false only where decoding and writing again gives back what Python wrote", async () => {
    const py = await nodePyodide();
    const texts = JSON.parse(
      py.runPython(`
import json, random
rng = random.Random(7)
def value(depth):
    kind = rng.randrange(9 if depth else 6)
    if kind == 0: return rng.randrange(-2**60, 2**60) >> rng.randrange(64)
    if kind == 1: return rng.uniform(-1, 1) * 10 ** rng.randrange(-8, 24)
    if kind == 2: return float(rng.randrange(-100, 100))
    if kind == 3: return "".join(rng.choice("ab1.0é\\n\\"\\\\:,") for _ in range(rng.randrange(6)))
    if kind == 4: return rng.choice([True, False, None, -0.0])
    if kind == 5: return rng.randrange(10**15, 10**16)
    if kind in (6, 7):
        return {str(rng.choice([rng.randrange(20), "k", "x1"])): value(depth - 1) for _ in range(3)}
    return [value(depth - 1) for _ in range(3)]
json.dumps([json.dumps(value(3), ensure_ascii=False, separators=(",", ":")) for _ in range(3000)])
`) as string,
    ) as string[];
    let exact = 0;
    for (const text of texts) {
      if (mayDecodeInexactly(text)) continue;
      exact++;
      expect(JSON.stringify(JSON.parse(text))).toBe(text);
    }
    expect(exact).toBeGreaterThan(300);
  });
});

describe("escapeLoneSurrogates", () => {
  it("escapes lone surrogates only, leaving pairs and other text as they are", () => {
    expect(escapeLoneSurrogates('"a\ud800b\udc00c😀"')).toBe('"a\\ud800b\\udc00c😀"');
    expect(escapeLoneSurrogates('"\udc00\ud800"')).toBe('"\\udc00\\ud800"');
    const plain = '{"x":"é😀"}';
    expect(escapeLoneSurrogates(plain)).toBe(plain);
    expect(JSON.parse(escapeLoneSurrogates('"\ud800"'))).toBe("\ud800");
  });
});
