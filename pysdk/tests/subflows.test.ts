import { describe, expect, it } from "vitest";
import { nodePyodide, nodePython } from "../../src/test-support/node-python";
import type { ChildState, LibraryEntry } from "../../src/wire/records";
import { byName, type RunResult, runFlow } from "./run";

/** A library entry for `source` saved as version `versionSid`, read the way the app reads it. */
async function saved(versionSid: string, source: string): Promise<LibraryEntry> {
  const analyzed = (await nodePython()).analyze(source);
  if (!analyzed.ok) throw new Error(analyzed.message);
  return { version_sid: versionSid, source, entry: analyzed.entry, inputs: analyzed.inputs };
}

/** The step cache of `runs` together, with the answers to pauses given as `answers`. */
function cacheOf(runs: RunResult[], answers: Record<string, unknown> = {}) {
  const cache: Record<string, string> = {};
  for (const run of runs) Object.assign(cache, run.cache);
  for (const [key, payload] of Object.entries(answers)) {
    cache[`pause:${key}`] = JSON.stringify(payload);
  }
  return cache;
}

const kid = (k: number) => `
from hero_logic import flow
@flow
def main(k: int = ${k}):
    return {"k": k}
`;

const SPAWNING = `
from hero_logic import flow
@flow
def main():
    sid = flow.run_async("kid")
    flow.step(lambda: "long", name="long")
    flow.pause("go")
    return flow.wait(sid)
`;

describe("child plays keep their identity across an edit of the child's flow", () => {
  it("a replayed parent asks for the same child, not one with the edited flow's defaults", async () => {
    const first = await runFlow(SPAWNING, { library: { kid: await saved("k1", kid(1)) } });
    expect(first.outcome.status).toBe("paused");
    expect(first.spawns.map((s) => s.request.inputs)).toEqual([{ k: 1 }]);
    const sid = first.spawns[0]!.request.sid;
    const edited = { kid: await saved("k2", kid(2)) };
    // Resumed after the edit (the journal of run 1 is checked), and recovered after a cut-off
    // run (no journal): both replay the spawn and start nothing.
    for (const expected of [first.outcome.journal, ""]) {
      const again = await runFlow(SPAWNING, {
        library: edited,
        step_cache: cacheOf([first], { go: {} }),
        expected,
      });
      expect(again.outcome).toEqual(expect.objectContaining({ status: "waiting" }));
      expect(again.outcome).toMatchObject({ waiting_on: [sid] });
      expect(again.spawns).toEqual([]);
      expect(byName(again.spans, "kid")[0]).toMatchObject({ replayed: true, output: sid });
    }
  });

  it("starts a child whose flow is unknown or whose inputs are wrong as a failed step", async () => {
    const source = `
from hero_logic import flow
@flow
def main(which: str = "nope"):
    return flow.run_async(which, k="x")
`;
    const library = { kid: await saved("k1", kid(1)) };
    const unknown = await runFlow(source, { library });
    expect(unknown.outcome).toMatchObject({
      status: "failed",
      error: { message: "Failed: no workflow named 'nope' in the library" },
    });
    const wrong = await runFlow(source, { library, inputs: { which: "kid" } });
    expect(wrong.outcome).toMatchObject({
      status: "failed",
      error: { message: "Failed: invalid inputs for 'kid': k: expected a whole number" },
    });
    expect(byName(wrong.spans, "kid")[0]).toMatchObject({ kind: "subflow", status: "failed" });
    expect(wrong.spawns).toEqual([]);
  });
});

const sub = (version: string, pauseInside: boolean) => `
from hero_logic import flow
@flow
def main():
    step = flow.step(lambda: "computed by ${version}", name="compute")
    ${pauseInside ? 'flow.pause("inside")' : "pass"}
    return {"body": "${version}", "step": step}
`;

