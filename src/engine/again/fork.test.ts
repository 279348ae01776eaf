import { describe, expect, it } from "vitest";
import type { Play, Span } from "../../db/records";
import { rejection, testEngine } from "../../test-support/test-engine";
import { finishedBefore } from "./fork-seed";

type Api = ReturnType<typeof testEngine>["api"];

// Every step returns a token from os.urandom: equal tokens mean the step replayed, new ones
// that it executed.
const TOKENS = `
import os
from hero_logic import flow

def token(tag):
    return tag + ":" + os.urandom(8).hex()

@flow
def main(topic: str = "ducks"):
    a = flow.step(token, "a", name="a")
    with flow.span("group"):
        b = flow.step(token, "b", name="b")
        c = flow.step(token, "c " + topic, name="c")
    def outer():
        x = flow.step(token, "x", name="x")
        y = flow.step(token, "y", name="y")
        return [x, y, token("outer")]
    o = flow.step(outer, name="outer")
    d = flow.step(token, "d", name="d")
    return {"a": a, "b": b, "c": c, "outer": o, "d": d}
`;

const PAUSING = `
import os
from hero_logic import flow

def token(tag):
    return tag + ":" + os.urandom(8).hex()

@flow
def main():
    a = flow.step(token, "a", name="a")
    b = flow.step(token, "b", name="b")
    answer = flow.pause("approve", fields=[{"name": "note", "field_type": "str"}])
    c = flow.step(token, "c", name="c")
    d = flow.step(token, "d", name="d")
    return {"a": a, "b": b, "note": answer["note"], "c": c, "d": d}
`;

const INNER = `
import os
from hero_logic import flow

@flow
def inner():
    p = flow.step(lambda: os.urandom(8).hex(), name="p")
    q = flow.step(lambda: os.urandom(8).hex(), name="q")
    return {"p": p, "q": q}
`;

const CALLER = `
import os
from hero_logic import flow

@flow
def main():
    a = flow.step(lambda: os.urandom(8).hex(), name="a")
    r = flow.invoke("inner")
    z = flow.step(lambda: os.urandom(8).hex(), name="z")
    return {"a": a, "inner": r, "z": z}
`;

const WAIT = { timeoutMs: 60_000 };

async function finished(api: Api, play: Play): Promise<Play> {
  return api.plays.wait(play.sid, WAIT);
}

async function spanNamed(api: Api, playSid: string, name: string, runNo?: number) {
  const spans = await api.plays.spans(playSid, runNo === undefined ? {} : { runNo });
  const span = spans.find((s) => s.name === name);
  if (!span) throw new Error(`no span ${name} in play ${playSid}`);
  return span;
}

async function forkAt(api: Api, play: Play, spanName: string, runNo?: number) {
  const span = await spanNamed(api, play.sid, spanName, runNo);
  const forked = await api.plays.fork(play.sid, { fromSpan: span.sid });
  return { span, fork: await finished(api, forked) };
}

/** The stored seed of a play: the step keys its run 0 carries. */
async function seedKeys(db: ReturnType<typeof testEngine>["db"], playSid: string) {
  const row = await db.outputs.get([playSid, 0, 0]);
  return row?.log ? Object.keys(JSON.parse(row.log)) : [];
}

