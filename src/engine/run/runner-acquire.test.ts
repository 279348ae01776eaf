import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { HeroDb } from "../../db/schema";
import { nodeWorkerApi } from "../../test-support/node-python";
import { createEngine } from "../engine";
import { createPythonPool, type PythonPool, trustKey } from "./pool";
import { createPythonHost } from "./python-host";

const source = (answer: string) =>
  `from hero_logic import flow\n\n\n@flow\ndef main():\n    return "${answer}"\n`;

describe("the worker a run gets", () => {
  it("is asked for the play's workflow version, again when a version was saved meanwhile", async () => {
    const db = new HeroDb("test", { indexedDB: new IDBFactory(), IDBKeyRange });
    const pool = createPythonPool(() => createPythonHost(nodeWorkerApi()), 2);
    const keys: (string | null)[] = [];
    // While the first run waits for its worker, someone saves a new version of the flow.
    let onFirstAcquire: (() => Promise<unknown>) | null = null;
    const watched: PythonPool = {
      ...pool,
      async acquire(key, urgent) {
        keys.push(key);
        const before = onFirstAcquire;
        onFirstAcquire = null;
        await before?.();
        return pool.acquire(key, urgent);
      },
    };
    const { api } = createEngine(db, watched);
    const v1 = await api.workflows.save({ name: "edited", source: source("first") });
    onFirstAcquire = () => api.workflows.save({ name: "edited", source: source("second") });
    const play = await api.plays.start("edited");
    const done = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    const v2 = await api.workflows.get("edited");
    expect(v2!.current_version_sid).not.toBe(v1.current_version_sid);
    expect(done).toMatchObject({ status: "completed", output_data: "second" });
    expect(keys).toEqual([
      trustKey(v1.sid, v1.current_version_sid),
      trustKey(v1.sid, v2!.current_version_sid),
    ]);
  });
});
