import { describe, expect, it } from "vitest";
import { rejection, testEngine } from "../test-support/test-engine";
import type { StepOutputs } from "../wire/records";

const FLOW = `
from hero_logic import flow

@flow
def shout(word: str):
    print("shouting", word)
    return word.upper()

@flow(inputs=[{"name": "word", "field_type": "str", "default": "hi"},
              {"name": "times", "field_type": "int", "default": 2}])
def main(word="hi", times=2):
    with flow.span("group"):
        loud = [shout(word) for _ in range(times)]
    return {"loud": loud}
`;

describe("workflows", () => {
  it("reads inputs from the decorator and versions only changed sources", async () => {
    const { api } = testEngine();
    const saved = await api.workflows.save({ name: "shouter", source: FLOW });
    expect(saved.inputs.map((f) => [f.name, f.field_type, f.default])).toEqual([
      ["word", "str", "hi"],
      ["times", "int", 2],
    ]);
    const same = await api.workflows.save({ name: "shouter", source: FLOW });
    expect(same.current_version_sid).toBe(saved.current_version_sid);
    const changed = await api.workflows.save({ name: "shouter", source: `${FLOW}\n# edited\n` });
    expect(changed.sid).toBe(saved.sid);
    expect(changed.current_version_sid).not.toBe(saved.current_version_sid);
    const versions = await api.workflows.versions("shouter");
    expect(versions.map((v) => v.sid)).toEqual([
      saved.current_version_sid,
      changed.current_version_sid,
    ]);
    expect(await api.workflows.get(saved.sid)).toMatchObject({ name: "shouter" });
  });

  it("rejects broken Python with its line and stores nothing", async () => {
    const { api } = testEngine();
    const error = await rejection(
      api.workflows.save({
        name: "broken",
        source: "from hero_logic import flow\n@flow\ndef main(:\n  pass\n",
      }),
    );
    expect(error.code).toBe("syntax_error");
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^line 3: /);
    expect(await api.workflows.list()).toEqual([]);
  });

  it("rejects a source without @flow and a bad name", async () => {
    const { api } = testEngine();
    expect((await rejection(api.workflows.save({ name: "plain", source: "x = 1\n" }))).code).toBe(
      "no_entry",
    );
    expect((await rejection(api.workflows.save({ name: "not a name", source: FLOW }))).code).toBe(
      "invalid_input",
    );
  });

  it("gives not_found for unknown workflows", async () => {
    const { api } = testEngine();
    expect(await api.workflows.get("nope")).toBeUndefined();
    expect((await rejection(api.workflows.versions("nope"))).code).toBe("not_found");
    expect((await rejection(api.plays.start("nope"))).code).toBe("not_found");
  });
});

