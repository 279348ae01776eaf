import { describe, expect, it } from "vitest";
import { rejection, testEngine } from "../../test-support/test-engine";

const VALUE = 'sk-live-7Hq2"x/ü';
const MARK = "«secret:API_KEY»";

const FLOW = `import json
from hero_logic import flow, secret, Failed

@flow
def sign(key):
    print("signing with", key)
    return {"auth": f"Bearer {key}", "body": json.dumps({"key": key})}

@flow
def main(mode: str = "ok"):
    key = secret("API_KEY")
    print("the key is", key)
    signed = sign(key)
    flow.pause("approve", prompt="go on?", fields=[{"name": "ok", "field_type": "bool"}])
    if mode == "fail":
        raise Failed(f"the server refused {key}")
    return {"key": key, "signed": signed, "replayed_same": signed["auth"] == f"Bearer {key}"}
`;

/** Every row of every table the engine stores plays in, as one text. */
async function everythingStored(env: ReturnType<typeof testEngine>): Promise<string> {
  const { db } = env;
  const tables = [db.plays, db.batches, db.outputs, db.runs, db.answers, db.workflows, db.versions];
  const rows = await Promise.all(tables.map((table) => table.toArray()));
  return JSON.stringify(rows);
}

async function runToPause(mode: string) {
  const env = testEngine();
  await env.api.secrets.set("API_KEY", VALUE);
  await env.api.workflows.save({ name: "signer", source: FLOW });
  const started = await env.api.plays.start("signer", { mode });
  const paused = await env.api.plays.wait(started.sid, { timeoutMs: 60_000 });
  expect(paused.status).toBe("paused");
  await env.api.plays.resume(started.sid, { ok: true });
  const done = await env.api.plays.wait(started.sid, { timeoutMs: 60_000 });
  return { env, play: done };
}

/** Every record a person or a script can read of the play, as one text. */
async function everyRecord(env: ReturnType<typeof testEngine>, sid: string): Promise<string> {
  const { api } = env;
  const texts = await Promise.all([
    api.plays.get(sid),
    api.plays.spans(sid, { runNo: 1 }),
    api.plays.spans(sid),
    api.exportBundle(),
    api.exportTrace(sid, { format: "chrome" }),
    api.exportTrace(sid, { format: "otlp" }),
    everythingStored(env),
  ]);
  return JSON.stringify(texts);
}

describe("secrets in a run", () => {
  it("reach Python, and every stored record shows the mark instead of the value", async () => {
    const { env, play } = await runToPause("ok");
    expect(play.status).toBe("completed");
    // The step replayed on the resume got the value back, not the mark.
    expect(play.output_data).toMatchObject({ key: MARK, replayed_same: true });
    const records = await everyRecord(env, play.sid);
    for (const form of [VALUE, JSON.stringify(VALUE).slice(1, -1), "sk-live-7Hq2"]) {
      expect(records).not.toContain(form);
    }
    const spans = await env.api.plays.spans(play.sid, { runNo: 1 });
    const root = spans.find((s) => s.kind === "flow_root");
    expect(root?.logs).toContain(`the key is ${MARK}`);
    const sign = spans.find((s) => s.name === "sign");
    expect(sign?.logs).toContain(`signing with ${MARK}`);
    expect(sign?.output).toEqual({ auth: `Bearer ${MARK}`, body: `{"key": "${MARK}"}` });
    expect(JSON.stringify(sign?.input)).toContain(MARK);
  }, 120_000);

  it("redact a play's error and traceback", async () => {
    const { env, play } = await runToPause("fail");
    expect(play.status).toBe("failed");
    expect(play.error?.message).toContain(`the server refused ${MARK}`);
    expect(await everyRecord(env, play.sid)).not.toContain("sk-live-7Hq2");
  }, 120_000);

  it("fail the play naming a missing secret and where to set it", async () => {
    const env = testEngine();
    await env.api.workflows.save({ name: "signer", source: FLOW });
    const started = await env.api.plays.start("signer");
    const failed = await env.api.plays.wait(started.sid, { timeoutMs: 60_000 });
    expect(failed.status).toBe("failed");
    expect(failed.error?.type).toBe("SecretMissingError");
    expect(failed.error?.message).toContain("API_KEY");
    expect(failed.error?.message).toContain("Settings → Secrets");
  }, 120_000);
});

