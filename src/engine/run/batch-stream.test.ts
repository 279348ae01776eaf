import { describe, expect, it } from "vitest";
import { createRing, ringReader, ringWriter, WAITING } from "../../wire/ring";
import { batchStream } from "./batch-stream";

function sink() {
  const got: string[] = [];
  return { got, onBatch: (spans: string) => got.push(spans) };
}

describe("a run's batch stream", () => {
  it("puts posted batches and the ring's back in the order the worker sent them", () => {
    const ring = createRing(1024);
    const writer = ringWriter(ring);
    const { got, onBatch } = sink();
    const stream = batchStream(onBatch, ring);
    writer.write(1, { spans: "[1]" });
    writer.write(3, { spans: "[3]" });
    // Batch 2 did not fit and was posted: taking it reads the ring first.
    stream.take(2, { spans: "[2]" });
    stream.take(4, { spans: "[4]" });
    expect(got).toEqual(["[1]", "[2]", "[3]", "[4]"]);
    writer.write(6, { spans: "[6]" });
    stream.take(5, { spans: "[5]" });
    stream.close();
    expect(got).toEqual(["[1]", "[2]", "[3]", "[4]", "[5]", "[6]"]);
  });

  it("holds a batch that came early until the ones before it come", () => {
    const { got, onBatch } = sink();
    const stream = batchStream(onBatch, undefined);
    stream.take(2, { spans: "[2]" });
    expect(got).toEqual([]);
    stream.take(1, { spans: "[1]" });
    expect(got).toEqual(["[1]", "[2]"]);
  });

  it("reads the ring by itself when the worker writes, without being asked", async () => {
    const ring = createRing(1024);
    const writer = ringWriter(ring);
    const { got, onBatch } = sink();
    const stream = batchStream(onBatch, ring);
    // The stream is waiting on the ring (it says so there) before the worker writes.
    expect(Atomics.load(ringReader(ring).header, WAITING)).toBe(1);
    writer.write(1, { spans: "[1]" });
    await expect.poll(() => got, { timeout: 2_000 }).toEqual(["[1]"]);
    writer.write(2, { spans: "[2]" });
    await expect.poll(() => got, { timeout: 2_000 }).toEqual(["[1]", "[2]"]);
    stream.close();
  });

  it("takes, on collect, what the worker wrote just before it stopped", () => {
    const ring = createRing(1024);
    const { got, onBatch } = sink();
    const stream = batchStream(onBatch, ring);
    ringWriter(ring).write(1, { spans: "[1]" });
    stream.collect();
    expect(got).toEqual(["[1]"]);
    stream.close();
  });
});
