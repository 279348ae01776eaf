import { describe, expect, it } from "vitest";
import type { PythonWorkerApi } from "../../../worker/api";
import { nodePython, nodeWorkerApi } from "../../test-support/node-python";
import { testEngine, warmRunCounts } from "../../test-support/test-engine";
import type { RunRequest } from "../../wire/records";

/**
 * Three tokens nobody could draw twice and a box the flow changes after each replay, then two
 * pauses (three runs), a fourth token between them.
 */
const PAUSING = `
import os
from hero_logic import flow

@flow
def token(k):
    return os.urandom(8).hex()

@flow
def main():
    drawn = [token(k) for k in range(3)]
    box = flow.step(lambda: {"l": [1]}, name="box")
    box["l"].append(2)
    flow.pause("one", fields=[{"name": "ok", "field_type": "bool"}])
    later = token("later")
    flow.pause("two", fields=[{"name": "ok", "field_type": "bool"}])
    return {"drawn": drawn, "box": box, "later": later}
`;

/** An engine whose worker API notes every request it is given; `recycle` replaces the worker
 * after each run that `recycle` names (by its play and run). */
function watchedEngine(recycle?: (request: RunRequest) => boolean) {
  const requests: RunRequest[] = [];
  const workerApi = (): PythonWorkerApi => {
    const base = nodeWorkerApi();
    return {
      ...base,
      async run(request, onBatch) {
        requests.push(request);
        const outcome = await base.run(request, onBatch);
        return recycle?.(request) ? { ...outcome, recycle: true } : outcome;
      },
    };
  };
  const engine = testEngine({ workerApi });
  return { ...engine, requests };
}

/** What each run of `playSid` was asked: warm, or with how many stored output rows. */
function asked(requests: RunRequest[], playSid: string) {
  return requests
    .filter((r) => r.play_sid === playSid)
    .map((r) => [r.run_no, r.warm ? "warm" : `cold ${r.step_cache.length}`]);
}

/** The outputs of the play's executed steps (not its pauses), in order, over all its runs. */
async function executedOutputs(api: ReturnType<typeof testEngine>["api"], playSid: string) {
  const runs = await api.plays.runs(playSid);
  const outputs: unknown[] = [];
  for (const run of runs) {
    const spans = await api.plays.spans(playSid, { runNo: run.run_no });
    const executed = spans.filter((s) => ["token", "box"].includes(s.name) && !s.replayed);
    outputs.push(...executed.map((s) => s.output));
  }
  return outputs;
}

async function runThrough(api: ReturnType<typeof testEngine>["api"], playSid: string) {
  await api.plays.wait(playSid, { timeoutMs: 30_000 });
  await api.plays.resume(playSid, { ok: true });
  await api.plays.wait(playSid, { timeoutMs: 30_000 });
  await api.plays.resume(playSid, { ok: true });
  return api.plays.wait(playSid, { timeoutMs: 30_000 });
}

/** The output a play of PAUSING must end with, from the steps it executed (each once). */
function expectedOutput(executed: unknown[]) {
  const [a, b, c, , later] = executed;
  return { drawn: [a, b, c], box: { l: [1, 2] }, later };
}

