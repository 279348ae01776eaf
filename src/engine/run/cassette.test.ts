import { describe, expect, it } from "vitest";
import type { HttpCall } from "../../../worker/http";
import { nodePython } from "../../test-support/node-python";
import { rejection, testEngine } from "../../test-support/test-engine";

/**
 * An engine whose workers send `http` calls through a counting bridge, as the browser's worker
 * does through its sender; a cassette run, like there, is given none.
 */
function countingEngine() {
  const sent: HttpCall[] = [];
  const send = (callJson: string) => {
    sent.push(JSON.parse(callJson) as HttpCall);
    const text = JSON.stringify({ n: sent.length });
    return JSON.stringify({ status: 200, reason: "OK", headers: {}, text });
  };
  const setup = testEngine({
    workerApi: () => ({
      boot: async () => {
        await nodePython();
        const info = { pythonVersion: "node", pyodideVersion: "node" };
        return { ...info, bootMs: 0, loadPyodideMs: 0, fromSnapshot: false };
      },
      analyze: async (source) => (await nodePython()).analyze(source),
      run: async (request, onBatch) =>
        (await nodePython()).run(request, onBatch, undefined, request.cassette ? undefined : send),
    }),
  });
  return { ...setup, sent };
}

// Two calls with the same key, one before a pause and one after: the second run of a cassette
// play must get the second recorded answer, not the first again.
const FLOW = `
from hero_logic import flow, http

@flow
def main():
    a = http.get("https://api.example.com/n").json()["n"]
    flow.pause("go", fields=[{"name": "ok", "field_type": "bool"}])
    b = http.get("https://api.example.com/n").json()["n"]
    return [a, b]
`;

const LONG = 60_000;

async function recordedPlay() {
  const setup = countingEngine();
  const { api } = setup;
  await api.workflows.save({ name: "counts", source: FLOW });
  const { sid } = await api.plays.start("counts");
  await api.plays.wait(sid, { timeoutMs: LONG });
  await api.plays.resume(sid, { ok: true });
  const recorded = await api.plays.wait(sid, { timeoutMs: LONG });
  return { ...setup, recorded };
}

describe("cassette plays", () => {
  it("answer their calls from the recorded play, in order over their runs, sending nothing", async () => {
    const { api, sent, recorded } = await recordedPlay();
    expect(recorded).toMatchObject({ status: "completed", output_data: [1, 2] });
    expect(sent).toHaveLength(2);

    const { sid } = await api.plays.start("counts", {}, { cassette: recorded.sid });
    expect(await api.plays.wait(sid, { timeoutMs: LONG })).toMatchObject({
      status: "paused",
      cassette_of: recorded.sid,
    });
    await api.plays.resume(sid, { ok: true });
    const replay = await api.plays.wait(sid, { timeoutMs: LONG });
    expect(replay).toMatchObject({ status: "completed", output_data: [1, 2], run_count: 2 });
    expect(sent).toHaveLength(2);
    const rpc = (await api.plays.spans(sid)).filter((s) => s.kind === "rpc");
    expect(rpc.map((s) => [s.replayed, s.status])).toEqual([
      [true, "ok"],
      [false, "ok"],
    ]);
  });

  it("fails a call the recording does not hold, saying so", async () => {
    const { api, sent, recorded } = await recordedPlay();
    const other = FLOW.replace('/n").json()["n"]\n    return', '/m").json()["n"]\n    return');
    await api.workflows.save({ name: "other", source: other });
    const { sid } = await api.plays.start("other", {}, { cassette: recorded.sid });
    await api.plays.wait(sid, { timeoutMs: LONG });
    await api.plays.resume(sid, { ok: true });
    const failed = await api.plays.wait(sid, { timeoutMs: LONG });
    expect(failed.status).toBe("failed");
    expect(failed.error?.message).toContain(
      `GET api.example.com/m: not in the recording of play ${recorded.sid}`,
    );
    expect(sent).toHaveLength(2);
  });

  it("refuses an unknown or unfinished play as a cassette, storing nothing", async () => {
    const { api } = countingEngine();
    await api.workflows.save({ name: "counts", source: FLOW });
    const unknown = await rejection(api.plays.start("counts", {}, { cassette: "nosuchplay" }));
    expect(unknown).toMatchObject({ code: "not_found" });
    expect(unknown.message).toContain("'nosuchplay'");
    const wrongType = await rejection(api.plays.start("counts", {}, { cassette: 7 as never }));
    expect(wrongType).toMatchObject({ code: "invalid_input" });

    const { sid } = await api.plays.start("counts");
    await api.plays.wait(sid, { timeoutMs: LONG });
    const paused = await rejection(api.plays.start("counts", {}, { cassette: sid }));
    expect(paused).toMatchObject({ code: "invalid_input" });
    expect(paused.message).toContain("is paused: a cassette is the recording of a finished play");
    expect(await api.plays.list()).toHaveLength(1);
  });
});
