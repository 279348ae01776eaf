import { describe, expect, it } from "vitest";
import { testEngine } from "../test-support/test-engine";

/** What the child returns: nothing here survives a trip through JavaScript's numbers and objects. */
const KID = `
from hero_logic import flow

@flow
def main():
    big = flow.step(lambda: 2**53 + 1, name="big")
    return {"b": 1, "2": "two", "big": big, "f": 1.0, "negz": -0.0, "s": "a\\ud800b"}
`;
const KID_TEXT = '{"b":1,"2":"two","big":9007199254740993,"f":1.0,"negz":-0.0,"s":"a\ud800b"}';
const KID_REPR =
  "{'b': 1, '2': 'two', 'big': 9007199254740993, 'f': 1.0, 'negz': -0.0, 's': 'a\\ud800b'}";

async function setup(parentSource: string) {
  const env = testEngine();
  await env.api.workflows.save({ name: "kid", source: KID });
  await env.api.workflows.save({ name: "parent", source: parentSource });
  const started = await env.api.plays.start("parent");
  const parent = await env.api.plays.wait(started.sid, { timeoutMs: 30_000 });
  const [kid] = await env.api.plays.list({ workflow: "kid" });
  return { ...env, parent, kid: kid! };
}

describe("values that cross JavaScript", () => {
  it("a child's output reaches the parent's spawn exactly as the child returned it", async () => {
    const { parent } = await setup(`
from hero_logic import flow

@flow
def main():
    return repr(flow.invoke("kid", spawn=True))
`);
    expect(parent).toMatchObject({ status: "completed", output_data: KID_REPR });
  });

  it("a child's output reaches the parent's flow.wait exactly", async () => {
    const { parent } = await setup(`
from hero_logic import flow

@flow
def main():
    sids = [flow.run_async("kid") for _ in range(2)]
    return [repr(flow.wait(sid)) for sid in sids]
`);
    expect(parent).toMatchObject({ status: "completed", output_data: [KID_REPR, KID_REPR] });
  });

  it("a child gets the inputs its parent gave exactly", async () => {
    const { api } = testEngine();
    const echo = `
from hero_logic import flow

@flow
def main(n: int = 0, x: float = 0.0, s: str = ""):
    return repr([n, x, s])
`;
    await api.workflows.save({ name: "echo", source: echo });
    const parent = `
from hero_logic import flow

@flow
def main():
    return flow.invoke("echo", spawn=True, n=2**53 + 1, x=1.0, s="a\\udc00")
`;
    await api.workflows.save({ name: "parent", source: parent });
    const started = await api.plays.start("parent");
    expect(await api.plays.wait(started.sid, { timeoutMs: 30_000 })).toMatchObject({
      status: "completed",
      output_data: "[9007199254740993, 1.0, 'a\\udc00']",
    });
    const [child] = await api.plays.list({ workflow: "echo" });
    expect(child).toMatchObject({ input_json: '{"n":9007199254740993,"x":1.0,"s":"a\udc00"}' });
  });

  it("a child gets the prefill its parent gave exactly", async () => {
    const { api } = testEngine();
    const asker = `
from hero_logic import flow

@flow
def main():
    answer = flow.pause("p", fields=[{"name": "n", "field_type": "int"}])
    return repr(answer["n"])
`;
    await api.workflows.save({ name: "asker", source: asker });
    const parent = `
from hero_logic import flow

@flow
def main():
    return flow.invoke("asker", spawn=True, prefill={"p": {"n": 2**53 + 1}})
`;
    await api.workflows.save({ name: "parent", source: parent });
    const started = await api.plays.start("parent");
    expect(await api.plays.wait(started.sid, { timeoutMs: 30_000 })).toMatchObject({
      status: "completed",
      output_data: "9007199254740993",
    });
  });

  it("stores a play's output as the text Python wrote, beside the decoded value", async () => {
    const { kid } = await setup(`
from hero_logic import flow

@flow
def main():
    return flow.invoke("kid", spawn=True)
`);
    expect(kid).toMatchObject({ status: "completed", output_json: KID_TEXT });
    expect(kid.output_data).toEqual(JSON.parse(KID_TEXT));
  });

  it("exports play outputs and step outputs as their exact texts, and imports them again", async () => {
    const { api, parent, kid } = await setup(`
from hero_logic import flow

@flow
def main():
    return flow.invoke("kid", spawn=True)
`);
    const bundle = await api.exportBundle({ plays: [parent.sid] });
    const exported = bundle.plays.find((p) => p.sid === kid.sid);
    expect(exported?.output_json).toBe(KID_TEXT);
    const steps = bundle.outputs.filter((o) => o.play_sid === kid.sid).flatMap((o) => o.entries);
    expect(steps.map((e) => e.output)).toEqual(["9007199254740993"]);

    const other = testEngine();
    await other.api.importBundle(JSON.stringify(bundle));
    expect(await other.api.plays.get(kid.sid)).toMatchObject({ output_json: KID_TEXT });
    const again = await other.api.exportBundle({ plays: [parent.sid] });
    const steps2 = again.outputs.filter((o) => o.play_sid === kid.sid).flatMap((o) => o.entries);
    expect(steps2.map((e) => e.output)).toEqual(["9007199254740993"]);

    // A bundle made before the texts existed still imports; a text that is not JSON does not.
    const older = structuredClone(bundle);
    for (const play of older.plays) delete play.output_json;
    for (const batch of older.batches) for (const span of batch.spans) delete span.output_json;
    const third = testEngine();
    await third.api.importBundle(older);
    expect(await third.api.plays.get(kid.sid)).toMatchObject({ output_data: { big: 2 ** 53 } });
    const damaged = structuredClone(bundle);
    damaged.plays.find((p) => p.sid === kid.sid)!.output_json = "{";
    await expect(testEngine().api.importBundle(damaged)).rejects.toThrow(/not JSON text/);
  });

  it("shows a span's output and input exactly, replayed or not", async () => {
    const { api, kid, parent } = await setup(`
from hero_logic import flow

@flow
def main():
    out = flow.step(lambda x: x, flow.invoke("kid", spawn=True), name="echo")
    flow.pause("look", fields=[{"name": "ok", "field_type": "bool"}])
    return out
`);
    const [big] = (await api.plays.spans(kid.sid)).filter((s) => s.name === "big");
    expect(big).toMatchObject({ output: 2 ** 53, output_json: "9007199254740993" });
    // Run 2 (after the child finished) executes the wait and \`echo\`; run 3 replays them.
    expect(parent.status).toBe("paused");
    const ran = await api.plays.spans(parent.sid, { runNo: 2 });
    const echo = ran.find((s) => s.name === "echo")!;
    expect(echo).toMatchObject({ input_json: `{"x":${KID_TEXT}}`, output_json: KID_TEXT });
    expect(ran.find((s) => s.name === "wait kid")).toMatchObject({ output_json: KID_TEXT });
    await api.plays.resume(parent.sid, { ok: true });
    expect(await api.plays.wait(parent.sid, { timeoutMs: 30_000 })).toMatchObject({
      status: "completed",
      output_json: KID_TEXT,
    });
    const replayed = (await api.plays.spans(parent.sid, { runNo: 3 })).find(
      (s) => s.name === "echo",
    );
    expect(replayed).toMatchObject({
      replayed: true,
      input_json: `{"x":${KID_TEXT}}`,
      output_json: KID_TEXT,
    });
  });
});
