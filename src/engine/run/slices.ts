import Dexie from "dexie";

/** How long a slice of work may hold the page before it lets clicks and paints through. */
const SLICE_MS = 8;

type Scheduler = { yield?: () => Promise<void> };

/** Back to the event loop for a moment (`scheduler.yield` keeps this work's place in line). */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Cut long work on the page's thread into slices: call `between()` between pieces of it, and it
 * yields once the slice has run for `SLICE_MS`. Reading a large play (10,000 spans, some
 * batches of hundreds of kilobytes) would otherwise be one task that freezes the page. Inside a
 * Dexie transaction it never yields: IndexedDB commits a transaction left idle for a task.
 */
export function createSlices(sliceMs = SLICE_MS) {
  const inTransaction = Dexie.currentTransaction !== null && Dexie.currentTransaction !== undefined;
  let started = performance.now();
  return {
    async between(): Promise<void> {
      if (inTransaction || performance.now() - started < sliceMs) return;
      await yieldToPage();
      started = performance.now();
    },
  };
}
