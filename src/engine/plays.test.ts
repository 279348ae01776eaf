import { describe, expect, it, vi } from "vitest";
import { rejection, testEngine } from "../test-support/test-engine";
import { collectBundle } from "./portable/bundle-export";
import { createChildren } from "./store/children";

const FLOW = `
from hero_logic import flow

@flow(inputs=[{"name": "n", "field_type": "int", "default": 1},
              {"name": "data", "field_type": "json", "required": False}])
def main(n=1, data=None):
    answer = flow.pause("approve", fields=[{"name": "ok", "field_type": "bool"}])
    return {"n": n, "ok": answer["ok"]}
`;

/** An engine with one flow and one play of it, paused; `stored()` is everything in the database. */
async function setUp() {
  const env = testEngine();
  await env.api.workflows.save({ name: "asker", source: FLOW });
  const started = await env.api.plays.start("asker");
  const play = await env.api.plays.wait(started.sid, { timeoutMs: 30_000 });
  const stored = async () => {
    const { exported_at: _, ...rest } = await collectBundle(env.db);
    return JSON.stringify(rest);
  };
  return { ...env, play, stored };
}

/** `"<code>: <message>"` of the call's rejection. */
async function refusal(call: () => Promise<unknown>): Promise<string> {
  const error = await rejection(Promise.resolve().then(call));
  return `${error.code}: ${error.message}`;
}

/**
 * What a wait with `timeoutMs: Infinity` for a paused play comes to once the clock has moved past
 * the longest finite time-out: "still waiting" when no timer ended it (setTimeout would take
 * Infinity for 1 ms).
 */
async function waitsOnWithoutLimit(
  api: ReturnType<typeof testEngine>["api"],
  playSid: string,
): Promise<string> {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  let outcome = "still waiting";
  try {
    api.plays.wait(playSid, { until: ["completed"], timeoutMs: Number.POSITIVE_INFINITY }).then(
      () => {
        outcome = "resolved";
      },
      (error: Error) => {
        outcome = error.message;
      },
    );
    await vi.advanceTimersByTimeAsync(2 ** 31);
    // A timer that fired reads the play before it settles the wait: these reads come after it.
    for (let i = 0; i < 3; i++) await api.plays.get(playSid);
  } finally {
    vi.useRealTimers();
  }
  return outcome;
}

const STATUSES = "pending, running, paused, waiting, completed, failed, cancelled";

describe("plays.list with bad options", () => {
  it("refuses unknown statuses, wrong types and unknown option names", async () => {
    const { api, play, stored } = await setUp();
    const before = await stored();
    const list = (options: unknown) => refusal(() => api.plays.list(options as never));
    expect(await list({ status: "bogus" })).toBe(
      `invalid_input: status must be one of ${STATUSES}, or a list of them; not "bogus"`,
    );
    expect(await list({ status: ["paused", "Paused"] })).toBe(
      `invalid_input: status must be one of ${STATUSES}, or a list of them; not "Paused"`,
    );
    expect(await list({ status: 3 })).toBe(
      `invalid_input: status must be one of ${STATUSES}, or a list of them; not 3`,
    );
    expect(await list("paused")).toBe(
      "invalid_input: plays.list takes an object { status?, workflow?, parent? }, not a string",
    );
    expect(await list({ limit: -1 })).toBe(
      "invalid_input: plays.list has no option 'limit' (it takes status, workflow, parent)",
    );
    expect(await list({ workflow: 5 })).toBe(
      "invalid_input: workflow name or sid must be text, not a number",
    );
    expect(await list({ workflow: "" })).toBe("not_found: no workflow ''");
    expect(await list({ parent: ["x"] })).toBe(
      "invalid_input: parent play sid must be text, not a list",
    );
    expect(await list({ parent: "nope0000" })).toBe("not_found: no play 'nope0000'");
    const throwing = {
      get status() {
        throw new Error("boom");
      },
    };
    expect(await list(throwing)).toBe("invalid_input: plays.list options could not be read: boom");
    // What works goes on working.
    expect((await api.plays.list({ status: "paused" })).map((p) => p.sid)).toEqual([play.sid]);
    expect(await api.plays.list({ status: [] })).toEqual([]);
    expect(await api.plays.list({ parent: play.sid })).toEqual([]);
    expect(await api.plays.list(undefined)).toHaveLength(1);
    expect(await stored()).toBe(before);
  });

  it("workflows.list takes no options: a filter given to it is refused, not ignored", async () => {
    const { api } = await setUp();
    expect(
      await refusal(() => (api.workflows.list as (o: unknown) => Promise<unknown>)({ name: "x" })),
    ).toBe("invalid_input: workflows.list takes no options");
    expect((await api.workflows.list()).map((w) => w.name)).toEqual(["asker"]);
  });
});

