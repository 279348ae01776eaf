import type { DBCore, Middleware } from "dexie";
import { describe, expect, it } from "vitest";
import type { PythonWorkerApi } from "../../../worker/api";
import type { Play } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { nodeWorkerApi } from "../../test-support/node-python";
import { quietFor } from "../../test-support/quiet";
import { runningRow, testEngine } from "../../test-support/test-engine";
import type { RunOutcome } from "../../wire/records";
import { WorkerGoneError } from "./python-host";
import { MAX_INTERRUPTED_RUNS } from "./run-start";

const STEPS = `
from hero_logic import flow

@flow
def main(n: int = 3):
    return [flow.step(lambda i=i: i * i, name="square") for i in range(n)]
`;

/** Two steps returning tokens nobody could produce twice. */
const TOKENS = `
import os
from hero_logic import flow

@flow
def main():
    return [flow.step(lambda: os.urandom(8).hex(), name=f"token_{k}") for k in range(2)]
`;

/**
 * Writes to the span log wait while the gate is held (a page slow to store what it gets): the
 * gate is a read-write transaction on that table kept busy until released.
 */
function batchGate(db: HeroDb) {
  let released = false;
  return {
    /** Resolves once the gate holds (start it after the run's own start). */
    hold(): Promise<void> {
      return new Promise((holding) => {
        void db.transaction("rw", db.batches, async () => {
          // From outside the transaction: what the caller does next must not join it.
          setTimeout(holding);
          while (!released) await db.batches.get(["none", 0, 0]);
        });
      });
    },
    release() {
      released = true;
    },
  };
}

/** How many times the engine has asked `db` for a play's record so far (each read may still wait). */
function playReads(db: HeroDb): (playSid: string) => number {
  const reads = new Map<string, number>();
  db.use({
    stack: "dbcore",
    name: "play-reads",
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name);
        if (name !== "plays") return table;
        return {
          ...table,
          get(req) {
            const sid = String(req.key);
            reads.set(sid, (reads.get(sid) ?? 0) + 1);
            return table.get(req);
          },
        };
      },
    }),
  });
  return (playSid) => reads.get(playSid) ?? 0;
}

/** A promise with its resolve function outside. */
function signal() {
  let fire: () => void = () => {};
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fire, fired };
}

/**
 * An engine whose page stores a run's batches only once Python has returned (`returned` fires
 * then): the gate holds from the start of each run until a few tasks after it returned.
 */
function slowToStore() {
  const returned = signal();
  let gate: ReturnType<typeof batchGate>;
  const engine = testEngine({
    workerApi: () => {
      const base = nodeWorkerApi();
      return {
        ...base,
        run: async (request, onBatch) => {
          await gate.hold();
          const outcome = await base.run(request, onBatch);
          returned.fire();
          return outcome;
        },
      };
    },
  });
  gate = batchGate(engine.db);
  return { ...engine, returned, release: () => gate.release() };
}

describe("the batches of a run", () => {
  it("are all stored before the run's outcome, however long storing takes", async () => {
    const { api, db, returned, release } = slowToStore();
    await api.workflows.save({ name: "squares", source: STEPS });
    // What reaches the database, in order.
    const stored: string[] = [];
    db.batches.hook("creating", () => void stored.push("batch"));
    db.plays.hook("updating", (changes: Partial<Play>) => {
      if (changes.status) stored.push(changes.status);
    });
    const play = await api.plays.start("squares");
    await returned.fired;
    // Python is done and the outcome is in the page; the batches are not stored yet (reading
    // the play now would wait behind them too).
    await quietFor(
      50,
      "an engine that did not wait for its batches would store the outcome within a few tasks",
    );
    release();
    const done = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: "completed", output_data: [0, 1, 4] });
    // The outcome is stored after every batch of the run.
    expect(stored.at(-1)).toBe("completed");
    expect(stored.indexOf("batch")).toBeLessThan(stored.indexOf("completed"));
    expect(stored.filter((s) => s === "batch").length).toBeGreaterThan(0);
    const spans = await api.plays.spans(play.sid);
    expect(spans.map((s) => [s.name, s.status])).toEqual([
      ["main", "ok"],
      ["square", "ok"],
      ["square", "ok"],
      ["square", "ok"],
    ]);
  });

  it("fail the play, saying so, when one never arrives (never a silent loss)", async () => {
    const { api } = testEngine({
      workerApi: () => {
        const base = nodeWorkerApi();
        return {
          ...base,
          run: (request, onBatch) => {
            let sent = 0;
            // The second batch is lost on its way: the outcome still counts it.
            return base.run(request, (...batch) => {
              if (++sent !== 2) onBatch(...batch);
            });
          },
        };
      },
    });
    await api.workflows.save({ name: "squares", source: STEPS });
    const play = await api.plays.wait((await api.plays.start("squares")).sid, {
      timeoutMs: 30_000,
    });
    expect(play.status).toBe("failed");
    expect(play.error?.type).toBe("LostBatches");
    expect(play.error?.message).toMatch(/the run sent \d+ span batches but only \d+ reached/);
    expect(play.output_data).toBeNull();
  });
});

