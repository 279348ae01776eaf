import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import type { PythonWorkerApi } from "../../worker/api";
import { HeroDb } from "../db/schema";
import { createEngine } from "../engine/engine";
import { HeroError } from "../engine/errors";
import type { SiteWheels } from "../engine/packages/site-wheels";
import { createPythonPool } from "../engine/run/pool";
import { createPythonHost } from "../engine/run/python-host";
import type { Linter } from "../lint/linter";
import type { SpanKind, SpanRow } from "../wire/records";
import { nodeWorkerApi } from "./node-python";

/** Tests only: how many runs went warm, and how many of those Python refused (see warm-cache.ts). */
export { warmRunCounts } from "../engine/run/warm-cache";

/**
 * Tests only: an engine over a fresh fake IndexedDB and Node's Pyodide (two pool slots), or the
 * worker API `workerApi` makes (given the engine's database).
 */
export function testEngine(
  options: {
    defaultTimeoutMs?: number;
    maxChildren?: number;
    workerApi?: (db: HeroDb) => PythonWorkerApi;
    linter?: Linter;
    siteWheels?: SiteWheels;
  } = {},
) {
  const db = new HeroDb("test", { indexedDB: new IDBFactory(), IDBKeyRange });
  const makeApi = options.workerApi ?? (() => nodeWorkerApi());
  const pool = createPythonPool(() => createPythonHost(makeApi(db)), 2);
  const engine = createEngine(db, pool, options);
  return { db, engine, api: engine.api };
}

/** Tests only: the `HeroError` a promise rejects with (fails if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<HeroError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HeroError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

/** Tests only: the row the SDK sends for a span that just opened (see `SpanRow`). */
export function runningRow(
  sid: string,
  name: string,
  kind: SpanKind,
  {
    parent = null,
    seq = 0,
    startedAtUs = Date.now() * 1000,
  }: {
    parent?: string | null;
    seq?: number;
    startedAtUs?: number;
  } = {},
): SpanRow {
  return [
    sid,
    parent,
    seq,
    name,
    kind,
    "running",
    startedAtUs,
    null,
    {},
    null,
    null,
    "",
    "x.py",
    4,
    null,
    {},
    null,
  ];
}