describe("an in-process flow edited while the play that invokes it is paused", () => {
  it("executes afresh under the new version when the pause follows the invoke", async () => {
    const caller = `
from hero_logic import flow
@flow
def main():
    out = flow.invoke("sub")
    flow.pause("go")
    return {"out": out, "after": flow.step(lambda: out["step"], name="after")}
`;
    const first = await runFlow(caller, { library: { sub: await saved("s1", sub("v1", false)) } });
    expect(first.outcome.status).toBe("paused");
    const again = await runFlow(caller, {
      library: { sub: await saved("s2", sub("v2", false)) },
      step_cache: cacheOf([first], { go: {} }),
      expected: first.outcome.journal,
    });
    const v2 = { body: "v2", step: "computed by v2" };
    expect(again.outcome).toMatchObject({
      status: "completed",
      output: { out: v2, after: "computed by v2" },
    });
    // Unchanged, it replays: the check still holds the caller to its steps.
    const third = await runFlow(caller, {
      library: { sub: await saved("s2", sub("v2", false)) },
      step_cache: cacheOf([first, again], { go: {} }),
      expected: again.outcome.journal,
    });
    expect(third.outcome).toMatchObject({ status: "completed", output: { out: v2 } });
    expect(byName(third.spans, "sub")[0]).toMatchObject({ replayed: true });
  });

  it("executes the steps inside it afresh when the pause is inside it, and the answer still applies", async () => {
    const caller = `
from hero_logic import flow
@flow
def main():
    return flow.invoke("sub")
`;
    const first = await runFlow(caller, { library: { sub: await saved("s1", sub("v1", true)) } });
    expect(first.outcome).toMatchObject({ status: "paused", pause: { key: "inside" } });
    const again = await runFlow(caller, {
      library: { sub: await saved("s2", sub("v2", true)) },
      step_cache: cacheOf([first], { inside: {} }),
      expected: first.outcome.journal,
    });
    expect(again.outcome).toMatchObject({
      status: "completed",
      output: { body: "v2", step: "computed by v2" },
    });
    expect(byName(again.spans, "compute")[0]).toMatchObject({ replayed: false });
  });

  it("still fails a caller whose own code asks for another flow than the run before", async () => {
    const caller = `
import os
from hero_logic import flow
@flow
def main():
    out = flow.invoke("sub", n=os.urandom(8).hex())
    flow.pause("go")
    return out
`;
    const taking = `
from hero_logic import flow
@flow
def main(n: str = ""):
    return n
`;
    const library = { sub: await saved("s1", taking) };
    const first = await runFlow(caller, { library });
    const again = await runFlow(caller, {
      library,
      step_cache: cacheOf([first], { go: {} }),
      expected: first.outcome.journal,
    });
    expect(again.outcome).toMatchObject({ status: "failed" });
    if (again.outcome.status !== "failed") return;
    expect(again.outcome.error.message).toContain("replay diverged at step 'sub'");
  });
});

describe("flow.wait", () => {
  const WAITING = `
from hero_logic import flow, Failed
@flow
def main():
    sid = flow.run_async("kid")
    try:
        seen = flow.wait(sid)
    except Failed as e:
        seen = "failed: " + str(e)
    flow.step(lambda: seen, name="record")
    flow.pause("go")
    return seen
`;

  it("returns or raises in every later run what it returned or raised the first time", async () => {
    const library = { kid: await saved("k1", kid(1)) };
    const first = await runFlow(WAITING, { library });
    expect(first.outcome.status).toBe("waiting");
    const sid = first.spawns[0]!.request.sid;
    const error = { type: "Failed", message: "Failed: no answer", traceback: "" };
    const failed: Record<string, ChildState> = {
      [sid]: { workflow: "kid", status: "failed", output_json: "null", error },
    };
    const second = await runFlow(WAITING, {
      library,
      children: failed,
      step_cache: cacheOf([first]),
      expected: first.outcome.journal,
    });
    expect(second.outcome).toMatchObject({ status: "paused", pause: { key: "go" } });
    expect(byName(second.spans, `wait kid`)[0]).toMatchObject({ status: "failed" });
    // The child was answered on its own page and completed since.
    const completed: Record<string, ChildState> = {
      [sid]: { workflow: "kid", status: "completed", output_json: '{"k": 1}', error: null },
    };
    for (const children of [completed, {}]) {
      const third = await runFlow(WAITING, {
        library,
        children,
        step_cache: cacheOf([first, second], { go: {} }),
        expected: second.outcome.journal,
      });
      expect(third.outcome).toMatchObject({
        status: "completed",
        output: `failed: child play ${sid} (kid) failed: Failed: no answer`,
      });
      expect(byName(third.spans, "wait kid")[0]).toMatchObject({ status: "failed" });
    }
  });

  it("replays what a completed child returned, whatever the child's record says later", async () => {
    const library = { kid: await saved("k1", kid(1)) };
    const first = await runFlow(WAITING, { library });
    const sid = first.spawns[0]!.request.sid;
    const done: Record<string, ChildState> = {
      [sid]: { workflow: "kid", status: "completed", output_json: '{"k": 1}', error: null },
    };
    const second = await runFlow(WAITING, {
      library,
      children: done,
      step_cache: cacheOf([first]),
      expected: first.outcome.journal,
    });
    expect(second.outcome.status).toBe("paused");
    const third = await runFlow(WAITING, {
      library,
      children: {},
      step_cache: cacheOf([first, second], { go: {} }),
      expected: second.outcome.journal,
    });
    expect(third.outcome).toMatchObject({ status: "completed", output: { k: 1 } });
    expect(byName(third.spans, "wait kid")[0]).toMatchObject({
      replayed: true,
      output: { k: 1 },
      child_play_sid: sid,
    });
  });
});