describe("a resumed play on the worker that ran its last run (warm replay)", () => {
  it("replays from what that worker's Python kept, the same outputs as from the store", async () => {
    const { api, requests } = watchedEngine();
    await api.workflows.save({ name: "pausing", source: PAUSING });
    const before = warmRunCounts();
    const started = await api.plays.start("pausing");
    const play = await runThrough(api, started.sid);
    expect(asked(requests, started.sid)).toEqual([
      [1, "cold 0"],
      [2, "warm"],
      [3, "warm"],
    ]);
    expect(warmRunCounts()).toEqual({ warm: before.warm + 2, refused: before.refused });
    const executed = await executedOutputs(api, started.sid);
    expect(executed).toHaveLength(5);
    expect(play).toMatchObject({ status: "completed", run_count: 3 });
    expect(play.output_data).toEqual(expectedOutput(executed));
    const run3 = await api.plays.spans(started.sid, { runNo: 3 });
    const steps = run3.filter((s) => ["token", "box"].includes(s.name));
    expect(steps.map((s) => [s.replayed, s.output])).toEqual(executed.map((out) => [true, out]));
  });

  it("goes cold after another play ran on that worker", async () => {
    const { api, requests } = watchedEngine();
    await api.workflows.save({ name: "pausing", source: PAUSING });
    const first = await api.plays.start("pausing");
    await api.plays.wait(first.sid, { timeoutMs: 30_000 });
    const other = await api.plays.start("pausing");
    await api.plays.wait(other.sid, { timeoutMs: 30_000 });
    const play = await runThrough(api, first.sid);
    expect(asked(requests, first.sid)).toEqual([
      [1, "cold 0"],
      [2, "cold 1"],
      [3, "warm"],
    ]);
    expect(play.output_data).toEqual(expectedOutput(await executedOutputs(api, first.sid)));
  });

  it("goes cold after a run of the play elsewhere (another tab raised its run count)", async () => {
    const { api, db, requests } = watchedEngine();
    await api.workflows.save({ name: "pausing", source: PAUSING });
    const started = await api.plays.start("pausing");
    const paused = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    // As another tab's run 2 would leave it (it stopped at the same pause, having stored an
    // output of its own): the play's run count is 2.
    await db.transaction("rw", db.plays, db.outputs, async () => {
      await db.plays.update(started.sid, { run_count: paused.run_count + 1 });
      await db.outputs.put({
        play_sid: started.sid,
        run_no: 2,
        batch_no: 9,
        log: '{"elsewhere":1}',
      });
    });
    await api.plays.resume(started.sid, { ok: true });
    await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(asked(requests, started.sid)).toEqual([
      [1, "cold 0"],
      [3, "cold 2"],
    ]);
    expect(requests.at(-1)?.step_cache[1]).toBe('{"elsewhere":1}');
  });

  it("goes cold on the fresh worker that replaced the one it ran on", async () => {
    const { api, requests } = watchedEngine((request) => request.run_no === 1);
    await api.workflows.save({ name: "pausing", source: PAUSING });
    const started = await api.plays.start("pausing");
    const play = await runThrough(api, started.sid);
    expect(asked(requests, started.sid)).toEqual([
      [1, "cold 0"],
      [2, "cold 1"],
      [3, "warm"],
    ]);
    expect(play.output_data).toEqual(expectedOutput(await executedOutputs(api, started.sid)));
  });

  it("runs again cold, the same, when the worker's Python no longer holds what the engine thinks", async () => {
    const { api, requests } = watchedEngine();
    await api.workflows.save({ name: "pausing", source: PAUSING });
    const before = warmRunCounts();
    const started = await api.plays.start("pausing");
    await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    // Another run in the same interpreter behind the engine's back (Node's Pyodide is shared).
    const python = await nodePython();
    const other = { workflow_name: "x", version_sid: "v", entry: "main", inputs: {} };
    const source = "from hero_logic import flow\n@flow\ndef main():\n    return 1\n";
    python.run({ ...other, source, step_cache: [], play_sid: "elsewhere", run_no: 1 }, () => {});
    const play = await runThrough(api, started.sid);
    expect(asked(requests, started.sid)).toEqual([
      [1, "cold 0"],
      [2, "warm"],
      [2, "cold 1"],
      [3, "warm"],
    ]);
    expect(warmRunCounts()).toEqual({ warm: before.warm + 2, refused: before.refused + 1 });
    expect(play.output_data).toEqual(expectedOutput(await executedOutputs(api, started.sid)));
    expect((await api.plays.runs(started.sid)).map((r) => r.ended_by)).toEqual([
      "paused",
      "paused",
      "completed",
    ]);
  });
});
