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
    const call = JSON.parse(callJson) as HttpCall;
    sent.push(call);
    // A URL under /down answers as the worker's bridge does when no response came.
    if (call.url.includes("/down"))
      return JSON.stringify({ error: `no response (${sent.length})` });
    const text = JSON.stringify({ n: sent.length, url: call.url });
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

const PARENT = `
from hero_logic import flow, http

@flow
def main():
    one = flow.invoke("fetcher", spawn=True, q="a")
    two = flow.invoke("fetcher", spawn=True, q="b")
    return [one, two]
`;

const FETCHER = `
from hero_logic import Failed, flow, http

@flow
def main(q: str = "a"):
    n = http.get("https://api.example.com/q/" + q).json()["n"]
    try:
        http.get("https://api.example.com/down/" + q)
    except Failed as failure:
        return [n, str(failure)]
    return [n, "sent"]
`;

describe("a cassette of a play with children and failed calls", () => {
  it("answers each child from the recorded child, and a failed call fails again the same way", async () => {
    const { api, sent } = countingEngine();
    await api.workflows.save({ name: "fetcher", source: FETCHER });
    await api.workflows.save({ name: "parent", source: PARENT });
    const { sid } = await api.plays.start("parent");
    const recorded = await api.plays.wait(sid, { timeoutMs: LONG });
    expect(recorded.status).toBe("completed");
    expect(sent).toHaveLength(4);
    const recordedOutput = recorded.output_data as [number, string][];
    expect(recordedOutput.map(([, failure]) => failure)).toEqual([
      expect.stringContaining("no response"),
      expect.stringContaining("no response"),
    ]);

    const replay = await api.plays.start("parent", {}, { cassette: sid });
    const replayed = await api.plays.wait(replay.sid, { timeoutMs: LONG });
    expect(replayed.error).toBeNull();
    expect(replayed).toMatchObject({ status: "completed", output_data: recordedOutput });
    expect(sent).toHaveLength(4);
  });

  it("marks a play that made calls, and the plays above it, for the page's cassette button", async () => {
    const { api } = countingEngine();
    await api.workflows.save({ name: "fetcher", source: FETCHER });
    await api.workflows.save({ name: "parent", source: PARENT });
    await api.workflows.save({
      name: "quiet",
      source: "from hero_logic import flow\n\n@flow\ndef main():\n    return 1\n",
    });
    const quiet = await api.plays.start("quiet");
    expect(await api.plays.wait(quiet.sid, { timeoutMs: LONG })).not.toHaveProperty("made_calls");
    const parent = await api.plays.start("parent");
    expect(await api.plays.wait(parent.sid, { timeoutMs: LONG })).toMatchObject({
      status: "completed",
      made_calls: true,
    });
    const children = (await api.plays.list()).filter((p) => p.parent_play_sid === parent.sid);
    expect(children.map((child) => child.made_calls)).toEqual([true, true]);
  });
});

const INVOKER = `
from hero_logic import flow

@flow(network=["https://api.example.com"])
def main():
    return flow.invoke("borrower")
`;

const BORROWER = `
from hero_logic import flow, http

@flow(network=["https://api.example.com"])
def main():
    return http.get("https://api.example.com/q/x").json()["n"]
`;

describe("flow.invoke in-process", () => {
  it("calls with the invoked flow's own grant, not only the caller's", async () => {
    const { api, sent } = countingEngine();
    await api.workflows.save({ name: "borrower", source: BORROWER });
    await api.workflows.save({ name: "invoker", source: INVOKER });
    await api.network.allow("invoker");
    const { sid } = await api.plays.start("invoker");
    const refused = await api.plays.wait(sid, { timeoutMs: LONG });
    expect(refused.status).toBe("failed");
    expect(refused.error?.message).toContain(
      "https://api.example.com: flow.invoke('borrower') runs 'borrower' in this play, and 'borrower' was not allowed to call it",
    );
    expect(sent).toHaveLength(0);

    await api.network.allow("borrower");
    const again = await api.plays.start("invoker");
    expect(await api.plays.wait(again.sid, { timeoutMs: LONG })).toMatchObject({
      status: "completed",
      output_data: 1,
    });
    expect(sent).toHaveLength(1);
  });
});