describe("a full storage", () => {
  it("keeps as many of a run's batches as fit, when together they do not", async () => {
    const { api, db, returned, release } = slowToStore();
    // Room for 3,000 characters of span log in all: a write that does not fit is refused whole.
    let room = 3_000;
    const middleware: Middleware<DBCore> = {
      stack: "dbcore",
      name: "small-quota",
      create: (down) => ({
        ...down,
        table(name) {
          const table = down.table(name);
          if (name !== "batches") return table;
          return {
            ...table,
            mutate(req) {
              const rows = req.type === "put" ? (req.values as { log?: string }[]) : [];
              const size = rows.reduce((sum, row) => sum + (row.log?.length ?? 0), 0);
              if (size > room) {
                return Promise.reject(new DOMException("over quota", "QuotaExceededError"));
              }
              room -= size;
              return table.mutate(req);
            },
          };
        },
      }),
    };
    db.use(middleware);
    await api.workflows.save({ name: "squares", source: STEPS });
    const started = await api.plays.start("squares", { n: 40 });
    await returned.fired;
    release();
    const play = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(play.status).toBe("failed");
    expect(play.error?.message).toMatch(/^storage is full/);
    // Every batch went out at once and arrived together; one by one, the first ones fit.
    const squares = (await api.plays.spans(started.sid)).filter((s) => s.name === "square");
    const done = squares.filter((s) => s.status === "ok");
    expect(done.length).toBeGreaterThan(0);
    expect(done.map((s) => s.output)).toEqual(done.map((_, i) => i * i));
  });
});

