import type { SpanBatchSink } from "../../../worker/api";
import { type BatchTexts, COUNT, ringReader, WAITING } from "../../wire/ring";

export interface BatchStream {
  /** Batch `n` of the run, posted or read from the ring. */
  take(n: number, batch: BatchTexts): void;
  /** Read out the ring now. */
  collect(): void;
  close(): void;
}

/**
 * How long the page lets batches gather in the ring after the first one it was woken for: each
 * read is a task on the page, and a page busy reading takes a core from the worker. (The batch
 * writer gathers them again before a transaction: `GATHER_MS`.)
 */
const RING_READ_MS = 20;

/**
 * A run's batches, handed to `onBatch` in the order the worker sent them (by their numbers: a
 * batch that did not fit in the ring was posted, and may arrive before or after the ring's). The ring is read when
 * the worker writes to it (the page waits on its count, never polls), then at most every few
 * milliseconds while the writes go on; also before a posted batch is taken.
 */
export function batchStream(
  onBatch: SpanBatchSink,
  ring: SharedArrayBuffer | undefined,
): BatchStream {
  let next = 1;
  const early = new Map<number, BatchTexts>();
  const take = (n: number, batch: BatchTexts) => {
    if (n !== next) {
      early.set(n, batch);
      return;
    }
    for (let due: BatchTexts | undefined = batch; due; due = early.get(next)) {
      early.delete(next);
      next += 1;
      onBatch(due.spans, due.outputs, due.spawns);
    }
  };
  if (!ring) return { take, collect() {}, close() {} };

  const reader = ringReader(ring);
  const collect = () => reader.read(take);
  let open = true;
  const watch = async () => {
    while (open) {
      const seen = Atomics.load(reader.header, COUNT);
      collect();
      // Said before the wait starts: a write after it sees the flag and wakes the wait, one
      // before it changed the count, and the wait returns at once.
      Atomics.store(reader.header, WAITING, 1);
      const wait = waitAsync(reader.header, COUNT, seen);
      if (wait.async) await wait.value;
      if (open) await new Promise((resolve) => setTimeout(resolve, RING_READ_MS));
    }
  };
  watch().catch((error: unknown) => console.error("hero_logic: reading a run's batches", error));
  return {
    take(n, batch) {
      collect();
      take(n, batch);
    },
    collect,
    close() {
      collect();
      open = false;
      // Wakes the wait above, so the loop ends.
      Atomics.notify(reader.header, COUNT);
    },
  };
}

/** `Atomics.waitAsync` (ES2024, in every browser with shared memory; TypeScript's lib here is ES2023). */
function waitAsync(
  array: Int32Array,
  index: number,
  value: number,
): { async: false; value: string } | { async: true; value: Promise<string> } {
  const atomics = Atomics as unknown as { waitAsync: typeof waitAsync };
  return atomics.waitAsync(array, index, value);
}
