import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PythonWorkerApi } from "../../worker/api";
import { nodeWorkerApi } from "../../worker/node-python";
import type { Play } from "../db/records";
import { HeroDb } from "../db/schema";
import { createEngine } from "./engine";
import { createPythonPool } from "./pool";
import { createPythonHost } from "./python-host";

const FLOW = `import os
from hero_logic import flow

@flow
def main():
    return flow.step(lambda: os.urandom(4).hex(), name="token")
`;

/** A worker whose batches reach the page a few tasks after its outcome, as they may in Chromium. */
function trailingBatches(): PythonWorkerApi {
  const base = nodeWorkerApi();
  return {
    ...base,
    async run(request, onBatch) {
      const held: Parameters<typeof onBatch>[] = [];
      const outcome = await base.run(request, (...batch) => void held.push(batch));
      let turns = 3;
      const deliver = () => {
        if (--turns > 0) setImmediate(deliver);
        else for (const batch of held) onBatch(...batch);
      };
      setImmediate(deliver);
      return outcome;
    },
  };
}

/**
 * The play once it left `pending` and `running`, looked up between tasks (`plays.wait` starts
 * with a timer of Dexie's own); undefined when it did not in 20,000 turns.
 */
async function settled(db: HeroDb, playSid: string): Promise<Play | undefined> {
  for (let turn = 0; turn < 20_000; turn++) {
    const play = await db.plays.get(playSid);
    if (play && play.status !== "pending" && play.status !== "running") return play;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return undefined;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the end of a run", () => {
  it("is stored as soon as its trailing batches arrive, with no clock involved", async () => {
    const db = new HeroDb("test", { indexedDB: new IDBFactory(), IDBKeyRange });
    const pool = createPythonPool(() => createPythonHost(trailingBatches()), 1);
    const { api } = createEngine(db, pool);
    await api.ready();
    await api.workflows.save({ name: "token", source: FLOW });
    // From here timers never fire: a run that waits on one for its batches never ends.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const play = await api.plays.start("token");
    const done = await settled(db, play.sid);
    expect(done?.status).toBe("completed");
    const spans = await api.plays.spans(play.sid);
    expect(spans.map((s) => [s.name, s.status])).toEqual([
      ["main", "ok"],
      ["token", "ok"],
    ]);
    expect(spans[1]!.output).toBe(done?.output_data);
  }, 20_000);
});
