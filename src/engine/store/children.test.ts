import { describe, expect, it } from "vitest";
import { nodePyodide } from "../../test-support/node-python";
import { testEngine } from "../../test-support/test-engine";

const CHILD = `
from hero_logic import flow, Failed

@flow(inputs=[{"name": "n", "field_type": "int", "default": 1}])
def main(n=1):
    if n < 0:
        raise Failed("negative")
    return {"square": flow.step(lambda: n * n, name="square")}
`;

async function effects(): Promise<string[]> {
  const py = await nodePyodide();
  const out = py.runPython(
    "import builtins, json\njson.dumps(builtins.__dict__.pop('CHILD_EFFECTS', []))",
  );
  return JSON.parse(out as string);
}

async function setup(parentSource: string) {
  const env = testEngine();
  await env.api.workflows.save({ name: "child", source: CHILD });
  await env.api.workflows.save({ name: "parent", source: parentSource });
  return env;
}

async function runParent(env: Awaited<ReturnType<typeof setup>>, inputs = {}) {
  const started = await env.api.plays.start("parent", inputs);
  return env.api.plays.wait(started.sid, { timeoutMs: 30_000 });
}

describe("flow.invoke in-process", () => {
  it("runs the other workflow's entry as a step with its spans nested under the caller", async () => {
    const env = await setup(`
from hero_logic import flow
@flow
def main():
    return flow.invoke("child", n=3)
`);
    const play = await runParent(env);
    expect(play).toMatchObject({ status: "completed", output_data: { square: 9 } });
    const spans = await env.api.plays.spans(play.sid);
    const invoked = spans.find((s) => s.name === "child")!;
    expect(invoked).toMatchObject({ kind: "step", input: { n: 3 } });
    expect(spans.find((s) => s.name === "square")!.parent_sid).toBe(invoked.sid);
    expect(await env.api.plays.list({ status: "completed" })).toHaveLength(1);
  });

  it("fails clearly for an unknown workflow or wrong inputs", async () => {
    const env = await setup(`
from hero_logic import flow
@flow
def main(which: str = "nope"):
    return flow.invoke(which, n="x")
`);
    expect((await runParent(env)).error?.message).toBe(
      "Failed: no workflow named 'nope' in the library",
    );
    const wrong = await runParent(env, { which: "child" });
    expect(wrong.error?.message).toBe(
      "Failed: invalid inputs for 'child': n: expected a whole number",
    );
  });
});

