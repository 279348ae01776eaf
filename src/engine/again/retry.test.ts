import { describe, expect, it } from "vitest";
import type { Play } from "../../db/records";
import { rejection, testEngine } from "../../test-support/test-engine";
import { appendSpans } from "../store/spans";

type Env = ReturnType<typeof testEngine>;

/** Three steps returning tokens no execution can repeat; the last one as `last` says. */
const threeSteps = (last: string) => `
import os
from hero_logic import flow

def token(name):
    return name + ":" + os.urandom(8).hex()

@flow
def main(topic: str = "ducks"):
    a = flow.step(token, "a", name="a")
    b = flow.step(token, "b", name="b")
    c = flow.step(${last}, "c", name="c")
    return {"a": a, "b": b, "c": c}
`;
const BROKEN = threeSteps("lambda name: 1 / 0");
const FIXED = threeSteps("token");

const settle = (env: Env, sid: string) => env.api.plays.wait(sid, { timeoutMs: 30_000 });

async function failedPlay(env: Env): Promise<Play> {
  await env.api.workflows.save({ name: "tokens", source: BROKEN });
  const play = await settle(env, (await env.api.plays.start("tokens")).sid);
  expect(play.status).toBe("failed");
  return play;
}

/** The output of each step of a run, by step name. */
async function outputsOf(env: Env, sid: string, runNo?: number) {
  const spans = await env.api.plays.spans(sid, runNo ? { runNo } : {});
  return Object.fromEntries(
    spans.filter((s) => s.kind === "step").map((s) => [s.name, { out: s.output, re: s.replayed }]),
  );
}

