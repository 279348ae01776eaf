import { describe, expect, it } from "vitest";
import { rejection, testEngine } from "../../test-support/test-engine";

// A constant step, a token no two executions share, a pause (so a later run replays), and an
// output that only Python can tell apart from another (1.0, an integer beyond 2^53).
const FLOW = `import os
from hero_logic import flow

@flow
def main(n: int = 1):
    fixed = flow.step(lambda: {"n": n, "exact": 2**53 + 1, "float": 1.0}, name="fixed")
    token = flow.step(lambda: os.urandom(8).hex(), name="token")
    answer = flow.pause("approve", prompt="Go on?", fields=[{"name": "ok", "field_type": "bool"}])
    return {"fixed": fixed, "token": token, "ok": answer["ok"]}
`;

async function setUp() {
  const env = testEngine();
  await env.api.workflows.save({ name: "tokens", source: FLOW });
  const run = async (inputs: Record<string, unknown>, ok: boolean | null) => {
    const { sid } = await env.api.plays.start("tokens", inputs);
    await env.api.plays.wait(sid, { timeoutMs: 60_000 });
    if (ok !== null) {
      await env.api.plays.resume(sid, { ok });
      await env.api.plays.wait(sid, { timeoutMs: 60_000 });
    }
    return sid;
  };
  return { ...env, run };
}

const changes = (diff: { spans: { path: string; change: string }[] }) =>
  diff.spans.map((s) => `${s.path} ${s.change}`);

describe("plays.diff", () => {
  it("aligns the latest runs, replayed steps with the values they replayed", async () => {
    const { api, run } = await setUp();
    const a = await run({}, true); // run 2 replays fixed and token
    const b = await run({}, false); // a new token; another answer
    const diff = await api.plays.diff(a, b);
    expect(changes(diff)).toEqual([
      "main#0 changed",
      "main#0/fixed#0 same",
      "main#0/token#0 changed",
      "main#0/approve#0 changed",
    ]);
    const token = diff.spans[2]!;
    expect(token.a).toMatchObject({ replayed: true, run_no: 2, status: "ok" });
    expect(token.a?.output).toMatch(/^[0-9a-f]{16}$/);
    expect(token.b?.output).not.toBe(token.a?.output);
    expect(diff.status).toEqual({ a: "completed", b: "completed", change: "same" });
    expect(diff.inputs).toEqual({ a: { n: 1 }, b: { n: 1 }, change: "same" });
    expect(diff.output.change).toBe("changed");
    expect(diff.error).toEqual({ a: null, b: null, change: "same" });
    // The exact texts travel beside the decoded values.
    expect(diff.output.a_json).toContain('"exact":9007199254740993');
    expect(diff.output.a_json).toContain('"float":1.0');
  });

  it("marks inputs, a paused play's missing output and its unreached steps", async () => {
    const { api, run } = await setUp();
    const a = await run({ n: 1 }, true);
    const b = await run({ n: 2 }, null); // parked at the pause: run 1 only
    const diff = await api.plays.diff(a, b);
    expect(diff.inputs).toMatchObject({ a: { n: 1 }, b: { n: 2 }, change: "changed" });
    expect(diff.status).toEqual({ a: "completed", b: "paused", change: "changed" });
    expect(diff.output).toMatchObject({ b: null, change: "changed" });
    expect(changes(diff)).toEqual([
      "main#0 changed",
      "main#0/fixed#0 changed",
      "main#0/token#0 changed",
      "main#0/approve#0 changed",
    ]);
    expect(diff.spans[3]).toMatchObject({ a: { status: "ok" }, b: { status: "paused" } });
  });

  it("aligns plays of different versions, inside an in-process flow.invoke too", async () => {
    const { api } = testEngine();
    const child = (body: string) => `from hero_logic import flow

@flow
def main(n: int = 1):
    flow.step(lambda: n, name="echo")
    return flow.step(lambda: ${body}, name="work")
`;
    const parent = `from hero_logic import flow

@flow
def main():
    return flow.invoke("child", n=3)
`;
    await api.workflows.save({ name: "child", source: child("n * n") });
    await api.workflows.save({ name: "parent", source: parent });
    const play = async () => {
      const { sid } = await api.plays.start("parent");
      await api.plays.wait(sid, { timeoutMs: 60_000 });
      return sid;
    };
    const a = await play();
    await api.workflows.save({ name: "child", source: child("n + n") });
    const b = await play();
    expect(changes(await api.plays.diff(a, b))).toEqual([
      "main#0 changed",
      "main#0/child#0 changed",
      "main#0/child#0/echo#0 same",
      "main#0/child#0/work#0 changed",
    ]);
  });

  it("compares imported plays, read-only records, as it compares plays run here", async () => {
    const { api, run } = await setUp();
    const a = await run({}, true);
    const b = await run({}, false);
    const here = await api.plays.diff(a, b);
    const other = testEngine();
    await other.api.importBundle(await api.exportBundle({ plays: [a, b] }));
    expect(await other.api.plays.diff(a, b)).toEqual(here);
  });

  it("finds a play the same as itself, and refuses unknown sids", async () => {
    const { api, run } = await setUp();
    const a = await run({}, true);
    const self = await api.plays.diff(a, a);
    expect(self.spans.every((s) => s.change === "same")).toBe(true);
    expect([self.status, self.inputs, self.output].map((d) => d.change)).toEqual([
      "same",
      "same",
      "same",
    ]);
    const missing = await rejection(api.plays.diff(a, "nosuchplay"));
    expect([missing.code, missing.message]).toEqual(["not_found", "no play 'nosuchplay'"]);
    expect((await rejection(api.plays.diff("gone", a))).code).toBe("not_found");
    expect((await rejection(api.plays.diff(a, 7 as never))).code).toBe("invalid_input");
  });
});
