import { describe, expect, it } from "vitest";
import { nodeWorkerApi } from "../../test-support/node-python";
import { testEngine } from "../../test-support/test-engine";

const QUICK = `
from hero_logic import flow

@flow
def main():
    return flow.step(lambda: 1, name="one")
`;

const ASKS = `
from hero_logic import flow

@flow
def main():
    return flow.pause("approve", fields=[{"name": "ok", "field_type": "bool"}])
`;

/** Resolves once `check` holds, looking again at every turn of the event loop. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** An engine whose second worker boots only when the test opens its gate. */
function gatedEngine() {
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let boots = 0;
  const engine = testEngine({
    workerApi: () => {
      const base = nodeWorkerApi();
      const nth = ++boots;
      return {
        ...base,
        boot: async (...args: Parameters<typeof base.boot>) => {
          if (nth === 2) await gate;
          return base.boot(...args);
        },
      };
    },
  });
  return { ...engine, open };
}

describe("what a run waits for before its Python begins", () => {
  it("says a play given a booting worker is starting Python, and records the boot with the run", async () => {
    const { api, engine, open } = gatedEngine();
    await api.workflows.save({ name: "first", source: QUICK });
    await api.workflows.save({ name: "second", source: QUICK });
    // The first flow binds the booted worker; the second gets the one still booting.
    const first = await api.plays.start("first");
    expect((await api.plays.wait(first.sid)).status).toBe("completed");
    const second = await api.plays.start("second");
    await until(() => engine.stages.get(second.sid) === "starting-python");
    expect((await api.plays.get(second.sid)).status).toBe("running");
    const opened = Date.now();
    open();
    expect((await api.plays.wait(second.sid)).status).toBe("completed");
    expect(engine.stages.get(second.sid)).toBeUndefined();

    const [run] = await api.plays.runs(second.sid);
    expect(run!.queued_at).toBe(second.created_at);
    expect(run!.worker_at).toBeGreaterThanOrEqual(run!.queued_at!);
    expect(run!.worker_at).toBeLessThanOrEqual(opened);
    expect(run!.python_at).toBeGreaterThanOrEqual(opened);
    const [root] = await api.plays.spans(second.sid);
    expect(root!.started_at).toBeGreaterThanOrEqual(run!.python_at!);
  });

  it("records when an answered play was queued again, and a booted worker's Python as no wait", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "asks", source: ASKS });
    const play = await api.plays.start("asks");
    await api.plays.wait(play.sid);
    const answered = Date.now();
    await api.plays.resume(play.sid, { ok: true });
    const done = await api.plays.wait(play.sid);
    expect(done.status).toBe("completed");
    expect(done.queued_at).toBeGreaterThanOrEqual(answered);
    const [, second] = await api.plays.runs(play.sid);
    expect(second!.queued_at).toBe(done.queued_at);
    expect(second!.python_at).toBe(second!.worker_at);
  });

  it("keeps the waits of a play's runs through an export and an import", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "asks", source: ASKS });
    const play = await api.plays.start("asks");
    await api.plays.wait(play.sid);
    await api.plays.resume(play.sid, { ok: true });
    const done = await api.plays.wait(play.sid);
    expect(done.queued_at).toBeDefined();
    const runs = await api.plays.runs(play.sid);
    const bundle = await api.exportBundle({ plays: [play.sid] });
    const other = testEngine().api;
    await other.importBundle(JSON.parse(JSON.stringify(bundle)));
    const imported = await other.plays.runs(play.sid);
    expect(
      imported.map(({ queued_at, worker_at, python_at }) => ({ queued_at, worker_at, python_at })),
    ).toEqual(
      runs.map(({ queued_at, worker_at, python_at }) => ({ queued_at, worker_at, python_at })),
    );
    expect(imported[1]!.worker_at).toBeDefined();
    expect((await other.plays.get(play.sid)).queued_at).toBe(done.queued_at);
  });
});