describe("a cancel while a finished run is being stored", () => {
  it("ends the run cancelled, with nothing of the outcome stored", async () => {
    const { api, db, returned, release } = slowToStore();
    const reads = playReads(db);
    await api.workflows.save({ name: "squares", source: STEPS });
    const started = await api.plays.start("squares");
    await returned.fired;
    // Python is done; the page still stores what it sent when the cancel comes: the cancel's
    // read of the play is queued behind those writes before they are let through.
    const before = reads(started.sid);
    const cancelling = api.plays.cancel(started.sid);
    await expect.poll(() => reads(started.sid)).toBeGreaterThan(before);
    release();
    expect((await cancelling).status).toBe("cancelled");
    // The run's end is recorded once everything it sent is stored.
    await expect
      .poll(async () => (await api.plays.runs(started.sid)).map((r) => r.ended_by))
      .toEqual(["cancelled"]);
    const play = await api.plays.get(started.sid);
    expect(play).toMatchObject({ status: "cancelled", output_data: null, run_count: 1 });
    // What the run sent is kept: every step it finished, stored.
    const spans = await api.plays.spans(started.sid);
    expect(spans.filter((s) => s.name === "square").map((s) => s.status)).toEqual([
      "ok",
      "ok",
      "ok",
    ]);
    // The run did not end as Python returned it: its root ends as the play did, saying why.
    const root = spans.find((s) => s.kind === "flow_root");
    expect(root).toMatchObject({ status: "cancelled", output: null });
    expect(root?.error?.type).toBe("Interrupted");
    expect(root?.error?.message).toMatch(/cancelled before the run's outcome was stored/);
  });
});

/**
 * An engine whose worker sends everything a run makes, its root's end included, and gives the
 * outcome only once `release` is called: a cancel can come between the two.
 */
function lateOutcome() {
  const returned = signal();
  const released = signal();
  const engine = testEngine({
    workerApi: () => {
      const base = nodeWorkerApi();
      return {
        ...base,
        run: async (request, onBatch) => {
          const outcome = await base.run(request, onBatch);
          returned.fire();
          await released.fired;
          return outcome;
        },
      };
    },
  });
  return { ...engine, returned, release: released.fire };
}

describe("a cancel after Python ended the root, before its outcome came", () => {
  it("ends the run cancelled, its root too, never ok beside a cancelled run", async () => {
    const { api, returned, release } = lateOutcome();
    await api.workflows.save({ name: "squares", source: STEPS });
    const started = await api.plays.start("squares");
    await returned.fired;
    // Everything Python sent is stored, the root's end with it: ok.
    await expect
      .poll(async () => (await api.plays.spans(started.sid)).find((s) => s.kind === "flow_root"))
      .toMatchObject({ status: "ok" });
    expect((await api.plays.cancel(started.sid)).status).toBe("cancelled");
    await expect
      .poll(async () => (await api.plays.runs(started.sid)).map((r) => r.ended_by))
      .toEqual(["cancelled"]);
    release();
    const spans = await api.plays.spans(started.sid);
    expect(spans.filter((s) => s.name === "square").map((s) => s.status)).toEqual([
      "ok",
      "ok",
      "ok",
    ]);
    const root = spans.find((s) => s.kind === "flow_root");
    expect(root).toMatchObject({ status: "cancelled", output: null });
    expect(root?.error?.message).toMatch(/cancelled before the run's outcome was stored/);
    expect(await api.plays.get(started.sid)).toMatchObject({ status: "cancelled", run_count: 1 });
  });
});

/** A worker whose runs open their root span and a step, then never answer (a long step). */
function hangingApi(): PythonWorkerApi {
  const base = nodeWorkerApi();
  return {
    ...base,
    run: (_request, onBatch) => {
      onBatch(JSON.stringify([runningRow("r0000000", "main", "flow_root")]));
      const crunch = runningRow("s0000000", "crunch", "step", { parent: "r0000000", seq: 1 });
      onBatch(JSON.stringify([crunch]));
      return new Promise<RunOutcome>(() => {});
    },
  };
}

describe("a run cut off while a step runs", () => {
  it("ends the open spans of a timed-out run as interrupted, with the reason", async () => {
    const { api } = testEngine({ workerApi: hangingApi });
    await api.workflows.save({ name: "squares", source: STEPS });
    const started = await api.plays.start("squares", {}, { timeoutMs: 200 });
    const play = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(play.error?.type).toBe("TimeoutError");
    const spans = await api.plays.spans(started.sid);
    expect(spans.map((s) => [s.name, s.status, s.error?.type])).toEqual([
      ["main", "failed", "Interrupted"],
      ["crunch", "failed", "Interrupted"],
    ]);
    expect(spans[1]?.error?.message).toMatch(/time-out of 0.2 s .* while this span ran/);
  });

  it("fails a play whose runs keep ending without an outcome, and runs the next play", async () => {
    const { api, db, engine } = testEngine();
    await api.workflows.save({ name: "squares", source: STEPS });
    const first = await api.plays.wait((await api.plays.start("squares")).sid, {
      timeoutMs: 30_000,
    });
    // As if its tab crashed during run 1, then during runs 2 and 3 each time it was taken up.
    await db.runs.clear();
    for (let cut = 1; cut <= MAX_INTERRUPTED_RUNS; cut++) {
      await db.plays.update(first.sid, {
        status: "running",
        run_count: cut,
        output_data: null,
        ended_at: null,
      });
      if (cut < MAX_INTERRUPTED_RUNS) {
        await db.runs.put({
          play_sid: first.sid,
          run_no: cut,
          version_sid: first.version_sid,
          started_at: 1,
          ended_at: 2,
          ended_by: "interrupted",
          pause_key: null,
          journal: "",
        });
      }
    }
    await engine.start();
    const play = await api.plays.wait(first.sid, { timeoutMs: 30_000 });
    expect(play.status).toBe("failed");
    expect(play.run_count).toBe(MAX_INTERRUPTED_RUNS);
    expect(play.error?.message).toMatch(/last 3 runs ended without an outcome/);
    expect((await api.plays.runs(first.sid)).map((r) => r.ended_by)).toEqual([
      "interrupted",
      "interrupted",
      "interrupted",
    ]);
    const next = await api.plays.start("squares");
    expect((await api.plays.wait(next.sid, { timeoutMs: 30_000 })).status).toBe("completed");
  });

  it("takes a play cut off fewer times up again", async () => {
    const { api, db, engine } = testEngine();
    await api.workflows.save({ name: "squares", source: STEPS });
    const first = await api.plays.wait((await api.plays.start("squares")).sid, {
      timeoutMs: 30_000,
    });
    await db.runs.delete([first.sid, 1]);
    await db.plays.update(first.sid, { status: "running", output_data: null, ended_at: null });
    await engine.start();
    const play = await api.plays.wait(first.sid, { timeoutMs: 30_000 });
    expect(play).toMatchObject({ status: "completed", run_count: 2 });
  });
});

describe("a run whose worker is gone under it (terminated or crashed from outside)", () => {
  it("is cut off and run again, replaying every step it stored ok", async () => {
    let runs = 0;
    const { api } = testEngine({
      workerApi: () => {
        const base = nodeWorkerApi();
        return {
          ...base,
          run: async (request, onBatch) => {
            runs += 1;
            if (runs > 1) return base.run(request, onBatch);
            // The first run finishes its steps and sends them, then its worker is gone before
            // its outcome comes back.
            await base.run(request, onBatch);
            throw new WorkerGoneError();
          },
        };
      },
    });
    await api.workflows.save({ name: "tokens", source: TOKENS });
    const started = await api.plays.start("tokens");
    const play = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(play.error).toBeNull();
    expect(play).toMatchObject({ status: "completed", run_count: 2 });
    expect((await api.plays.runs(started.sid)).map((r) => r.ended_by)).toEqual([
      "interrupted",
      "completed",
    ]);
    const run1 = await api.plays.spans(started.sid, { runNo: 1 });
    const run2 = await api.plays.spans(started.sid, { runNo: 2 });
    const tokens = run1.filter((s) => s.kind === "step").map((s) => [s.status, s.output]);
    expect(tokens.map(([status]) => status)).toEqual(["ok", "ok"]);
    // The root was open when the worker went: it ends interrupted, saying why.
    expect(run1[0]).toMatchObject({ kind: "flow_root", status: "cancelled" });
    expect(run1[0]?.error?.type).toBe("Interrupted");
    const replays = run2.filter((s) => s.kind === "step").map((s) => [s.replayed, s.output]);
    expect(replays).toEqual(tokens.map(([, output]) => [true, output]));
    expect(play.output_data).toEqual(tokens.map(([, output]) => output));
  });
});

describe("a child play whose flow is gone when it starts", () => {
  it("fails, and its waiting parent goes on with that failure", async () => {
    const { api, db } = testEngine();
    await api.workflows.save({
      name: "kid",
      source: `from hero_logic import flow\n@flow\ndef main():\n    return 1\n`,
    });
    await api.workflows.save({
      name: "parent",
      source: `from hero_logic import flow, Failed\n@flow\ndef main():\n    try:\n        return flow.invoke("kid", spawn=True)\n    except Failed as e:\n        return f"failed: {e}"\n`,
    });
    const kid = await api.workflows.get("kid");
    // The child is created, then its flow vanishes before it runs (in the same transaction).
    db.plays.hook("creating", (_key, play) => {
      if (play.parent_play_sid) void db.workflows.delete(kid!.sid);
    });
    const started = await api.plays.start("parent");
    const parent = await api.plays.wait(started.sid, { timeoutMs: 30_000 });
    expect(parent.status).toBe("completed");
    expect(parent.output_data).toMatch(/^failed: .*no longer exists/);
  });
});
