import { describe, expect, it } from "vitest";
import { rejection, testEngine } from "../test-support/test-engine";

const FLOW = `
import builtins
from hero_logic import flow, Failed

def effect(tag):
    builtins.__dict__.setdefault("ENGINE_EFFECTS", []).append(tag)
    return tag

@flow
def draft(topic):
    return effect("draft " + topic)

@flow
def main(topic="x"):
    text = draft(topic)
    with flow.span("review"):
        answer = flow.pause("approve", prompt="Approve?", fields=[
            {"name": "ok", "field_type": "bool"},
            {"name": "tone", "field_type": "choice", "options": ["plain", "formal"]}])
    if not answer["ok"]:
        raise Failed("rejected")
    return {"text": text, "tone": answer["tone"]}
`;

async function pausedPlay() {
  const setup = testEngine();
  await setup.api.workflows.save({ name: "review", source: FLOW });
  const started = await setup.api.plays.start("review");
  const play = await setup.api.plays.wait(started.sid, { timeoutMs: 30_000 });
  return { ...setup, play };
}

describe("pause and resume", () => {
  it("parks the play with its pending pause, then resumes it with replay to completion", async () => {
    const { api, db, play } = await pausedPlay();
    expect(play).toMatchObject({
      status: "paused",
      run_count: 1,
      pending_pause: { name: "approve", key: "approve", prompt: "Approve?" },
    });
    expect(play.pending_pause?.fields.map((f) => f.name)).toEqual(["ok", "tone"]);

    const resumed = await api.plays.resume(play.sid, { ok: true, tone: "formal" });
    expect(resumed).toMatchObject({ status: "pending", pending_pause: null });
    const done = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(done).toMatchObject({
      status: "completed",
      run_count: 2,
      output_data: { text: "draft x", tone: "formal" },
    });

    const run1 = await api.plays.spans(play.sid, { runNo: 1 });
    const run2 = await api.plays.spans(play.sid);
    const draft1 = run1.find((s) => s.name === "draft")!;
    const draft2 = run2.find((s) => s.name === "draft")!;
    expect(draft1.replayed).toBe(false);
    expect(draft2).toMatchObject({
      replayed: true,
      output: "draft x",
      replayed_from_run: 1,
      replayed_from_span: draft1.sid,
    });
    expect(run2.find((s) => s.name === "approve")).toMatchObject({
      status: "ok",
      output: { ok: true, tone: "formal" },
    });
    const runs = await db.runs.toArray();
    expect(runs.map((r) => [r.run_no, r.ended_by, r.pause_key])).toEqual([
      [1, "paused", "approve"],
      [2, "completed", null],
    ]);
  });

  it("rejects a bad answer naming each field, and leaves the play paused and unchanged", async () => {
    const { api, db, play } = await pausedPlay();
    const stored = async () => [await db.batches.count(), await db.answers.count()];
    const before = await stored();
    const error = await rejection(
      api.plays.resume(play.sid, { ok: "yes", tone: "loud", extra: 1 }),
    );
    expect(error.code).toBe("invalid_input");
    expect(error.fields).toEqual({
      ok: "expected true or false",
      tone: "expected one of plain, formal",
      extra: "unknown field",
    });
    expect(error.message).toContain("ok: expected true or false");
    expect(await api.plays.get(play.sid)).toEqual(play);
    expect(await stored()).toEqual(before);
  });

  it("refuses to resume a play that is not paused", async () => {
    const { api, play } = await pausedPlay();
    await api.plays.resume(play.sid, { ok: false, tone: "plain" });
    const failed = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(failed.status).toBe("failed");
    expect(failed.error?.message).toBe("Failed: rejected");
    expect((await rejection(api.plays.resume(play.sid, { ok: true, tone: "plain" }))).code).toBe(
      "not_paused",
    );
    expect((await rejection(api.plays.resume("nope", {}))).code).toBe("not_found");
  });

  it("runs steps fresh after the flow was edited, while the answer still reaches its pause", async () => {
    const { api, play } = await pausedPlay();
    const edited = await api.workflows.save({ name: "review", source: `${FLOW}\n# edited\n` });
    await api.plays.resume(play.sid, { ok: true, tone: "plain" });
    const done = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: "completed", version_sid: edited.current_version_sid });
    const run2 = await api.plays.spans(play.sid);
    expect(run2.find((s) => s.name === "draft")).toMatchObject({ replayed: false });
    expect(run2.every((s) => s.version_sid === edited.current_version_sid)).toBe(true);
    const run1 = await api.plays.spans(play.sid, { runNo: 1 });
    expect(run1.every((s) => s.version_sid === play.version_sid)).toBe(true);
  });
});

