import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PythonWorkerApi, SpanBatchSink } from "../../../worker/api";
import type { Span } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { nodePyodide, nodeWorkerApi } from "../../test-support/node-python";
import { testEngine } from "../../test-support/test-engine";

const FLOW = `
import builtins
from hero_logic import flow

def effect(tag):
    builtins.__dict__.setdefault("SPAN_LOG_EFFECTS", []).append(tag)
    return tag

@flow
def draft(topic):
    return effect("draft " + topic)

@flow
def main(topic="x", n: int = 3):
    text = draft(topic)
    with flow.span("group"):
        parts = [flow.step(effect, f"part {i}") for i in range(n)]
    answer = flow.pause("approve", fields=[{"name": "ok", "field_type": "bool"}])
    return {"text": text, "parts": parts, "ok": answer["ok"]}
`;

/**
 * Node's Pyodide, but a run's batches reach the engine one at a time, each once the rows stored
 * before it are one more (in the browser a slow page stores each batch as it comes; in process the
 * whole run arrives at once and the engine stores it as one row).
 */
function batchByBatch(db: HeroDb): PythonWorkerApi {
  const base = nodeWorkerApi();
  return {
    ...base,
    async run(request, onBatch) {
      const sent: Parameters<SpanBatchSink>[] = [];
      const outcome = await base.run(request, (...batch) => sent.push(batch));
      for (const batch of sent) {
        const before = await db.batches.count();
        onBatch(...batch);
        while ((await db.batches.count()) === before) await new Promise((r) => setTimeout(r, 1));
      }
      return outcome;
    },
  };
}

async function takeEffects(): Promise<string[]> {
  const py = await nodePyodide();
  const taken = py.runPython(
    "import builtins, json\njson.dumps(builtins.__dict__.pop('SPAN_LOG_EFFECTS', []))",
  );
  return JSON.parse(taken as string);
}

/** What a person sees of a span, without its identity and times. */
const shown = (s: Span) => ({
  name: s.name,
  kind: s.kind,
  status: s.status,
  input: s.input,
  output: s.output,
  source: `${s.source_file}:${s.source_line}`,
  step_key: s.step_key,
});