describe("child plays", () => {
  it("spawns a child play, waits without a worker, and returns the child's output", async () => {
    const env = await setup(`
from hero_logic import flow
@flow
def main():
    return flow.invoke("child", spawn=True, n=4)
`);
    const play = await runParent(env);
    expect(play).toMatchObject({ status: "completed", output_data: { square: 16 }, run_count: 2 });
    const [child] = await env.api.plays.list({ workflow: "child" });
    expect(child).toMatchObject({
      status: "completed",
      parent_play_sid: play.sid,
      input_data: { n: 4 },
    });
    const run1 = await env.api.plays.spans(play.sid, { runNo: 1 });
    const spawn = run1.find((s) => s.kind === "subflow" && s.name === "child")!;
    expect(spawn).toMatchObject({ child_play_sid: child!.sid, output: child!.sid });
    expect(child!.parent_span_sid).toBe(spawn.sid);
    expect(run1.find((s) => s.name === "wait child")).toMatchObject({
      status: "paused",
      child_play_sid: child!.sid,
    });
    const run2 = await env.api.plays.spans(play.sid);
    expect(run2.find((s) => s.name === "child")).toMatchObject({
      replayed: true,
      child_play_sid: child!.sid,
    });
    expect(run2.find((s) => s.name === "wait child")).toMatchObject({
      status: "ok",
      output: { square: 16 },
    });
    expect((await env.api.plays.runs(play.sid)).map((r) => r.ended_by)).toEqual([
      "waiting",
      "completed",
    ]);
  });

  it("raises Failed in the parent when the child fails", async () => {
    const env = await setup(`
from hero_logic import flow
@flow
def main():
    return flow.invoke("child", spawn=True, n=-1)
`);
    const play = await runParent(env);
    expect(play.status).toBe("failed");
    expect(play.error?.message).toMatch(
      /^Failed: child play \w+ \(child\) failed: Failed: negative$/,
    );
  });

  it("fans out 20 children in parallel and wakes the parent once, not twenty times", async () => {
    const env = await setup(`
from hero_logic import flow
@flow
def main(count: int = 20):
    sids = [flow.run_async("child", n=k) for k in range(count)]
    return {"squares": [flow.wait(s)["square"] for s in sids]}
`);
    const play = await runParent(env);
    expect(play.status).toBe("completed");
    expect(play.output_data).toEqual({ squares: Array.from({ length: 20 }, (_, k) => k * k) });
    expect(play.run_count).toBe(2);
    const children = await env.api.plays.list({ workflow: "child" });
    expect(children).toHaveLength(20);
    expect(children.every((c) => c.parent_play_sid === play.sid && c.status === "completed")).toBe(
      true,
    );
  });

  it("fails a play that spawns children without end once it reaches the cap", async () => {
    const env = testEngine({ maxChildren: 5 });
    await env.api.workflows.save({ name: "child", source: CHILD });
    await env.api.workflows.save({
      name: "parent",
      source: `
from hero_logic import flow
@flow
def main():
    while True:
        flow.run_async("child", n=1)
`,
    });
    const play = await runParent(env);
    expect(play.status).toBe("failed");
    expect(play.error?.message).toBe(
      "Failed: flow.run_async('child'): this play has already started 5 child plays, " +
        "the most it may start (maxChildren: 5)",
    );
    expect(await env.api.plays.list({ workflow: "child" })).toHaveLength(5);
  });

  it("fails a chain of child plays that start themselves without end at a depth limit", async () => {
    const env = testEngine();
    await env.api.workflows.save({
      name: "parent",
      source: `
from hero_logic import flow
@flow
def main(n: int = 0):
    return flow.wait(flow.run_async("parent", n=n + 1))
`,
    });
    const play = await runParent(env);
    expect(play.status).toBe("failed");
    // The deepest play could not start a child; each play above it fails with its child.
    const all = await env.api.plays.list({ workflow: "parent" });
    expect(all).toHaveLength(33);
    const deepest = all.find((p) => p.input_data.n === 32);
    expect(deepest?.error?.message).toBe(
      "Failed: flow.run_async('parent'): this play is 32 child plays deep, the deepest there " +
        "may be (a flow that starts itself without end?)",
    );
    expect(all.every((p) => p.status === "failed")).toBe(true);
  }, 120_000);

  it("counts the children of earlier runs against the cap", async () => {
    const env = testEngine({ maxChildren: 3 });
    await env.api.workflows.save({ name: "child", source: CHILD });
    await env.api.workflows.save({
      name: "parent",
      source: `
from hero_logic import flow
@flow
def main():
    first = [flow.run_async("child", n=k) for k in range(2)]
    [flow.wait(s) for s in first]
    second = [flow.run_async("child", n=k) for k in range(2, 4)]
    return [flow.wait(s) for s in second]
`,
    });
    const play = await runParent(env);
    expect(play.status).toBe("failed");
    expect(play.error?.message).toContain("already started 3 child plays");
    expect(await env.api.plays.list({ workflow: "child" })).toHaveLength(3);
  });

  it("starts a child at most once when the parent is replayed", async () => {
    const env = await setup(`
from hero_logic import flow
@flow
def main():
    sid = flow.run_async("child", n=2)
    flow.pause("go")
    return flow.wait(sid)
`);
    const paused = await runParent(env);
    expect(paused.status).toBe("paused");
    await env.api.plays.resume(paused.sid, {});
    const done = await env.api.plays.wait(paused.sid, { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: "completed", output_data: { square: 4 } });
    expect(await env.api.plays.list({ workflow: "child" })).toHaveLength(1);
  });

  it("answers a child's pauses with prefill", async () => {
    const env = testEngine();
    await env.api.workflows.save({
      name: "asker",
      source: `
from hero_logic import flow
@flow
def main():
    return flow.pause("approve", fields=[{"name": "ok", "field_type": "bool"}])
`,
    });
    await env.api.workflows.save({
      name: "parent",
      source: `
from hero_logic import flow
@flow
def main():
    return flow.invoke("asker", spawn=True, prefill={"approve": {"ok": True}})
`,
    });
    const play = await env.api.plays.wait((await env.api.plays.start("parent")).sid, {
      timeoutMs: 30_000,
    });
    expect(play).toMatchObject({ status: "completed", output_data: { ok: true } });
    const [child] = await env.api.plays.list({ workflow: "asker" });
    expect(child).toMatchObject({ prefill_only: true, status: "completed" });
  });
});