describe("forking a play from a span", () => {
  it("replays the steps before the span and executes the span and what follows", async () => {
    const { api, db } = testEngine();
    await api.workflows.save({ name: "tokens", source: TOKENS });
    const original = await finished(api, await api.plays.start("tokens"));
    const out = original.output_data as Record<string, unknown>;

    // Inside a group: the group's finished child before the span is carried.
    const { span: c, fork } = await forkAt(api, original, "c");
    expect(fork).toMatchObject({
      status: "completed",
      forked_from: { play_sid: original.sid, span_sid: c.sid, run_no: 1 },
      input_data: { topic: "ducks" },
    });
    const forked = fork.output_data as Record<string, unknown>;
    expect([forked.a, forked.b]).toEqual([out.a, out.b]);
    expect(forked.c).not.toBe(out.c);
    expect(forked.d).not.toBe(out.d);
    expect(forked.outer).not.toEqual(out.outer);

    // The replayed spans point at the spans of the original that produced their values.
    const a = await spanNamed(api, fork.sid, "a");
    const originalA = await spanNamed(api, original.sid, "a");
    expect(a).toMatchObject({
      replayed: true,
      replayed_from_run: 0,
      replayed_from_span: originalA.sid,
      input: originalA.input,
      output: out.a,
    });
    expect((await spanNamed(api, fork.sid, "c")).replayed).toBe(false);
    expect(await api.plays.forks(original.sid)).toMatchObject([{ sid: fork.sid }]);
    const originalB = await spanNamed(api, original.sid, "b");
    expect(await seedKeys(db, fork.sid)).toEqual([originalA.step_key, originalB.step_key]);
  });

  it("inside a memoized step: its finished children replay, the step itself executes", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "tokens", source: TOKENS });
    const original = await finished(api, await api.plays.start("tokens"));
    const out = original.output_data as Record<string, unknown>;
    const { fork } = await forkAt(api, original, "y");
    const forked = fork.output_data as Record<string, unknown>;
    const [x0, y0, own0] = out.outer as string[];
    const [x1, y1, own1] = forked.outer as string[];
    expect([forked.a, forked.b, forked.c, x1]).toEqual([out.a, out.b, out.c, x0]);
    expect(y1).not.toBe(y0);
    expect(own1).not.toBe(own0);
    expect(forked.d).not.toBe(out.d);
    expect((await spanNamed(api, fork.sid, "outer")).replayed).toBe(false);
  });

  it("with new inputs: steps whose arguments changed execute", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "tokens", source: TOKENS });
    const original = await finished(api, await api.plays.start("tokens"));
    const out = original.output_data as Record<string, unknown>;
    const d = await spanNamed(api, original.sid, "d");
    const fork = await finished(
      api,
      await api.plays.fork(original.sid, { fromSpan: d.sid, inputs: { topic: "geese" } }),
    );
    const forked = fork.output_data as Record<string, unknown>;
    expect(fork.input_data).toEqual({ topic: "geese" });
    expect([forked.a, forked.b, forked.outer]).toEqual([out.a, out.b, out.outer]);
    expect(forked.c).toMatch(/^c geese:/);
  });

  it("without fromSpan is a plain run again: nothing replays", async () => {
    const { api, db } = testEngine();
    await api.workflows.save({ name: "tokens", source: TOKENS });
    const original = await finished(api, await api.plays.start("tokens", { topic: "owls" }));
    const fork = await finished(api, await api.plays.fork(original.sid));
    expect(fork).toMatchObject({
      status: "completed",
      input_data: { topic: "owls" },
      forked_from: { play_sid: original.sid, span_sid: null, run_no: 1 },
    });
    const out = original.output_data as Record<string, unknown>;
    expect((fork.output_data as Record<string, unknown>).a).not.toBe(out.a);
    expect(await seedKeys(db, fork.sid)).toEqual([]);
  });

  it("from a later run: replayed ranges carry their origin's outputs, answers given before", async () => {
    const { api, db } = testEngine();
    await api.workflows.save({ name: "pausing", source: PAUSING });
    const paused = await finished(api, await api.plays.start("pausing"));
    await api.plays.resume(paused.sid, { note: "yes" });
    const original = await finished(api, paused);
    expect(original.run_count).toBe(2);
    const out = original.output_data as Record<string, unknown>;

    // Run 2 replayed a and b (from run 1), passed the answered pause, executed c.
    const { fork } = await forkAt(api, original, "d");
    expect(fork.status).toBe("completed");
    const forked = fork.output_data as Record<string, unknown>;
    expect([forked.a, forked.b, forked.note, forked.c]).toEqual([out.a, out.b, "yes", out.c]);
    expect(forked.d).not.toBe(out.d);
    expect(await db.answers.get([fork.sid, "approve"])).toMatchObject({
      payload: '{"note":"yes"}',
    });

    // At the pause: its answer is not carried, the fork parks there.
    const atPause = await forkAt(api, original, "approve");
    expect(atPause.fork).toMatchObject({ status: "paused", pending_pause: { key: "approve" } });
    expect(await db.answers.get([atPause.fork.sid, "approve"])).toBeUndefined();

    // From run 1 (the run that paused): only a.
    const early = await forkAt(api, original, "b", 1);
    expect(early.fork.forked_from).toMatchObject({ run_no: 1 });
    await api.plays.resume(early.fork.sid, { note: "again" });
    const done = (await finished(api, early.fork)).output_data as Record<string, unknown>;
    expect(done.a).toBe(out.a);
    expect(done.b).not.toBe(out.b);

    // A fork of a fork: what the first fork replayed from its seed is carried on.
    const second = await forkAt(api, fork, "d");
    const twice = second.fork.output_data as Record<string, unknown>;
    expect([twice.a, twice.b, twice.c]).toEqual([out.a, out.b, out.c]);
    expect(twice.d).not.toBe(forked.d);
    expect(await spanNamed(api, second.fork.sid, "a")).toMatchObject({
      replayed_from_run: 0,
      replayed_from_span: (await spanNamed(api, fork.sid, "a")).sid,
    });
  });

  it("inside an in-process invoke: the invoked flow's finished steps replay", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "inner", source: INNER });
    await api.workflows.save({ name: "caller", source: CALLER });
    const original = await finished(api, await api.plays.start("caller"));
    const out = original.output_data as { a: string; inner: { p: string; q: string }; z: string };
    const { fork } = await forkAt(api, original, "q");
    const forked = fork.output_data as typeof out;
    expect(fork.status).toBe("completed");
    expect([forked.a, forked.inner.p]).toEqual([out.a, out.inner.p]);
    expect(forked.inner.q).not.toBe(out.inner.q);
    expect(forked.z).not.toBe(out.z);
    expect(await spanNamed(api, fork.sid, "p")).toMatchObject({ replayed: true });
  });

  it("survives an export and an import: the replayed spans keep their origin", async () => {
    const first = testEngine();
    await first.api.workflows.save({ name: "tokens", source: TOKENS });
    const original = await finished(first.api, await first.api.plays.start("tokens"));
    const { fork } = await forkAt(first.api, original, "d");
    const bundle = await first.api.exportBundle({ plays: [fork.sid] });
    expect(bundle.plays[0]?.forked_from).toEqual(fork.forked_from);

    const second = testEngine();
    await second.api.importBundle(JSON.parse(JSON.stringify(bundle)));
    const imported = await second.api.plays.get(fork.sid);
    expect(imported.forked_from).toEqual(fork.forked_from);
    const a = await spanNamed(second.api, fork.sid, "a");
    expect(a).toMatchObject({ name: "a", replayed: true, replayed_from_run: 0 });
    expect(a.replayed_from_span).toBe((await spanNamed(first.api, original.sid, "a")).sid);

    // The imported (read-only) fork can itself be forked: its flow came with it.
    const again = await forkAt(second.api, imported, "d");
    const out = fork.output_data as Record<string, unknown>;
    const next = again.fork.output_data as Record<string, unknown>;
    expect(again.fork.imported_at).toBeUndefined();
    expect([next.a, next.c]).toEqual([out.a, out.c]);
    expect(next.d).not.toBe(out.d);

    // Without its flow here, an imported play cannot be forked, and says why.
    await second.api.workflows.delete("tokens");
    const refused = await rejection(second.api.plays.fork(imported.sid));
    expect(refused).toMatchObject({ code: "not_found" });
    expect(refused.message).toContain("its flow is not in this library");
    expect(refused.message).toContain("not imported with the play");
  });
});