describe("replay identity", () => {
  it("fails a resumed play whose code outside steps asks for other steps, naming the step", async () => {
    const source = `
import random
from hero_logic import flow
def fetch(n):
    return n
@flow
def main():
    flow.step(fetch, random.random())
    flow.pause("go")
    return "done"
`;
    const { api } = testEngine();
    await api.workflows.save({ name: "shaky", source });
    const started = await api.plays.start("shaky");
    expect((await api.plays.wait(started.sid, { timeoutMs: 30_000 })).status).toBe("paused");
    await api.plays.resume(started.sid, {});
    const failed = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(failed.status).toBe("failed");
    expect(failed.error?.message).toContain("replay diverged at step 'fetch'");
  });
});

describe("prefill", () => {
  it("answers pauses by name without parking and marks the play prefill_only", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "review", source: FLOW });
    const started = await api.plays.start(
      "review",
      {},
      { prefill: { approve: { ok: true, tone: "plain" } } },
    );
    expect(started).toMatchObject({
      prefill_only: true,
      prefill_resumes: { approve: { ok: true, tone: "plain" } },
    });
    const done = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(done).toMatchObject({
      status: "completed",
      run_count: 1,
      output_data: { tone: "plain" },
    });
  });

  it("fails an unanswered pause of a prefill-only play, naming the pause", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "review", source: FLOW });
    const started = await api.plays.start("review", {}, { prefill: { other: {} } });
    const done = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(done.status).toBe("failed");
    expect(done.error?.message).toContain("pause 'approve' has no prefilled answer");
  });

  it("keeps the unanswered pause on a failed prefill-only play; answering it clears prefill_only", async () => {
    const source = `
from hero_logic import flow
@flow
def main():
    a = flow.pause("first", fields=[{"name": "v", "field_type": "int"}])
    b = flow.pause("second", fields=[{"name": "v", "field_type": "int"}])
    c = flow.pause("third", fields=[{"name": "v", "field_type": "int"}])
    return a["v"] + b["v"] + c["v"]
`;
    const { api } = testEngine();
    await api.workflows.save({ name: "three", source });
    const started = await api.plays.start("three", {}, { prefill: { first: { v: 1 } } });
    const failed = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(failed).toMatchObject({
      status: "failed",
      prefill_only: true,
      pending_pause: { key: "second" },
    });
    expect(failed.error?.message).toContain("pause 'second' has no prefilled answer");
    expect(failed.error?.traceback).toContain("\nFailed: pause 'second'");
    expect(failed.error?.traceback).not.toContain("hero_logic");

    await api.plays.resume(started.sid, { v: 2 });
    const paused = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(paused).toMatchObject({
      status: "paused",
      prefill_only: false,
      error: null,
      pending_pause: { key: "third" },
    });
    await api.plays.resume(started.sid, { v: 3 });
    const done = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: "completed", output_data: 6, run_count: 3 });
  });

  it("rejects a prefill that is not a map of objects", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "review", source: FLOW });
    const error = await rejection(
      api.plays.start("review", {}, { prefill: { approve: true } as never }),
    );
    expect(error.code).toBe("invalid_input");
    expect(await api.plays.list()).toEqual([]);
  });

  it("refuses an answer meant for another pause than the one the play waits at, changing nothing", async () => {
    const { api, db, play } = await pausedPlay();
    const stale = await rejection(
      api.plays.resume(play.sid, { ok: true, tone: "plain" }, { pause: "approve#1" }),
    );
    expect(stale.code).toBe("not_paused");
    expect(stale.message).toContain("it waits at 'approve'");
    expect(await api.plays.get(play.sid)).toMatchObject({ status: "paused" });
    expect(await db.answers.count()).toBe(0);
    const wrong = await rejection(api.plays.resume(play.sid, { ok: true }, { pause: 7 } as never));
    expect(wrong.code).toBe("invalid_input");
    const typo = await rejection(api.plays.resume(play.sid, { ok: true }, { pase: "x" } as never));
    expect(typo.code).toBe("invalid_input");

    await api.plays.resume(play.sid, { ok: true, tone: "plain" }, { pause: "approve" });
    const done = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(done.status).toBe("completed");
  });

  it("deleting a flow cancels its paused play, which stays readable and cannot be resumed", async () => {
    const { api, play } = await pausedPlay();
    await api.workflows.delete("review");
    expect(await api.plays.get(play.sid)).toMatchObject({
      status: "cancelled",
      pending_pause: null,
    });
    expect((await api.plays.spans(play.sid)).length).toBeGreaterThan(0);
    expect((await rejection(api.plays.resume(play.sid, { ok: true, tone: "plain" }))).code).toBe(
      "not_paused",
    );
  });

  it("a queued play whose flow is gone fails saying so, instead of staying pending", async () => {
    const { api, db, play } = await pausedPlay();
    // The flow's record gone under a paused play (deleted in another tab as this one resumes).
    await db.workflows.delete(play.workflow_sid);
    await api.plays.resume(play.sid, { ok: true, tone: "plain" });
    const failed = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed.error?.message).toContain("no longer exists");
  });
});