describe("plays.start with bad options", () => {
  it("refuses options of the wrong shape, type or range, and unknown option names", async () => {
    const { api, stored } = await setUp();
    await api.workflows.save({ name: "other", source: FLOW.replace("approve", "other") });
    const otherVersion = (await api.workflows.get("other"))!.current_version_sid;
    const before = await stored();
    const start = (options: unknown, inputs: unknown = {}) =>
      refusal(() => api.plays.start("asker", inputs as never, options as never));
    const timeout =
      "invalid_input: timeoutMs must be a positive number of milliseconds, at most 2147483647 (about 24 days)";
    const cases: [unknown, string][] = [
      [
        "x",
        "invalid_input: plays.start takes an object { prefill?, versionSid?, timeoutMs?, maxChildren?, cassette? }, not a string",
      ],
      [
        [1],
        "invalid_input: plays.start takes an object { prefill?, versionSid?, timeoutMs?, maxChildren?, cassette? }, not a list",
      ],
      [
        { timeout_ms: 5 },
        "invalid_input: plays.start has no option 'timeout_ms' (it takes prefill, versionSid, timeoutMs, maxChildren, cassette)",
      ],
      [{ timeoutMs: -1 }, timeout],
      [{ timeoutMs: 0 }, timeout],
      [{ timeoutMs: Number.NaN }, timeout],
      [{ timeoutMs: Number.POSITIVE_INFINITY }, timeout],
      [{ timeoutMs: 1e12 }, timeout],
      [{ timeoutMs: "5000" }, timeout],
      [{ prefill: 5 }, "invalid_input: prefill must map pause names to objects of field values"],
      [{ prefill: [] }, "invalid_input: prefill must map pause names to objects of field values"],
      [
        { prefill: { approve: { ok: () => true } } },
        "invalid_input: prefill must map pause names to objects of field values (JSON): approve.ok is a function",
      ],
      [{ versionSid: 5 }, "invalid_input: versionSid must be text, not a number"],
      [{ versionSid: "zzzz0000" }, "not_found: no version of 'asker' 'zzzz0000'"],
      [{ versionSid: otherVersion }, `not_found: no version of 'asker' '${otherVersion}'`],
      [
        { maxChildren: -1 },
        "invalid_input: maxChildren must be a whole number from 0 to 1000 (the engine's cap)",
      ],
      [
        { maxChildren: 1.5 },
        "invalid_input: maxChildren must be a whole number from 0 to 1000 (the engine's cap)",
      ],
      [
        { maxChildren: 1001 },
        "invalid_input: maxChildren must be a whole number from 0 to 1000 (the engine's cap)",
      ],
      [
        new Proxy(
          {},
          {
            ownKeys() {
              throw new Error("trap");
            },
          },
        ),
        "invalid_input: plays.start options could not be read: trap",
      ],
    ];
    for (const [options, expected] of cases)
      expect(await start(options), String(expected)).toBe(expected);
    // Inputs that cannot be read or stored are refused the same way.
    const getter = {
      get n() {
        throw new Error("no n");
      },
    };
    expect(await start({}, getter)).toBe("invalid_input: inputs could not be read: no n");
    expect(await stored()).toBe(before);
  });

  it("keeps the options given: the time-out and the child cap are on the play record", async () => {
    const { api } = await setUp();
    const play = await api.plays.start(
      "asker",
      { data: new Proxy({ a: [1] }, {}) },
      {
        timeoutMs: 2147483647,
        maxChildren: 0,
      },
    );
    expect(play).toMatchObject({
      timeout_ms: 2147483647,
      max_children: 0,
      input_data: { n: 1, data: { a: [1] } },
    });
    expect(await api.plays.get(play.sid)).toMatchObject({ max_children: 0 });
  });
});

