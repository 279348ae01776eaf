import { afterEach, describe, expect, it, vi } from "vitest";
import type { Play } from "../db/records";
import { testEngine } from "../test-support/test-engine";
import { transition } from "./store/transitions";

const FLOW = `import os
from hero_logic import flow

@flow
def main():
    return flow.step(lambda: os.urandom(4).hex(), name="token")
`;

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Resolves once `done()` holds, looking between tasks; false when it did not in `turns`. */
async function within(turns: number, done: () => boolean | Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < turns; i++) {
    if (await done()) return true;
    await turn();
  }
  return false;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("plays.wait", () => {
  it("is woken by this tab's own change as it commits, without reading the play back", async () => {
    const { api, db } = testEngine();
    await api.ready();
    await api.workflows.save({ name: "token", source: FLOW });
    // Timers never fire from here: the live query's first read (on a timer of Dexie's) never
    // comes, so only the engine itself can wake the wait.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const play = await api.plays.start("token");
    let woken: Play | undefined;
    void api.plays.wait(play.sid).then((done) => {
      woken = done;
    });
    const stored = async () => (await db.plays.get(play.sid))?.status === "completed";
    expect(await within(20_000, stored)).toBe(true);
    expect(await within(20, () => woken !== undefined)).toBe(true);
    expect(woken).toEqual(await db.plays.get(play.sid));
  }, 30_000);

  it("is told only the last state a transaction stored, and nothing of one that aborted", async () => {
    const { api, db } = testEngine();
    await api.workflows.save({ name: "token", source: FLOW });
    const play = await api.plays.wait((await api.plays.start("token")).sid);
    const child = { ...play, sid: "child000", status: "running" as const, parent_play_sid: null };
    await db.plays.add(child);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const seen: string[] = [];
    for (const until of [["waiting"], ["pending"], ["failed"]] as const) {
      void api.plays.wait(child.sid, { until: [...until] }).then((p) => seen.push(p.status));
    }
    // One transaction moves the play twice: only its last state was ever stored.
    await db.transaction("rw", db.plays, async () => {
      await transition(db, child.sid, "waiting");
      await transition(db, child.sid, "pending");
    });
    // This one rolls back.
    await db
      .transaction("rw", db.plays, async () => {
        await transition(db, child.sid, "failed");
        throw new Error("rolled back");
      })
      .catch(() => {});
    await within(50, () => false);
    expect(seen).toEqual(["pending"]);
  }, 30_000);
});