describe("plays.retry", () => {
  it("runs a failed play again under the flow's edited version: finished steps replay, the failed one executes", async () => {
    const env = testEngine();
    const failed = await failedPlay(env);
    const before = await outputsOf(env, failed.sid);
    expect(before.c).toMatchObject({ out: null, re: false });
    await env.api.workflows.save({ name: "tokens", source: FIXED });

    const retried = await env.api.plays.retry(failed.sid);
    expect(retried).toMatchObject({ status: "pending", error: null, ended_at: null, run_count: 1 });
    const done = await settle(env, failed.sid);
    expect(done).toMatchObject({ status: "completed", run_count: 2, error: null });
    const current = (await env.api.workflows.get("tokens"))!.current_version_sid;
    expect(done.version_sid).toBe(current);

    const after = await outputsOf(env, failed.sid);
    expect(after.a).toEqual({ out: before.a!.out, re: true });
    expect(after.b).toEqual({ out: before.b!.out, re: true });
    expect(after.c!.re).toBe(false);
    expect(after.c!.out).toMatch(/^c:[0-9a-f]{16}$/);
    expect(done.output_data).toEqual({ a: before.a!.out, b: before.b!.out, c: after.c!.out });
    // The failed run stays as it was.
    const runs = await env.api.plays.runs(failed.sid);
    expect(runs.map((r) => r.ended_by)).toEqual(["failed", "completed"]);
    expect(await outputsOf(env, failed.sid, 1)).toEqual(before);
    // A retried play exports and imports like any other (as a read-only record).
    const other = testEngine();
    await other.api.importBundle(await env.api.exportBundle({ plays: [failed.sid] }));
    expect(await outputsOf(other, failed.sid)).toEqual(after);
  });

  it("a fork of a play retried after an edit replays what the retry replayed", async () => {
    const env = testEngine();
    const failed = await failedPlay(env);
    await env.api.workflows.save({ name: "tokens", source: FIXED });
    await env.api.plays.retry(failed.sid);
    const done = await settle(env, failed.sid);
    const steps = await env.api.plays.spans(failed.sid, { runNo: 2 });
    const c = steps.find((span) => span.name === "c")!;
    const fork = await settle(env, (await env.api.plays.fork(failed.sid, { fromSpan: c.sid })).sid);
    const out = done.output_data as Record<string, string>;
    const forked = fork.output_data as Record<string, string>;
    expect(fork.status).toBe("completed");
    expect([forked.a, forked.b]).toEqual([out.a, out.b]);
    expect(forked.c).not.toBe(out.c);
  });

  it("runs a failed play again under the same version, executing only what did not finish", async () => {
    const env = testEngine();
    // Fails the first time it executes in this interpreter, then works.
    await env.api.workflows.save({
      name: "flaky",
      source: `
import builtins, os
from hero_logic import flow

def token(name):
    return name + ":" + os.urandom(8).hex()

def once_broken(name):
    tag = "FLAKY_" + os.environ.get("X", "") + name
    if not builtins.__dict__.get(tag):
        builtins.__dict__[tag] = True
        raise RuntimeError("flaky")
    return token(name)

@flow
def main():
    return [
        flow.step(token, "a", name="a"),
        flow.step(once_broken, "b", name="b"),
        flow.step(token, "c", name="c"),
    ]
`,
    });
    const play = await settle(env, (await env.api.plays.start("flaky")).sid);
    expect(play.status).toBe("failed");
    const before = await outputsOf(env, play.sid);
    await env.api.plays.retry(play.sid);
    const done = await settle(env, play.sid);
    expect(done).toMatchObject({ status: "completed", run_count: 2 });
    expect(done.version_sid).toBe(play.version_sid);
    const after = await outputsOf(env, play.sid);
    expect(after.a).toEqual({ out: before.a!.out, re: true });
    expect(after.b!.re).toBe(false);
    expect(after.c!.re).toBe(false);
  });

  it("runs a play cancelled at a pause again: it parks at the same pause, its steps replayed", async () => {
    const env = testEngine();
    await env.api.workflows.save({
      name: "ask",
      source: `
import os
from hero_logic import flow

@flow
def main():
    t = flow.step(lambda: os.urandom(8).hex(), name="t")
    answer = flow.pause("approve", fields=[{"name": "ok", "field_type": "bool"}])
    return {"t": t, "ok": answer["ok"]}
`,
    });
    const play = await settle(env, (await env.api.plays.start("ask")).sid);
    expect(play.status).toBe("paused");
    await env.api.plays.cancel(play.sid);
    await env.api.plays.retry(play.sid);
    const parked = await settle(env, play.sid);
    expect(parked).toMatchObject({
      status: "paused",
      run_count: 2,
      pending_pause: { key: "approve" },
    });
    await env.api.plays.resume(play.sid, { ok: true });
    const done = await settle(env, play.sid);
    const first = (await outputsOf(env, play.sid, 1)).t!.out;
    expect(done).toMatchObject({ status: "completed", output_data: { t: first, ok: true } });
  });

  it("records the end of a cancelled run that has none (its tab closed while the cancel stopped it) before the retry runs", async () => {
    const env = testEngine();
    await env.api.workflows.save({
      name: "ask",
      source: `
import os
from hero_logic import flow

@flow
def main():
    flow.step(lambda: os.urandom(8).hex(), name="t")
    return flow.pause("approve", fields=[{"name": "ok", "field_type": "bool"}])
`,
    });
    const play = await settle(env, (await env.api.plays.start("ask")).sid);
    await env.api.plays.cancel(play.sid);
    // As a tab leaves it that closed mid-run: a span still open, no record of the run's end.
    const [, step] = await env.api.plays.spans(play.sid);
    const run = { playSid: play.sid, runNo: 1, versionSid: play.version_sid };
    const open = { ...step!, sid: "inflight", status: "running" as const, ended_at: null };
    await appendSpans(env.db, run, 99, [open]);
    await env.db.runs.delete([play.sid, 1]);

    await env.api.plays.retry(play.sid);
    expect((await settle(env, play.sid)).status).toBe("paused");
    const runs = await env.api.plays.runs(play.sid);
    expect(runs.map((r) => [r.run_no, r.ended_by])).toEqual([
      [1, "cancelled"],
      [2, "paused"],
    ]);
    const inflight = (await env.api.plays.spans(play.sid, { runNo: 1 })).find(
      (s) => s.sid === "inflight",
    );
    expect(inflight).toMatchObject({
      status: "cancelled",
      error: { type: "Interrupted", message: "the play was cancelled while this span ran" },
    });
  });

  it("refuses a play that has not ended, or completed, and changes nothing", async () => {
    const env = testEngine();
    await env.api.workflows.save({
      name: "ask",
      source: `
from hero_logic import flow

@flow
def main():
    return flow.pause("approve", fields=[{"name": "ok", "field_type": "bool"}])
`,
    });
    // Pending, running or paused by the time the retry reads it: refused each way.
    const started = await env.api.plays.start("ask");
    expect((await rejection(env.api.plays.retry(started.sid))).code).toBe("not_retryable");
    const paused = await settle(env, started.sid);
    expect(paused.status).toBe("paused");
    const refused = await rejection(env.api.plays.retry(paused.sid));
    expect(refused.code).toBe("not_retryable");
    expect(refused.message).toBe(
      `play ${paused.sid} is paused: only a failed or cancelled play can be retried (it has not ended; cancel it first to retry it)`,
    );
    expect(await env.api.plays.get(paused.sid)).toEqual(paused);

    await env.api.plays.resume(paused.sid, { ok: true });
    const completed = await settle(env, paused.sid);
    expect(completed.status).toBe("completed");
    const done = await rejection(env.api.plays.retry(completed.sid));
    expect(done.code).toBe("not_retryable");
    expect(done.message).toContain("is completed");
    expect(done.message).toContain("Run it again");
    expect(await env.api.plays.get(completed.sid)).toEqual(completed);

    expect((await rejection(env.api.plays.retry("nosuchpl"))).code).toBe("not_found");
    expect((await rejection(env.api.plays.retry(42 as never))).code).toBe("invalid_input");
  });

  it("refuses a play whose flow was deleted, saying so", async () => {
    const env = testEngine();
    const failed = await failedPlay(env);
    await env.api.workflows.delete("tokens");
    const refused = await rejection(env.api.plays.retry(failed.sid));
    expect(refused.code).toBe("not_retryable");
    expect(refused.message).toContain("its flow was deleted");
    expect(await env.api.plays.get(failed.sid)).toEqual(failed);
  });

  it("refuses an imported play (a read-only record)", async () => {
    const env = testEngine();
    const failed = await failedPlay(env);
    const bundle = await env.api.exportBundle({ plays: [failed.sid] });
    const other = testEngine();
    await other.api.importBundle(bundle);
    expect((await rejection(other.api.plays.retry(failed.sid))).code).toBe("read_only");
  });

  it("makes one new run of two retries at once; the second is refused", async () => {
    const env = testEngine();
    const failed = await failedPlay(env);
    await env.api.workflows.save({ name: "tokens", source: FIXED });
    const results = await Promise.allSettled([
      env.api.plays.retry(failed.sid),
      env.api.plays.retry(failed.sid),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason.code).toBe("not_retryable");
    const done = await settle(env, failed.sid);
    await env.engine.idle();
    expect(done).toMatchObject({ status: "completed", run_count: 2 });
    expect((await env.api.plays.get(failed.sid)).run_count).toBe(2);
    expect(await env.api.plays.runs(failed.sid)).toHaveLength(2);
  });

  it("keeps a retry and a delete of the same play apart: whichever comes first wins whole", async () => {
    const env = testEngine();
    const failed = await failedPlay(env);
    const [retry, removal] = await Promise.allSettled([
      env.api.plays.retry(failed.sid),
      env.api.plays.delete(failed.sid),
    ]);
    if (retry.status === "fulfilled") {
      expect(removal.status).toBe("rejected");
      expect((await settle(env, failed.sid)).run_count).toBe(2);
    } else {
      expect(removal.status).toBe("fulfilled");
      expect(retry.reason.code).toBe("not_found");
      expect(await env.api.plays.list()).toEqual([]);
    }
  });
});

const KID = (broken: boolean) => `
import os
from hero_logic import flow

@flow
def main(mode: str = "ok"):
    ${broken ? 'if mode == "fail":\n        raise RuntimeError("broken child")' : "pass"}
    flow.pause("go", fields=[{"name": "ok", "field_type": "bool"}])
    return {"mode": mode, "token": os.urandom(8).hex()}
`;

describe("plays.retry of a child play", () => {
  it("wakes the parent that waits for it when it finishes", async () => {
    const env = testEngine();
    await env.api.workflows.save({ name: "kid", source: KID(true) });
    await env.api.workflows.save({
      name: "parent",
      source: `
from hero_logic import flow

@flow
def main():
    a = flow.run_async("kid", mode="fail")
    b = flow.run_async("kid", mode="ok")
    return [flow.wait(a), flow.wait(b)]
`,
    });
    const parent = await env.api.plays.start("parent");
    await env.api.plays.wait(parent.sid, { until: ["waiting"], timeoutMs: 30_000 });
    const [b, a] = await env.api.plays.list({ parent: parent.sid });
    expect((await settle(env, a!.sid)).status).toBe("failed");
    expect((await settle(env, b!.sid)).status).toBe("paused");
    expect((await env.api.plays.get(parent.sid)).status).toBe("waiting");
    expect((await rejection(env.api.plays.retry(parent.sid))).code).toBe("not_retryable");

    await env.api.workflows.save({ name: "kid", source: KID(false) });
    await env.api.plays.retry(a!.sid);
    expect((await settle(env, a!.sid)).status).toBe("paused");
    // The other child ends first: the parent still waits for the retried one.
    await env.api.plays.resume(b!.sid, { ok: true });
    expect((await settle(env, b!.sid)).status).toBe("completed");
    await env.engine.idle();
    expect((await env.api.plays.get(parent.sid)).status).toBe("waiting");

    await env.api.plays.resume(a!.sid, { ok: true });
    const done = await settle(env, parent.sid);
    expect(done.status).toBe("completed");
    expect(done.output_data).toEqual([
      (await env.api.plays.get(a!.sid)).output_data,
      (await env.api.plays.get(b!.sid)).output_data,
    ]);
    expect((await env.api.plays.get(a!.sid)).output_data).toMatchObject({ mode: "fail" });
  });

  it("leaves a parent that failed with its child failed; retried after the child, the parent's wait looks again", async () => {
    const env = testEngine();
    const kid = (broken: boolean) => `
import os
from hero_logic import flow

@flow
def main():
    ${broken ? 'raise RuntimeError("broken child")' : "return os.urandom(8).hex()"}
`;
    await env.api.workflows.save({ name: "kid", source: kid(true) });
    await env.api.workflows.save({
      name: "parent",
      source: `
import os
from hero_logic import flow

@flow
def main():
    before = flow.step(lambda: os.urandom(8).hex(), name="before")
    return {"before": before, "kid": flow.invoke("kid", spawn=True)}
`,
    });
    const parent = await settle(env, (await env.api.plays.start("parent")).sid);
    expect(parent.status).toBe("failed");
    expect(parent.error?.message).toContain("broken child");
    const [child] = await env.api.plays.list({ parent: parent.sid });

    await env.api.workflows.save({ name: "kid", source: kid(false) });
    await env.api.plays.retry(child!.sid);
    const fixed = await settle(env, child!.sid);
    expect(fixed.status).toBe("completed");
    await env.engine.idle();
    // A retried child does not retry the parent that gave up on it.
    expect((await env.api.plays.get(parent.sid)).status).toBe("failed");

    await env.api.plays.retry(parent.sid);
    const done = await settle(env, parent.sid);
    const before = (await outputsOf(env, parent.sid, 1)).before!.out;
    expect(done).toMatchObject({
      status: "completed",
      output_data: { before, kid: fixed.output_data },
    });
    // The same child, not a second one.
    expect(await env.api.plays.list({ parent: parent.sid })).toHaveLength(1);
  });
});