describe("a play's own cap on child plays", () => {
  it("fails a flow spawning without end at the play's maxChildren, below the engine's cap", async () => {
    const { api } = testEngine();
    await api.workflows.save({
      name: "leaf",
      source: "from hero_logic import flow\n\n@flow\ndef main(n: int = 0):\n    return n\n",
    });
    await api.workflows.save({
      name: "spawner",
      source: `
from hero_logic import flow

@flow
def main():
    while True:
        flow.run_async("leaf", n=1)
`,
    });
    const started = await api.plays.start("spawner", {}, { maxChildren: 4 });
    const play = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(play.status).toBe("failed");
    expect(play.error?.message).toBe(
      "Failed: flow.run_async('leaf'): this play has already started 4 child plays, " +
        "the most it may start (maxChildren: 4)",
    );
    expect(await api.plays.list({ parent: play.sid })).toHaveLength(4);
  });
});

describe("plays.wait, plays.spans and resume with odd arguments", () => {
  it("refuses options it cannot honour instead of waiting forever or timing out at once", async () => {
    const { api, play, stored } = await setUp();
    const before = await stored();
    const wait = (options: unknown) => refusal(() => api.plays.wait(play.sid, options as never));
    const timeout =
      "invalid_input: timeoutMs must be a number of milliseconds from 0 to 2147483647 (about 24 days), or Infinity";
    expect(await wait("x")).toBe(
      "invalid_input: plays.wait takes an object { timeoutMs?, until? }, not a string",
    );
    expect(await wait({ timeout: 5 })).toBe(
      "invalid_input: plays.wait has no option 'timeout' (it takes timeoutMs, until)",
    );
    expect(await wait({ until: [] })).toBe(
      "invalid_input: until must name at least one status: an empty list would wait forever",
    );
    expect(await wait({ until: ["done"] })).toBe(
      `invalid_input: until must be a list of ${STATUSES}; not "done"`,
    );
    expect(await wait({ timeoutMs: -5 })).toBe(timeout);
    expect(await wait({ timeoutMs: Number.NaN })).toBe(timeout);
    expect(await wait({ timeoutMs: 1e12 })).toBe(timeout);
    expect(await waitsOnWithoutLimit(api, play.sid)).toBe("still waiting");
    expect(await refusal(() => api.plays.spans(play.sid, 1 as never))).toBe(
      "invalid_input: plays.spans takes an object { runNo? }, not a number",
    );
    expect(await stored()).toBe(before);
  });

  it("with timeoutMs 0 answers at once from what is stored, rather than timing out first", async () => {
    const { api, play } = await setUp();
    for (let k = 0; k < 5; k++) {
      expect(await api.plays.wait(play.sid, { timeoutMs: 0 })).toMatchObject({ status: "paused" });
    }
    expect(
      await refusal(() => api.plays.wait(play.sid, { until: ["completed"], timeoutMs: 0 })),
    ).toBe(`timeout: play ${play.sid} did not reach completed within 0 ms`);
  });

  it("lets exactly one of two resumes in the same instant answer the pause", async () => {
    const { api, play, db } = await setUp();
    const outcomes = await Promise.allSettled([
      api.plays.resume(play.sid, { ok: true }),
      api.plays.resume(play.sid, { ok: false }),
    ]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o) => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: "not_paused" });
    const done = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(done.status).toBe("completed");
    expect(done.run_count).toBe(2);
    expect(await db.answers.where("play_sid").equals(play.sid).count()).toBe(1);
    // Two cancels at once: both return the cancelled play, the second changes nothing.
    const again = await api.plays.start("asker");
    const [a, b] = await Promise.all([api.plays.cancel(again.sid), api.plays.cancel(again.sid)]);
    expect([a.status, b.status]).toEqual(["cancelled", "cancelled"]);
    expect(a.ended_at).toBe(b.ended_at);
  });
});