describe("plays.fork refuses bad input and changes nothing", () => {
  it("names what is wrong", async () => {
    const { api, db } = testEngine();
    await api.workflows.save({ name: "tokens", source: TOKENS });
    const original = await finished(api, await api.plays.start("tokens"));
    const other = await finished(api, await api.plays.start("tokens"));
    const before = await db.plays.count();

    expect(await rejection(api.plays.fork("nosuchplay"))).toMatchObject({ code: "not_found" });
    const foreign = await spanNamed(api, other.sid, "a");
    const notHers = await rejection(api.plays.fork(original.sid, { fromSpan: foreign.sid }));
    expect(notHers.code).toBe("invalid_input");
    expect(notHers.message).toContain(foreign.sid);
    expect(await rejection(api.plays.fork(original.sid, { fromSpan: "zzzzzzzz" }))).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("'zzzzzzzz'"),
    });
    const badInputs = await rejection(api.plays.fork(original.sid, { inputs: { topic: 3 } }));
    const startSays = await rejection(api.plays.start("tokens", { topic: 3 }));
    expect(badInputs).toMatchObject({ code: "invalid_input", message: startSays.message });
    expect(badInputs.fields).toEqual(startSays.fields);
    expect(await rejection(api.plays.fork(original.sid, { fromSpn: "x" } as never))).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("fromSpn"),
    });
    expect(
      await rejection(api.plays.fork(original.sid, { versionSid: "nosuchver" })),
    ).toMatchObject({ code: "not_found" });
    expect(await db.plays.count()).toBe(before);
  });

  it("a play whose flow was deleted says so", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "tokens", source: TOKENS });
    const original = await finished(api, await api.plays.start("tokens"));
    await api.workflows.delete("tokens");
    const refused = await rejection(api.plays.fork(original.sid));
    expect(refused.code).toBe("not_found");
    expect(refused.message).toContain("its flow is not in this library");
  });
});