describe("instrument", () => {
  it("records public method calls as rpc spans and replays them on resume", async () => {
    const env = testEngine();
    await env.api.workflows.save({
      name: "svc",
      source: `
import builtins
from hero_logic import flow, instrument

class Service:
    greeting = "hi"
    def shout(self, word, times=1):
        builtins.__dict__.setdefault("CHILD_EFFECTS", []).append(word)
        return (word.upper() + "!") * times
    def _secret(self):
        return "plain"

@flow
def main():
    svc = instrument(Service(), name="svc")
    loud = svc.shout("hey", times=2)
    flow.pause("go")
    return {"loud": loud, "greeting": svc.greeting, "secret": svc._secret()}
`,
    });
    await effects();
    const paused = await env.api.plays.wait((await env.api.plays.start("svc")).sid, {
      timeoutMs: 30_000,
    });
    const [rpc] = (await env.api.plays.spans(paused.sid)).filter((s) => s.kind === "rpc");
    expect(rpc).toMatchObject({
      name: "svc.shout",
      input: { word: "hey", times: 2 },
      output: "HEY!HEY!",
      status: "ok",
    });
    await env.api.plays.resume(paused.sid, {});
    const done = await env.api.plays.wait(paused.sid, { timeoutMs: 30_000 });
    expect(done.output_data).toEqual({ loud: "HEY!HEY!", greeting: "hi", secret: "plain" });
    expect(await effects()).toEqual(["hey"]);
    const again = (await env.api.plays.spans(paused.sid)).filter((s) => s.kind === "rpc");
    expect(again.map((s) => [s.name, s.replayed])).toEqual([["svc.shout", true]]);
  });
});

describe("cancel", () => {
  /** A parent waiting on a spawned child that is parked at a pause. */
  async function parentWaitingOnPausedChild() {
    const env = testEngine();
    await env.api.workflows.save({
      name: "asker",
      source: "from hero_logic import flow\n@flow\ndef main():\n    return flow.pause('approve')\n",
    });
    await env.api.workflows.save({
      name: "parent",
      source:
        "from hero_logic import flow\n@flow\ndef main():\n    return flow.invoke('asker', spawn=True)\n",
    });
    const parent = await env.api.plays.start("parent");
    const waiting = await env.api.plays.wait(parent.sid, { timeoutMs: 30_000, until: ["waiting"] });
    const child = waiting.waiting_on[0]!;
    expect((await env.api.plays.wait(child, { timeoutMs: 30_000 })).status).toBe("paused");
    return { env, parent: parent.sid, child };
  }

  it("cancels a waiting parent together with its unfinished children", async () => {
    const { env, parent, child } = await parentWaitingOnPausedChild();
    const cancelled = await env.api.plays.cancel(parent);
    expect(cancelled).toMatchObject({ status: "cancelled" });
    expect((await env.api.plays.get(child)).status).toBe("cancelled");
    // A finished play stays as it is.
    expect((await env.api.plays.cancel(parent)).status).toBe("cancelled");
  });

  it("wakes a waiting parent when its child is cancelled, so the parent fails clearly", async () => {
    const { env, parent, child } = await parentWaitingOnPausedChild();
    await env.api.plays.cancel(child);
    const failed = await env.api.plays.wait(parent, { timeoutMs: 30_000 });
    expect(failed.status).toBe("failed");
    expect(failed.error?.message).toContain("cancelled");
  });
});

describe("start-up", () => {
  it("wakes a waiting parent whose children all finished while no tab was open", async () => {
    const env = await setup(`
from hero_logic import flow
@flow
def main():
    return flow.invoke("child", spawn=True, n=5)
`);
    const play = await runParent(env);
    expect(play.status).toBe("completed");
    // Rewind the parent to "waiting", as if the tab closed before the child woke it.
    await env.db.plays.update(play.sid, {
      status: "waiting",
      waiting_on: (await env.api.plays.list({ workflow: "child" })).map((c) => c.sid),
      output_data: null,
    });
    await env.engine.start();
    const again = await env.api.plays.wait(play.sid, { timeoutMs: 30_000, until: ["completed"] });
    expect(again).toMatchObject({ output_data: { square: 25 }, run_count: 3 });
  });
});

