/**
 * The floors `npm run bench` compares the engine with, on a page of their own (bench.html):
 * plain Dexie writes of as many rows as a run writes, and a bare Pyodide boot.
 */
import Dexie, { type Table } from "dexie";

/** One row per span and one per cached output: the plain layout the floor writes. */
class FloorDb extends Dexie {
  spans!: Table<{ sid: string }, string>;
  steps!: Table<{ play_sid: string; step_key: string }, [string, string]>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ spans: "sid, [play_sid+run_no+seq]", steps: "[play_sid+step_key]" });
  }
}

declare global {
  interface Window {
    heroBench: {
      rawIdb(steps: number): Promise<number>;
      barePyodide(): Promise<number>;
    };
  }
}

/** Write `steps` span rows and `steps` cache rows with plain `bulkPut`, in a scratch database. */
async function rawIdb(steps: number): Promise<number> {
  const db = new FloorDb(`bench-${Date.now()}`);
  await db.open();
  const spans = Array.from({ length: steps }, (_, i) => ({
    sid: `s${i}`.padStart(8, "0"),
    play_sid: "benchplay",
    parent_sid: "root0000",
    run_no: 1,
    seq: i + 1,
    name: "inc",
    kind: "step" as const,
    status: "ok" as const,
    started_at: Date.now(),
    ended_at: Date.now(),
    input: [i],
    output: i + 1,
    error: null,
    logs: "",
    source_file: "bench.py",
    source_line: 7,
    step_key: `${i}`.padStart(64, "0"),
    replayed: false,
    version_sid: "benchver",
    child_play_sid: null,
    attributes: {},
    replayed_from_run: null,
    replayed_from_span: null,
  }));
  const rows = spans.map((s) => ({
    play_sid: "benchplay",
    step_key: s.step_key,
    output: String(s.output),
    span_sid: s.sid,
    run_no: 1,
  }));
  const started = performance.now();
  await db.transaction("rw", db.spans, db.steps, async () => {
    await db.spans.bulkPut(spans);
    await db.steps.bulkPut(rows);
  });
  const ms = performance.now() - started;
  db.close();
  await db.delete();
  return ms;
}

function barePyodide(): Promise<number> {
  const worker = new Worker(new URL("./bare.worker.ts", import.meta.url), { type: "module" });
  const indexURL = new URL(`${import.meta.env.BASE_URL}pyodide/`, document.baseURI).href;
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ ms: number }>) => {
      worker.terminate();
      resolve(event.data.ms);
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage({ indexURL });
  });
}

window.heroBench = { rawIdb, barePyodide };
document.body.dataset.ready = "true";