describe("plays.delete and odd identifiers", () => {
  it("refuses to delete a child play its parent waits for, which would leave the parent waiting forever", async () => {
    const { api, stored } = await setUp();
    await api.workflows.save({
      name: "parent",
      source: `
from hero_logic import flow

@flow
def main():
    return flow.invoke("asker", spawn=True)
`,
    });
    const started = await api.plays.start("parent");
    const parent = await api.plays.wait(started.sid, { until: ["waiting"], timeoutMs: 30_000 });
    const [child] = await api.plays.list({ parent: parent.sid });
    await api.plays.wait(child!.sid, { until: ["paused"], timeoutMs: 30_000 });
    const before = await stored();
    expect(await refusal(() => api.plays.delete(child!.sid))).toBe(
      `invalid_input: play ${child!.sid} is a child play that play ${parent.sid} waits for; cancel it, or answer it, first`,
    );
    expect(await stored()).toBe(before);
    // Once answered and finished, the parent goes on, and the child may be deleted.
    await api.plays.resume(child!.sid, { ok: true });
    const done = await api.plays.wait(parent.sid, { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: "completed", output_data: { n: 1, ok: true } });
    await api.plays.delete(child!.sid);
    expect(await api.plays.list({ parent: parent.sid })).toEqual([]);
  });

  it("keeps messages about a huge unknown id short", async () => {
    const { api } = await setUp();
    const huge = "x".repeat(100_000);
    const message = await refusal(() => api.plays.get(huge));
    expect(message).toBe(`not_found: no play '${"x".repeat(60)}…' (100000 characters)`);
    expect(await refusal(() => api.workflows.versions(huge))).toBe(
      `not_found: no workflow '${"x".repeat(60)}…' (100000 characters)`,
    );
  });

  it("gives a field named __proto__ or constructor its value, like any other", async () => {
    const { api } = testEngine();
    await api.workflows.save({
      name: "odd_names",
      source: `
from hero_logic import flow

@flow(inputs=[{"name": "__proto__", "field_type": "json"}, {"name": "constructor", "field_type": "str"}])
def main(**inputs):
    return inputs
`,
    });
    const inputs = JSON.parse('{"__proto__": {"a": 1}, "constructor": "c"}');
    const play = await api.plays.start("odd_names", inputs);
    expect(Object.keys(play.input_data)).toEqual(["__proto__", "constructor"]);
    const done = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(done.output_data).toEqual(JSON.parse('{"__proto__": {"a": 1}, "constructor": "c"}'));
  });
});

describe("the engine's cap on child plays", () => {
  it("falls back to the default, saying so, when set to something that is not a count", async () => {
    const warnings: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((message: string) => {
      warnings.push(message);
    });
    try {
      const { api } = testEngine({ maxChildren: -5 });
      expect(warnings).toEqual([
        "hero_logic: maxChildren -5 is not a whole number 0 or more; using 1000",
      ]);
      await api.workflows.save({ name: "asker", source: FLOW });
      expect(await refusal(() => api.plays.start("asker", {}, { maxChildren: 1001 }))).toBe(
        "invalid_input: maxChildren must be a whole number from 0 to 1000 (the engine's cap)",
      );
      expect((await api.plays.start("asker", {}, { maxChildren: 1000 })).max_children).toBe(1000);
    } finally {
      warn.mockRestore();
    }
  });
});

describe("cancel while a play starts children", () => {
  it("records the children a batch stored after the cancel asks for as cancelled, never started", async () => {
    const { api, db } = testEngine();
    await api.workflows.save({ name: "asker", source: FLOW });
    const parent = await api.plays.start("asker");
    await api.plays.wait(parent.sid, { timeoutMs: 30_000 });
    // What the runner does with a batch that was on its way when the cancel came: the SDK
    // asked for a child in it, and it is stored after the parent was cancelled.
    await api.plays.cancel(parent.sid);
    const spawn = {
      request: { sid: "late0001", workflow: "asker", inputs: {}, version_sid: "", prefill: {} },
      spanSid: "span0001",
    };
    const queued = await db.transaction("rw", db.plays, db.workflows, db.versions, () =>
      createChildren(db, { playSid: parent.sid }, [spawn]),
    );
    expect(queued).toEqual([]);
    expect(await api.plays.get("late0001")).toMatchObject({
      status: "cancelled",
      parent_play_sid: parent.sid,
      run_count: 0,
    });
  });
});