describe("plays", () => {
  it("runs a play to completion and persists its span tree and step cache", async () => {
    const { api, db } = testEngine();
    await api.workflows.save({ name: "shouter", source: FLOW });
    const started = await api.plays.start("shouter", { word: "go" });
    expect(started.status).toBe("pending");
    const play = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(play).toMatchObject({
      status: "completed",
      output_data: { loud: ["GO", "GO"] },
      run_count: 1,
    });
    expect(play.input_data).toEqual({ word: "go", times: 2 });
    const spans = await api.plays.spans(play.sid);
    expect(spans.map((s) => [s.name, s.kind, s.status])).toEqual([
      ["main", "flow_root", "ok"],
      ["group", "step", "ok"],
      ["shout", "step", "ok"],
      ["shout", "step", "ok"],
    ]);
    const [root, group, shout] = spans;
    expect(group!.parent_sid).toBe(root!.sid);
    expect(shout).toMatchObject({
      parent_sid: group!.sid,
      logs: "shouting go\n",
      output: "GO",
      run_no: 1,
    });
    expect(spans.every((s) => s.version_sid === play.version_sid && s.play_sid === play.sid)).toBe(
      true,
    );
    const outputs = await db.outputs.toArray();
    const stored = outputs.flatMap((b) => Object.values(JSON.parse(b.log!) as StepOutputs));
    expect(stored).toEqual(["GO", "GO"]);
  });

  it("validates inputs, naming each bad field, and creates no play", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "shouter", source: FLOW });
    const error = await rejection(api.plays.start("shouter", { times: "lots", colour: "red" }));
    expect(error.code).toBe("invalid_input");
    expect(error.fields).toEqual({ times: "expected a whole number", colour: "unknown field" });
    expect(await api.plays.list()).toEqual([]);
  });

  it("fails a raising flow with the traceback and marks the failing span", async () => {
    const { api } = testEngine();
    await api.workflows.save({
      name: "shouter",
      source: FLOW.replace("return word.upper()", "return word.nope()"),
    });
    const started = await api.plays.start("shouter");
    const play = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(play.status).toBe("failed");
    expect(play.error?.message).toBe("AttributeError: 'str' object has no attribute 'nope'");
    expect(play.error?.traceback).toContain('File "shouter.py", line 7, in shout');
    const spans = await api.plays.spans(play.sid);
    expect(spans.filter((s) => s.status === "failed").map((s) => s.name)).toEqual([
      "main",
      "group",
      "shout",
    ]);
  });

  it("times out a wait with code timeout while the play goes on", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "shouter", source: FLOW });
    const started = await api.plays.start("shouter");
    const error = await rejection(
      api.plays.wait(started.sid, { timeoutMs: 1, until: ["cancelled"] }),
    );
    expect(error.code).toBe("timeout");
    expect((await api.plays.wait(started.sid, { timeoutMs: 30_000 })).status).toBe("completed");
  });

  it("gives not_found for unknown plays", async () => {
    const { api } = testEngine();
    const calls = [api.plays.get, api.plays.spans, api.plays.wait, api.plays.delete];
    for (const call of calls) expect((await rejection(call("zzzz"))).code).toBe("not_found");
  });

  it("lists plays newest first, filtered by status and workflow, and deletes them with their spans", async () => {
    const { api, db, engine } = testEngine();
    await api.workflows.save({ name: "shouter", source: FLOW });
    await api.workflows.save({ name: "broken", source: FLOW.replace("word.upper()", "1 / 0") });
    const a = await api.plays.start("shouter");
    const b = await api.plays.start("broken");
    await engine.idle();
    expect((await api.plays.list()).map((p) => p.sid)).toEqual([b.sid, a.sid]);
    expect((await api.plays.list({ status: "failed" })).map((p) => p.sid)).toEqual([b.sid]);
    expect((await api.plays.list({ workflow: "shouter" })).map((p) => p.sid)).toEqual([a.sid]);
    await api.plays.delete(a.sid);
    const left = new Set((await db.batches.toArray()).map((row) => row.play_sid));
    expect(left).toEqual(new Set([b.sid]));
    expect(await api.plays.spans(b.sid)).not.toEqual([]);
  });
});

describe("start-up", () => {
  it("recovers a play left running by a closed tab, replaying its finished steps", async () => {
    const { api, db, engine } = testEngine();
    await api.workflows.save({ name: "shouter", source: FLOW });
    const first = await api.plays.wait((await api.plays.start("shouter")).sid, {
      timeoutMs: 30_000,
    });
    // Make it look cut off mid-run: running, its cache kept.
    await db.plays.update(first.sid, { status: "running", output_data: null, ended_at: null });
    await engine.start();
    const play = await api.plays.wait(first.sid, { timeoutMs: 30_000 });
    expect(play).toMatchObject({ status: "completed", run_count: 2 });
    const run2 = await api.plays.spans(first.sid, { runNo: 2 });
    expect(run2.filter((s) => s.name === "shout").every((s) => s.replayed)).toBe(true);
    expect((await api.plays.runs(first.sid)).map((r) => r.ended_by)).toEqual([
      "completed",
      "completed",
    ]);
  });

  it("closes the open spans of a run cut off mid-way and records it as interrupted", async () => {
    const { api, db, engine } = testEngine();
    await api.workflows.save({ name: "shouter", source: FLOW });
    const first = await api.plays.wait((await api.plays.start("shouter")).sid, {
      timeoutMs: 30_000,
    });
    // As if the tab closed mid-run: no run record, the root span still open.
    await db.runs.delete([first.sid, 1]);
    const root = (await api.plays.spans(first.sid)).find((s) => s.kind === "flow_root")!;
    await db.batches.put({
      play_sid: first.sid,
      run_no: 1,
      batch_no: 99,
      spans: [{ ...root, status: "running", ended_at: null }],
    });
    await db.plays.update(first.sid, { status: "running", output_data: null, ended_at: null });
    await engine.start();
    await api.plays.wait(first.sid, { timeoutMs: 30_000 });
    const run1 = await api.plays.spans(first.sid, { runNo: 1 });
    expect(run1.find((s) => s.kind === "flow_root")?.status).toBe("cancelled");
    expect((await api.plays.runs(first.sid)).map((r) => r.ended_by)).toEqual([
      "interrupted",
      "completed",
    ]);
  });

  it("installs the example flows once", async () => {
    const { api, engine } = testEngine();
    await engine.start();
    const names = (await api.workflows.list()).map((w) => w.name);
    expect(names).toContain("hello_steps");
    await api.workflows.delete("hello_steps");
    await engine.start();
    expect((await api.workflows.list()).map((w) => w.name)).not.toContain("hello_steps");
  });
});
