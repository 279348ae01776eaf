import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import type { PythonWorkerApi } from "../../../worker/api";
import { HeroDb } from "../../db/schema";
import { nodeWorkerApi } from "../../test-support/node-python";
import { runningRow } from "../../test-support/test-engine";
import { createEngine } from "../engine";
import { createPythonPool } from "./pool";
import { createPythonHost } from "./python-host";

const STEPS = `
from hero_logic import flow

@flow
def main(n: int = 3):
    return [flow.step(lambda i=i: i * i, name="square") for i in range(n)]
`;

/**
 * An engine on one worker slot whose runs go wrong the way `fault` says for sources that
 * contain `# fault`; counts the workers it made and the ones it terminated.
 */
function faultyEngine(fault: "crash" | "recycle") {
  const workers = { made: 0, terminated: 0 };
  const factory = () => {
    workers.made += 1;
    const base = nodeWorkerApi();
    const api: PythonWorkerApi = {
      ...base,
      async run(request, onBatch) {
        if (!request.source.includes("# fault")) return base.run(request, onBatch);
        if (fault === "recycle") return { ...(await base.run(request, onBatch)), recycle: true };
        // The run gets going (its first batch arrives), then the worker dies.
        onBatch(JSON.stringify([runningRow("r0000000", "main", "flow_root", { startedAtUs: 1 })]));
        throw new Error("RuntimeError: memory access out of bounds");
      },
    };
    const terminate = () => {
      workers.terminated += 1;
    };
    return createPythonHost(api, { terminate });
  };
  const db = new HeroDb("test", { indexedDB: new IDBFactory(), IDBKeyRange });
  const engine = createEngine(db, createPythonPool(factory, 1));
  return { api: engine.api, workers };
}

describe("a worker that fails under a play", () => {
  it("fails a play whose worker died mid-run, closes its spans, replaces the worker", async () => {
    const { api, workers } = faultyEngine("crash");
    await api.workflows.save({ name: "doomed", source: `${STEPS}# fault\n` });
    await api.workflows.save({ name: "fine", source: STEPS });
    const doomed = await api.plays.start("doomed");
    const failed = await api.plays.wait(doomed.sid, { timeoutMs: 30_000 });
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatchObject({
      type: "WorkerError",
      message:
        "the Python worker stopped in the middle of the run (RuntimeError: memory access out of bounds); it was replaced by a fresh one",
    });
    const spans = await api.plays.spans(doomed.sid);
    expect(spans.map((s) => [s.name, s.status])).toEqual([["main", "failed"]]);
    expect(workers).toEqual({ made: 2, terminated: 1 });
    // The next play runs on the fresh worker.
    const fine = await api.plays.start("fine");
    expect(await api.plays.wait(fine.sid, { timeoutMs: 30_000 })).toMatchObject({
      status: "completed",
      output_data: [0, 1, 4],
    });
  });

  it("replaces a worker whose run asks for it (its memory grew) and goes on", async () => {
    const { api, workers } = faultyEngine("recycle");
    await api.workflows.save({ name: "greedy", source: `${STEPS}# fault\n` });
    const greedy = await api.plays.start("greedy");
    expect(await api.plays.wait(greedy.sid, { timeoutMs: 30_000 })).toMatchObject({
      status: "completed",
      output_data: [0, 1, 4],
    });
    expect(workers).toEqual({ made: 2, terminated: 1 });
    const again = await api.plays.start("greedy", { n: 2 });
    expect((await api.plays.wait(again.sid, { timeoutMs: 30_000 })).status).toBe("completed");
    expect(workers).toEqual({ made: 3, terminated: 2 });
  });
});