const KID = `from hero_logic import flow, secret

@flow
def main(key: str = ""):
    return {"echo": key, "matches": key == secret("API_KEY")}
`;

const PARENT = `from hero_logic import flow, secret

@flow
def main():
    key = secret("API_KEY")
    out = flow.wait(flow.run_async("kid", key=key))
    return {"child_got_value": out["matches"], "parent_got_value": out["echo"] == key}
`;

describe("secrets between a parent play and its child", () => {
  it("reach the child as its input and come back in its output, stored as marks", async () => {
    const env = testEngine();
    await env.api.secrets.set("API_KEY", VALUE);
    await env.api.workflows.save({ name: "kid", source: KID });
    await env.api.workflows.save({ name: "parent", source: PARENT });
    const started = await env.api.plays.start("parent");
    const done = await env.api.plays.wait(started.sid, { timeoutMs: 60_000 });
    expect(done.output_data).toEqual({ child_got_value: true, parent_got_value: true });
    const [child] = await env.api.plays.list({ parent: started.sid });
    expect(child?.input_data).toEqual({ key: MARK });
    expect(await everythingStored(env)).not.toContain("sk-live-7Hq2");
  }, 120_000);
});

describe("heroLogic.secrets", () => {
  it("sets, replaces, lists names only and deletes", async () => {
    const { api } = testEngine();
    await api.secrets.set("B_KEY", "one");
    await api.secrets.set("A_KEY", "two");
    await api.secrets.set("B_KEY", "three");
    const listed = await api.secrets.list();
    expect(listed.map((s) => s.name)).toEqual(["A_KEY", "B_KEY"]);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(["name", "updated_at"]);
    expect(JSON.stringify(listed)).not.toMatch(/one|two|three/);
    await api.secrets.delete("A_KEY");
    expect((await api.secrets.list()).map((s) => s.name)).toEqual(["B_KEY"]);
    expect((await rejection(api.secrets.delete("A_KEY"))).code).toBe("not_found");
  });

  it("refuses bad names and empty, long or non-text values, storing nothing", async () => {
    const { api } = testEngine();
    const bad: [unknown, unknown][] = [
      ["lower", "v"],
      ["1ST", "v"],
      ["HAS-DASH", "v"],
      ["", "v"],
      [`K${"X".repeat(64)}`, "v"],
      [42, "v"],
      ["OK", ""],
      ["OK", "v".repeat(4097)],
      ["OK", 7],
    ];
    for (const [name, value] of bad) {
      const set = api.secrets.set as (n: unknown, v: unknown) => Promise<unknown>;
      expect((await rejection(set(name, value))).code).toBe("invalid_input");
    }
    expect(await api.secrets.list()).toEqual([]);
  });

  it("never travel in a bundle, nor come in with one", async () => {
    const { api, db } = testEngine();
    await api.secrets.set("API_KEY", VALUE);
    await api.workflows.save({ name: "signer", source: FLOW });
    const bundle = await api.exportBundle();
    expect(JSON.stringify(bundle)).not.toContain("sk-live-7Hq2");
    expect(api.shareUrl("signer")).not.toContain("sk-live");
    await api.secrets.delete("API_KEY");
    const carrying = { ...bundle, secrets: [{ name: "SMUGGLED", value: "x", updated_at: 1 }] };
    await api.importBundle(carrying).catch(() => null);
    expect(await db.secrets.count()).toBe(0);
  });
});
