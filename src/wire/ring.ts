import { wellFormed } from "./json-text";

/**
 * A run's span batches through shared memory: the worker writes each batch into a ring buffer
 * the page gave it, the page reads them out a few milliseconds later. A post per batch costs
 * the worker a cross-thread message and the page a task, thousands of times a second; a write
 * here costs a copy. Shared memory exists only where the page is cross-origin isolated (its host
 * sends COOP and COEP headers); elsewhere batches travel as posts (`BatchMessage`).
 *
 * One writer (the worker), one reader (the page). Records never straddle the end of the ring:
 *
 *   header (Int32Array): [WRITE] the writer's offset, [READ] the reader's offset,
 *                        [COUNT] records written (the reader waits on it), [WAITING] 1 while
 *                        the reader waits
 *   record: i32 record bytes (4-aligned) · i32 batch number · i32 × 3 text lengths in bytes
 *           (-1: absent) · the three texts in UTF-8
 *   A record length of -1 says: the next record is at offset 0.
 *
 * Data written before the writer publishes its offset (`Atomics.store`) is visible to a reader
 * that loaded that offset (`Atomics.load`); the same holds the other way for the space freed.
 */

const WRITE = 0;
const READ = 1;
export const COUNT = 2;
/** 1 while the reader waits on `COUNT`: only then does a write wake it (a notify costs). */
export const WAITING = 3;
const HEADER_BYTES = 16;
const RECORD_HEADER = 20;
const WRAP = -1;
const ABSENT = -1;

/**
 * Room for some 10,000 small batches: the page reads the ring out every 20 ms, in which a fast
 * loop of steps writes a few thousand. (A batch that does not fit is posted, not lost.)
 */
export const RING_BYTES = 4 << 20;

export interface BatchTexts {
  spans: string;
  outputs?: string;
  spawns?: string;
}

/** A ring with room for `bytes` of records (a multiple of 4). */
export function createRing(bytes = RING_BYTES): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + bytes);
}

/** Empty the ring for a new run (no run writes to it or reads from it meanwhile). */
export function resetRing(buffer: SharedArrayBuffer): void {
  const header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
  Atomics.store(header, WRITE, 0);
  Atomics.store(header, READ, 0);
}

/** The writing end of a ring (in the worker). */
export function ringWriter(buffer: SharedArrayBuffer) {
  const header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
  const data = new Uint8Array(buffer, HEADER_BYTES);
  const view = new DataView(buffer, HEADER_BYTES);
  const capacity = data.length;
  const encoder = new TextEncoder();
  // Chromium's encodeInto does not write to shared memory: texts are encoded here, then copied.
  let scratch = new Uint8Array(4096);
  let at = Atomics.load(header, WRITE);

  /** Where a record of `need` bytes can go, marking a wrap if it must: -1 when it does not fit. */
  function place(need: number): number {
    const read = Atomics.load(header, READ);
    // One byte always stays free, so `at === read` means empty, never full.
    if (at >= read) {
      if (capacity - at >= need && (read > 0 || capacity - at > need)) return at;
      if (read - 1 < need) return -1;
      view.setInt32(at, WRAP, true);
      return 0;
    }
    return read - 1 - at >= need ? at : -1;
  }

  /** `value`'s UTF-8 at `offset` of the scratch buffer: its length, -1 when absent. */
  function encode(value: string | undefined, offset: number): number {
    if (value === undefined) return ABSENT;
    return encoder.encodeInto(value, scratch.subarray(offset)).written;
  }

  /** Publish the record just written at `start`, `size` bytes. */
  function publish(start: number, size: number): void {
    view.setInt32(start, size, true);
    at = (start + size) % capacity;
    Atomics.store(header, WRITE, at);
    Atomics.add(header, COUNT, 1);
    if (Atomics.load(header, WAITING) === 1) {
      Atomics.store(header, WAITING, 0);
      Atomics.notify(header, COUNT);
    }
  }

  /**
   * Write batch number `n` given as the UTF-8 bytes of its texts, one after the other at the
   * start of `bytes`, and their lengths (-1: absent); false (nothing written) when it does not
   * fit now.
   */
  function writeBytes(
    n: number,
    bytes: Uint8Array,
    spans: number,
    outputs: number,
    spawns: number,
  ) {
    const total = spans + Math.max(outputs, 0) + Math.max(spawns, 0);
    const need = align(RECORD_HEADER + total);
    if (need > capacity / 2) return false;
    const start = place(need);
    if (start < 0) return false;
    view.setInt32(start + 4, n, true);
    view.setInt32(start + 8, spans, true);
    view.setInt32(start + 12, outputs, true);
    view.setInt32(start + 16, spawns, true);
    data.set(bytes.subarray(0, total), start + RECORD_HEADER);
    publish(start, need);
    return true;
  }

  return {
    writeBytes,
    /**
     * Write batch number `n`; false (nothing written) when it does not fit now: the caller posts
     * it instead, and the reader puts the two streams back in order by their numbers.
     */
    write(n: number, batch: BatchTexts): boolean {
      // UTF-8 has no lone surrogates (a Python text may): such a batch is posted, unchanged.
      if (!wellFormed(batch.spans) || !wellFormed(batch.outputs) || !wellFormed(batch.spawns)) {
        return false;
      }
      const chars = batch.spans.length + (batch.outputs?.length ?? 0) + (batch.spawns?.length ?? 0);
      // UTF-8 takes at most 3 bytes per UTF-16 unit; a batch that might take half the ring goes
      // by post rather than wait for the reader.
      if (align(RECORD_HEADER + 3 * chars) > capacity / 2) return false;
      if (scratch.length < 3 * chars) scratch = new Uint8Array(3 * chars);
      const spans = encode(batch.spans, 0);
      const outputs = encode(batch.outputs, spans);
      const spawns = encode(batch.spawns, spans + Math.max(outputs, 0));
      return writeBytes(n, scratch, spans, outputs, spawns);
    },
  };
}

/** The reading end of a ring (in the page). */
export function ringReader(buffer: SharedArrayBuffer) {
  const header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
  const data = new Uint8Array(buffer, HEADER_BYTES);
  const view = new DataView(buffer, HEADER_BYTES);
  // TextDecoder does not read shared memory: each text is copied out first.
  const decoder = new TextDecoder();
  const decode = (from: number, length: number) =>
    length === ABSENT ? undefined : decoder.decode(data.slice(from, from + length));

  return {
    header,
    /** Every record written so far, in order, with its batch number; frees their space. */
    read(take: (n: number, batch: BatchTexts) => void): void {
      const end = Atomics.load(header, WRITE);
      let at = Atomics.load(header, READ);
      while (at !== end) {
        const size = view.getInt32(at, true);
        if (size === WRAP) {
          at = 0;
          continue;
        }
        const n = view.getInt32(at + 4, true);
        const lengths = [8, 12, 16].map((slot) => view.getInt32(at + slot, true));
        let from = at + RECORD_HEADER;
        const [spans, outputs, spawns] = lengths.map((length) => {
          const value = decode(from, length);
          if (length > 0) from += length;
          return value;
        });
        at = (at + size) % data.length;
        take(n, { spans: spans ?? "", outputs, spawns });
      }
      Atomics.store(header, READ, at);
    },
  };
}

const align = (bytes: number) => (bytes + 3) & ~3;