describe("plays an earlier build of the SDK started", () => {
  /** The key an earlier build gave a step: its inputs with the defaults filled in. */
  async function earlierKey(path: string, name: string, salt: string, kwargs: object) {
    await nodePython(); // the SDK installed
    const py = await nodePyodide();
    const code = `
import json
from hero_logic._steps import step_key
from hero_logic._jsonvalue import canonical_arguments
step_key("v1", ${JSON.stringify(path)}, ${JSON.stringify(name)}, 0,
         ${JSON.stringify(salt)} + canonical_arguments((), json.loads(${JSON.stringify(JSON.stringify(kwargs))})))
`;
    return py.runPython(code) as string;
  }

  it("go on with the child that build started", async () => {
    const key = await earlierKey("main#0", "kid", "|[]|", { k: 1 });
    const again = await runFlow(SPAWNING, {
      library: { kid: await saved("k1", kid(1)) },
      step_cache: { [key]: JSON.stringify("oldchild"), "pause:go": "{}" },
    });
    expect(again.outcome).toMatchObject({ status: "waiting", waiting_on: ["oldchild"] });
    expect(again.spawns).toEqual([]);
  });

  const caller = `
from hero_logic import flow
@flow
def main():
    out = flow.invoke("sub")
    flow.pause("go")
    return out
`;
  const taking = (pauseInside: boolean) => `
from hero_logic import flow
@flow
def main(n: int = 1):
    step = flow.step(lambda: "computed now", name="compute")
    ${pauseInside ? 'flow.pause("inside")' : "pass"}
    return {"n": n, "step": step}
`;

  it("replay an in-process flow that finished under that build", async () => {
    const key = await earlierKey("main#0", "sub", "s1", { n: 1 });
    const again = await runFlow(caller, {
      library: { sub: await saved("s1", taking(false)) },
      step_cache: { [key]: JSON.stringify({ n: 1, step: "computed then" }), "pause:go": "{}" },
    });
    expect(again.outcome).toMatchObject({
      status: "completed",
      output: { n: 1, step: "computed then" },
    });
  });

  it("replay the steps inside an in-process flow paused under that build", async () => {
    const key = await earlierKey("main#0", "sub", "s1", { n: 1 });
    const inner = await earlierKey("main#0/sub#0", "compute", "", {});
    const again = await runFlow(caller.replace('flow.pause("go")', "pass"), {
      library: { sub: await saved("s1", taking(true)) },
      step_cache: { [inner]: JSON.stringify("computed then"), "pause:inside": "{}" },
      expected: JSON.stringify([[["sub", 1]], [key]]),
    });
    expect(again.outcome).toMatchObject({
      status: "completed",
      output: { n: 1, step: "computed then" },
    });
  });
});

describe("flow.invoke holds a flow's inputs to the engine's field rules", () => {
  const typed = `
from hero_logic import flow
@flow
def main(k: int = 1):
    return {"k": k, "type": type(k).__name__}
`;
  const caller = (k: string) => `
from hero_logic import flow
@flow
def main():
    return flow.invoke("typed", k=${k})
`;

  it("gives an int field's flow an int for a whole float, as a play started from the page gets", async () => {
    const library = { typed: await saved("t1", typed) };
    const { outcome } = await runFlow(caller("2.0"), { library });
    expect(outcome).toMatchObject({ status: "completed", output: { k: 2, type: "int" } });
  });

  it("hands an integer past 2^53 over exactly: flows pass values to each other as text", async () => {
    const library = { typed: await saved("t1", typed) };
    const { outcome } = await runFlow(caller("2**53 + 1"), { library });
    expect(outcome).toMatchObject({ status: "completed" });
    // As Python wrote it: a JavaScript number could not tell 2^53 + 1 from 2^53.
    expect(outcome.status === "completed" && outcome.output_json).toBe(
      '{"k":9007199254740993,"type":"int"}',
    );
  });
});
