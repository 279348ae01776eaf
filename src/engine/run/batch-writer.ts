import type { HeroDb } from "../../db/schema";
import type { SpanBatchTexts } from "../../wire/records";
import { persistSpanBatch, type RunIdentity } from "../store/spans";

/**
 * How long the first batch after a write waits for others. Each transaction costs the page
 * and the browser's database 1–2 ms of CPU on this machine class, and the worker runs beside
 * them on the same two cores: writing every batch as it comes cost a 10,000-step run more than
 * twice the CPU of writing every 20 ms. A stored step stays within the promise of ~100 ms.
 */
export const GATHER_MS = 20;

/**
 * The batches of one run on their way into the database, in the order the worker sent them.
 * A worker sends a batch before every span it opens (so a step that finished is out of the
 * worker before the next one starts), which can be thousands a second. A transaction costs the
 * page and the browser's database far more than a batch does, so batches gather for a few
 * milliseconds (`GATHER_MS`) and while one transaction writes, and the next one stores them all
 * as one row. A step's output, its span's end and the children it asked for still land together.
 * When the run ends (`drained`), what has gathered is written at once.
 */
export interface BatchWriter {
  /** Take the next batch the worker sent (synchronously, in the order sent). */
  add(batch: SpanBatchTexts): void;
  /** How many batches were taken. */
  readonly received: number;
  /** How many rows are stored: the next row a caller appends gets `rows + 1`. */
  readonly rows: number;
  /** The first write the database refused; nothing is written after it. */
  readonly error: unknown;
  /** Resolves once every batch taken so far is stored, or refused; from now on, none gathers. */
  drained(): Promise<void>;
  /** Take no more batches (a stopped worker may still send some for a while). */
  close(): void;
}

export interface BatchWriterDeps {
  db: HeroDb;
  run: RunIdentity;
  /** The batch as it may be stored (secrets redacted); as it came when absent. */
  redact?: (batch: SpanBatchTexts) => SpanBatchTexts;
  /** Child plays a stored batch created, to queue. */
  onChildren(sids: string[]): void;
  /** The database refused a batch: nothing more of the run can be stored. */
  onRefused(error: unknown): void;
}

export function createBatchWriter({
  db,
  run,
  redact = (batch) => batch,
  onChildren,
  onRefused,
}: BatchWriterDeps): BatchWriter {
  let queue: SpanBatchTexts[] = [];
  let received = 0;
  let rows = 0;
  let error: unknown = null;
  let closed = false;
  let writing: Promise<void> | null = null;
  // While batches gather: the timer, and what ends the gathering at once.
  let gathering: { timer: ReturnType<typeof setTimeout>; end: () => void } | null = null;
  // The run ended: what comes is written without gathering.
  let hurry = false;

  function gather(): Promise<void> {
    return new Promise((resolve) => {
      const end = () => {
        if (gathering) clearTimeout(gathering.timer);
        gathering = null;
        resolve();
      };
      gathering = { timer: setTimeout(end, GATHER_MS), end };
    });
  }

  async function write(batches: SpanBatchTexts[]): Promise<void> {
    const children = await persistSpanBatch(db, run, rows + 1, redact(mergeBatches(batches)));
    rows += 1;
    if (children.length > 0) onChildren(children);
  }

  async function pump(): Promise<void> {
    while (queue.length > 0 && error === null) {
      if (!hurry) await gather();
      const taken = queue;
      queue = [];
      let refusal: unknown = null;
      try {
        await write(taken);
      } catch (refused) {
        refusal = refused;
        // Together they did not fit (a full storage): one by one, as many as do.
        if (taken.length > 1) {
          refusal = null;
          for (const batch of taken) {
            try {
              await write([batch]);
            } catch (refused) {
              refusal = refused;
              break;
            }
          }
        }
      }
      if (refusal !== null) {
        // After a refused batch, none: the stored log stays a whole prefix of the run.
        error = refusal;
        queue = [];
        onRefused(refusal);
      }
    }
    writing = null;
  }

  return {
    add(batch) {
      if (closed) return;
      received += 1;
      if (error !== null) return;
      queue.push(batch);
      writing ??= pump();
    },
    get received() {
      return received;
    },
    get rows() {
      return rows;
    },
    get error() {
      return error;
    },
    async drained() {
      hurry = true;
      gathering?.end();
      while (writing) await writing;
    },
    close() {
      closed = true;
    },
  };
}

/** Batches as one: their texts joined in order (a later row of a span overrides an earlier one). */
export function mergeBatches(batches: SpanBatchTexts[]): SpanBatchTexts {
  if (batches.length === 1) return batches[0] as SpanBatchTexts;
  const merged: SpanBatchTexts = {
    spans: joinJson(
      batches.map((b) => b.spans),
      "[]",
    ),
  };
  const outputs = joinJson(
    batches.map((b) => b.outputs),
    "{}",
  );
  const spawns = joinJson(
    batches.map((b) => b.spawns),
    "[]",
  );
  if (outputs !== "{}") merged.outputs = outputs;
  if (spawns !== "[]") merged.spawns = spawns;
  return merged;
}

/**
 * JSON arrays (or objects) joined into one without decoding them: their insides, comma
 * separated, between one pair of brackets. Object keys do not repeat across a run's batches.
 */
function joinJson(texts: (string | undefined)[], empty: "[]" | "{}"): string {
  const inner: string[] = [];
  for (const text of texts) {
    if (text === undefined) continue;
    // The SDK writes them with no space around and none between brackets of an empty one.
    if (text.length > 2) inner.push(text.slice(1, -1));
  }
  return `${empty[0]}${inner.join(",")}${empty[1]}`;
}
