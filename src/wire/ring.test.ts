import { describe, expect, it } from "vitest";
import { type BatchTexts, createRing, resetRing, ringReader, ringWriter } from "./ring";

function readAll(ring: SharedArrayBuffer) {
  const got: [number, BatchTexts][] = [];
  ringReader(ring).read((n, batch) => got.push([n, batch]));
  return got;
}

describe("the ring of span batches", () => {
  it("gives back each batch as written: absent and empty texts, any Unicode", () => {
    const ring = createRing(4096);
    const writer = ringWriter(ring);
    const batches: BatchTexts[] = [
      { spans: '[["a"]]' },
      { spans: "[]", outputs: '{"k":1}' },
      { spans: '["ü€😀"]', outputs: "", spawns: '[{"x":"日本"}]' },
    ];
    expect(batches.map((batch, i) => writer.write(i + 1, batch))).toEqual([true, true, true]);
    expect(readAll(ring)).toEqual(batches.map((batch, i) => [i + 1, batch]));
    expect(readAll(ring)).toEqual([]);
  });

  it("refuses what does not fit (the caller posts it), and takes more once the reader read", () => {
    const ring = createRing(1024);
    const writer = ringWriter(ring);
    // Bigger than half the ring: never written there.
    expect(writer.write(1, { spans: "x".repeat(200) })).toBe(false);
    let n = 0;
    while (writer.write(n + 1, { spans: "y".repeat(20) })) n += 1;
    expect(n).toBeGreaterThan(5);
    expect(readAll(ring)).toHaveLength(n);
    expect(writer.write(n + 1, { spans: "y".repeat(20) })).toBe(true);
  });

  it("posts a text with a lone surrogate rather than change it", () => {
    const writer = ringWriter(createRing(1024));
    expect(writer.write(1, { spans: '["\ud800"]' })).toBe(false);
    expect(writer.write(1, { spans: "[]", outputs: '{"k":"\udfff"}' })).toBe(false);
  });

  it("keeps order and content across many wraps of the ring, with reads at random moments", () => {
    const ring = createRing(2048);
    const writer = ringWriter(ring);
    const reader = ringReader(ring);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const sent: [number, BatchTexts][] = [];
    const got: [number, BatchTexts][] = [];
    for (let n = 1; n <= 3000; n++) {
      const batch: BatchTexts = { spans: `["${n}${"é".repeat(Math.floor(random() * 120))}"]` };
      if (random() < 0.3) batch.outputs = `{"${n}":${n}}`;
      while (!writer.write(n, batch)) reader.read((m, b) => got.push([m, b]));
      sent.push([n, batch]);
      if (random() < 0.2) reader.read((m, b) => got.push([m, b]));
    }
    reader.read((m, b) => got.push([m, b]));
    expect(got).toEqual(sent);
  });

  it("starts empty again for the next run", () => {
    const ring = createRing(1024);
    ringWriter(ring).write(1, { spans: "[1]" });
    resetRing(ring);
    expect(readAll(ring)).toEqual([]);
    ringWriter(ring).write(1, { spans: "[2]" });
    expect(readAll(ring)).toEqual([[1, { spans: "[2]" }]]);
  });
});