describe("replay identity of sub-flows", () => {
  const kid = (k: number) => `
from hero_logic import flow
@flow
def main(k: int = ${k}):
    return {"k": k}
`;
  const PARENT = `
from hero_logic import flow
@flow
def main():
    sid = flow.run_async("kid")
    flow.pause("go")
    return flow.wait(sid)
`;

  async function pausedParent() {
    const env = testEngine();
    await env.api.workflows.save({ name: "kid", source: kid(1) });
    await env.api.workflows.save({ name: "parent", source: PARENT });
    const paused = await runParent(env);
    expect(paused.status).toBe("paused");
    await env.api.workflows.save({ name: "kid", source: kid(2) });
    return { env, paused };
  }

  it("a parent resumed after its child's flow was edited replays that child and starts no other", async () => {
    const { env, paused } = await pausedParent();
    await env.api.plays.resume(paused.sid, {});
    const done = await env.api.plays.wait(paused.sid, { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: "completed", output_data: { k: 1 } });
    expect(await env.api.plays.list({ workflow: "kid" })).toHaveLength(1);
  });

  it("a parent recovered after a cut-off run (no journal) starts no second child either", async () => {
    const { env, paused } = await pausedParent();
    // As if the tab closed in the middle of run 1: still running, the run never recorded.
    await env.db.runs.delete([paused.sid, 1]);
    await env.db.plays.update(paused.sid, { status: "running", pending_pause: null });
    await env.engine.start();
    const again = await env.api.plays.wait(paused.sid, { timeoutMs: 30_000, until: ["paused"] });
    expect(again.run_count).toBe(2);
    const [child, ...more] = await env.api.plays.list({ workflow: "kid" });
    expect(more).toEqual([]);
    await env.api.plays.resume(paused.sid, {});
    const done = await env.api.plays.wait(paused.sid, { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: "completed", output_data: child!.output_data });
  });

  const sub = (version: string, pauseInside: boolean) => `
from hero_logic import flow
@flow
def main():
    step = flow.step(lambda: "computed by ${version}", name="compute")
    ${pauseInside ? 'flow.pause("inside")' : "pass"}
    return {"body": "${version}", "step": step}
`;

  for (const [where, caller, pauseInside] of [
    ["after the invoke", "out = flow.invoke('sub')\n    flow.pause('go')\n    return out", false],
    ["inside the invoked flow", "return flow.invoke('sub')", true],
  ] as const) {
    it(`executes an in-process flow edited while the play paused ${where} afresh`, async () => {
      const env = testEngine();
      await env.api.workflows.save({ name: "sub", source: sub("v1", pauseInside) });
      const source = `from hero_logic import flow\n@flow\ndef main():\n    ${caller}\n`;
      await env.api.workflows.save({ name: "parent", source });
      const paused = await runParent(env);
      expect(paused.status).toBe("paused");
      await env.api.workflows.save({ name: "sub", source: sub("v2", pauseInside) });
      await env.api.plays.resume(paused.sid, {});
      const done = await env.api.plays.wait(paused.sid, { timeoutMs: 30_000 });
      expect(done).toMatchObject({
        status: "completed",
        output_data: { body: "v2", step: "computed by v2" },
      });
    });
  }

  it("a wait raises in later runs what it raised the first time, though the child completed since", async () => {
    const env = testEngine();
    await env.api.workflows.save({
      name: "asker",
      source: `
from hero_logic import flow
@flow
def main():
    a = flow.pause("first", fields=[{"name": "v", "field_type": "int"}])
    b = flow.pause("second", fields=[{"name": "v", "field_type": "int"}])
    return a["v"] + b["v"]
`,
    });
    await env.api.workflows.save({
      name: "parent",
      source: `
from hero_logic import flow, Failed
def record(seen):
    return seen
@flow
def main():
    sid = flow.run_async("asker", prefill={"first": {"v": 1}})
    try:
        seen = flow.wait(sid)
    except Failed as e:
        seen = "failed"
    flow.step(record, seen)
    flow.pause("go")
    return seen
`,
    });
    const paused = await runParent(env);
    expect(paused.status).toBe("paused");
    const [child] = await env.api.plays.list({ workflow: "asker" });
    expect(child).toMatchObject({ status: "failed", pending_pause: { key: "second" } });
    // Someone answers the child on its own page; it completes.
    await env.api.plays.resume(child!.sid, { v: 2 });
    expect(await env.api.plays.wait(child!.sid, { timeoutMs: 30_000 })).toMatchObject({
      status: "completed",
      output_data: 3,
    });
    await env.api.plays.resume(paused.sid, {});
    const done = await env.api.plays.wait(paused.sid, { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: "completed", output_data: "failed" });
  });
});