describe("the span log", () => {
  it("shows every replayed span of a resumed play as its origin recorded it, with stable sids", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "logged", source: FLOW });
    const play = await api.plays.wait((await api.plays.start("logged")).sid, {
      timeoutMs: 30_000,
    });
    expect(play.status).toBe("paused");
    expect(await takeEffects()).toEqual(["draft x", "part 0", "part 1", "part 2"]);
    await api.plays.resume(play.sid, { ok: true });
    const done = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(done.output_data).toEqual({
      text: "draft x",
      parts: ["part 0", "part 1", "part 2"],
      ok: true,
    });
    expect(await takeEffects()).toEqual([]);

    const run1 = await api.plays.spans(play.sid, { runNo: 1 });
    const run2 = await api.plays.spans(play.sid);
    const steps1 = run1.filter((s) => s.kind === "step" && s.step_key?.length === 64);
    const steps2 = run2.filter((s) => s.replayed);
    expect(steps2.map(shown)).toEqual(steps1.map(shown));
    expect(steps2.map((s) => s.replayed_from_span)).toEqual(steps1.map((s) => s.sid));
    expect(steps2.every((s) => s.replayed_from_run === 1 && s.run_no === 2)).toBe(true);
    const group2 = run2.find((s) => s.name === "group")!;
    expect(steps2.slice(1).every((s) => s.parent_sid === group2.sid)).toBe(true);
    expect(run2.map((s) => s.seq)).toEqual(run2.map((_, i) => i));
    expect(new Set(run2.map((s) => s.sid)).size).toBe(run2.length);
    expect(new Set([...run1, ...run2].map((s) => s.sid)).size).toBe(run1.length + run2.length);
    // A deep link names a span by sid: the same span has the same sid on every read.
    expect((await api.plays.spans(play.sid)).map((s) => s.sid)).toEqual(run2.map((s) => s.sid));
  });

  it("expands a range whose outputs are not consecutive in the cache", async () => {
    const { api } = testEngine();
    const source = `
import builtins
from hero_logic import flow

def make(tag):
    return tag + "!"

@flow
def main():
    # Named apart, so that "c" keeps its key (its occurrence) when "b" is skipped.
    made = [flow.step(make, "a", name="a")]
    if not builtins.__dict__.get("SPAN_LOG_SKIP"):
        made.append(flow.step(make, "b", name="b"))
    made.append(flow.step(make, "c", name="c"))
    flow.pause("go")
    return made
`;
    await api.workflows.save({ name: "gapped", source });
    const play = await api.plays.wait((await api.plays.start("gapped")).sid, {
      timeoutMs: 30_000,
    });
    const py = await nodePyodide();
    py.runPython("import builtins; builtins.SPAN_LOG_SKIP = True");
    try {
      await api.plays.resume(play.sid, {});
      const done = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
      expect(done.output_data).toEqual(["a!", "c!"]);
    } finally {
      py.runPython("import builtins; del builtins.SPAN_LOG_SKIP");
    }
    const run1 = await api.plays.spans(play.sid, { runNo: 1 });
    const run2 = await api.plays.spans(play.sid);
    const replayed = run2.filter((s) => s.replayed);
    expect(replayed.map((s) => [s.input, s.output, s.seq])).toEqual([
      [{ tag: "a" }, "a!", 1],
      [{ tag: "c" }, "c!", 2],
    ]);
    const made = run1.filter((s) => s.kind === "step");
    expect(made.map((s) => s.name)).toEqual(["a", "b", "c", "go"]);
    expect(replayed.map((s) => [s.name, s.replayed_from_span])).toEqual([
      ["a", made[0]!.sid],
      ["c", made[2]!.sid],
    ]);
  });

  it("merges a run's output rows into one when it ends, keeping the cache's order", async () => {
    // Each batch is handed over once the one before is stored: each finished step a row of its own.
    const { api, db } = testEngine({ workerApi: (db) => batchByBatch(db) });
    const source = `
import time
from hero_logic import flow

def slow(tag):
    end = time.perf_counter() + 0.006
    while time.perf_counter() < end:
        pass
    return tag

@flow
def main():
    parts = [flow.step(slow, f"part {i}") for i in range(4)]
    flow.pause("go")
    return parts + [flow.step(slow, "last")]
`;
    await api.workflows.save({ name: "compacted", source });
    const play = await api.plays.wait((await api.plays.start("compacted")).sid, {
      timeoutMs: 30_000,
    });
    const batches = await db.batches.count();
    expect(batches).toBeGreaterThanOrEqual(4);
    // Merged a moment after the run ended (so that a resume at once need not wait for it).
    await expect.poll(() => db.outputs.count(), { timeout: 10_000 }).toBe(1);
    const rows = await db.outputs.toArray();
    expect(Object.values(JSON.parse(rows[0]!.log!))).toEqual([0, 1, 2, 3].map((i) => `part ${i}`));
    await api.plays.resume(play.sid, {});
    const done = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(done.output_data).toEqual(["part 0", "part 1", "part 2", "part 3", "last"]);
    const replayed = (await api.plays.spans(play.sid)).filter((s) => s.replayed);
    expect(replayed.map((s) => [s.input, s.output])).toEqual(
      [0, 1, 2, 3].map((i) => [{ tag: `part ${i}` }, `part ${i}`]),
    );
  });

  it("checks a third run against the second run's journal, whose steps name outputs of both runs", async () => {
    const { api } = testEngine();
    const source = `
import builtins
from hero_logic import flow

def make(tag):
    return tag

@flow
def main():
    flow.step(make, "a")
    flow.pause("first")
    # Code outside steps that changes between runs: the identity check must catch it.
    flow.step(make, builtins.__dict__.get("SPAN_LOG_NEXT", "b"))
    flow.pause("second")
    return "done"
`;
    await api.workflows.save({ name: "journaled", source });
    const play = await api.plays.wait((await api.plays.start("journaled")).sid, {
      timeoutMs: 30_000,
    });
    await api.plays.resume(play.sid, {});
    expect(await api.plays.wait(play.sid, { timeoutMs: 30_000 })).toMatchObject({
      status: "paused",
      pending_pause: { key: "second" },
    });
    const py = await nodePyodide();
    py.runPython("import builtins; builtins.SPAN_LOG_NEXT = 'c'");
    try {
      await api.plays.resume(play.sid, {});
      const failed = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
      expect(failed.status).toBe("failed");
      expect(failed.error?.message).toContain(
        "replay diverged at step 'make': the earlier run of this version made step 'make' here",
      );
    } finally {
      py.runPython("import builtins; del builtins.SPAN_LOG_NEXT");
    }
    const run3 = await api.plays.spans(play.sid);
    expect(run3.filter((s) => s.replayed).map((s) => s.output)).toEqual(["a"]);
  });

  it("reads and resumes a play stored in the previous layout (span records, output entries, a journal of pairs)", async () => {
    const { api, db } = testEngine();
    const workflow = await api.workflows.save({ name: "logged", source: FLOW });
    const version = workflow.current_version_sid;
    // The step key as the SDK makes it (pysdk/hero_logic/_steps.py): SHA-256 of version, span
    // path, name, occurrence, arguments.
    const keyOf = (path: string, name: string, index: number, args: string) =>
      createHash("sha256")
        .update([version, path, name, String(index), args].join("\x1f"))
        .digest("hex");
    const draftKey = keyOf("main#0", "draft", 0, '["x"]');
    const now = Date.now();
    const span = (sid: string, seq: number, fields: Partial<Span>): Span => ({
      sid,
      play_sid: "oldplay1",
      parent_sid: seq === 0 ? null : "root0001",
      seq,
      name: "",
      kind: "step",
      status: "ok",
      started_at: now + seq,
      ended_at: now + seq + 1,
      input: null,
      output: null,
      error: null,
      logs: "",
      source_file: "logged.py",
      source_line: 18,
      step_key: null,
      replayed: false,
      attributes: {},
      child_play_sid: null,
      run_no: 1,
      version_sid: version,
      replayed_from_run: null,
      replayed_from_span: null,
      ...fields,
    });
    const pause = {
      name: "approve",
      key: "approve",
      prompt: "",
      fields: [
        {
          name: "ok",
          field_type: "bool" as const,
          description: "",
          required: true,
          default: null,
          options: [],
        },
      ],
    };
    await db.plays.add({
      sid: "oldplay1",
      workflow_sid: workflow.sid,
      version_sid: version,
      pinned_version_sid: null,
      status: "paused",
      input_data: { topic: "x", n: 0 },
      output_data: null,
      error: null,
      prefill_resumes: {},
      prefill_only: false,
      pending_pause: pause,
      waiting_on: [],
      parent_play_sid: null,
      parent_span_sid: null,
      run_count: 1,
      timeout_ms: null,
      created_at: now,
      started_at: now,
      ended_at: null,
    });
    const oldSpans = [
      span("root0001", 0, { name: "main", kind: "flow_root", status: "paused", source_line: 17 }),
      span("draft001", 1, { name: "draft", input: ["x"], output: "draft x", step_key: draftKey }),
      span("group001", 2, { name: "group" }),
      span("appr0001", 3, { name: "approve", status: "paused", step_key: "pause:approve" }),
    ];
    await db.batches.put({ play_sid: "oldplay1", run_no: 1, batch_no: 1, spans: oldSpans });
    await db.outputs.put({
      play_sid: "oldplay1",
      run_no: 1,
      batch_no: 1,
      entries: [{ step_key: draftKey, output: '"draft x"', span_sid: "draft001" }],
    });
    await db.runs.put({
      play_sid: "oldplay1",
      run_no: 1,
      version_sid: version,
      started_at: now,
      ended_at: now + 5,
      ended_by: "paused",
      pause_key: "approve",
      journal: [["draft", draftKey]],
    });

    expect(await api.plays.spans("oldplay1")).toEqual(oldSpans);
    await api.plays.resume("oldplay1", { ok: true });
    const done = await api.plays.wait("oldplay1", { timeoutMs: 30_000 });
    expect(done).toMatchObject({
      status: "completed",
      output_data: { text: "draft x", parts: [], ok: true },
    });
    expect(await takeEffects()).toEqual([]);
    const draft = (await api.plays.spans("oldplay1")).find((s) => s.name === "draft");
    expect(draft).toMatchObject({
      replayed: true,
      input: ["x"],
      output: "draft x",
      source_line: 18,
      replayed_from_run: 1,
      replayed_from_span: "draft001",
    });
    expect(await api.plays.spans("oldplay1", { runNo: 1 })).toEqual(oldSpans);
  });
});