/** A span of one run, as `finishedBefore` reads it. */
function span(sid: string, seq: number, parent: string | null, rest: Partial<Span> = {}): Span {
  return {
    sid,
    parent_sid: parent,
    seq,
    name: sid,
    kind: "step",
    status: "ok",
    started_at: seq,
    ended_at: seq + 1,
    input: null,
    output: null,
    error: null,
    logs: "",
    source_file: null,
    source_line: null,
    step_key: `key-${sid}`,
    replayed: false,
    attributes: {},
    child_play_sid: null,
    play_sid: "p",
    run_no: 1,
    version_sid: "v",
    replayed_from_run: null,
    replayed_from_span: null,
    ...rest,
  };
}

describe("the steps a fork carries (finishedBefore)", () => {
  // root ─ a, group(no key) ─ [b, outer ─ [x, chosen, y]], spawn, wait, c
  const spans = [
    // As stored after the run: the ancestors of the chosen span have long finished.
    span("root", 0, null, { kind: "flow_root", step_key: null }),
    span("a", 1, "root", { replayed: true }),
    span("group", 2, "root", { step_key: null }),
    span("b", 3, "group"),
    span("spawn", 4, "group", { kind: "subflow", child_play_sid: "kid" }),
    span("failed", 5, "group", { status: "failed" }),
    span("outer", 6, "group"),
    span("x", 7, "outer"),
    span("chosen", 8, "outer"),
    span("y", 9, "outer"),
    span("c", 10, "root"),
  ];
  const chosen = spans.find((s) => s.sid === "chosen")!;

  it("takes finished steps before the span, not its open ancestors nor child plays", () => {
    expect(finishedBefore(spans, chosen).map((s) => s.sid)).toEqual(["a", "b", "failed", "x"]);
  });

  it("takes nothing before the root", () => {
    expect(finishedBefore(spans, spans[0]!)).toEqual([]);
  });
});
