import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { nodeWorkerApi } from "../../worker/node-python";
import { HeroDb } from "../db/schema";
import { createEngine } from "./engine";
import { createPythonHost } from "./python-host";

/** Tests only: an engine over a fresh fake IndexedDB and Node's Pyodide. */
export function testEngine() {
  const db = new HeroDb("test", { indexedDB: new IDBFactory(), IDBKeyRange });
  const engine = createEngine(db, createPythonHost(nodeWorkerApi()));
  return { db, engine, api: engine.api };
}
