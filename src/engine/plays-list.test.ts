import { liveQuery } from "dexie";
import { describe, expect, it } from "vitest";
import type { Play } from "../db/records";
import { testEngine } from "../test-support/test-engine";
import { newPlay } from "./store/new-play";

const FLOW = `from hero_logic import flow

@flow
def main():
    return 1
`;

/** Resolves once `done()` holds, looking between tasks; false when it did not in `turns`. */
async function within(turns: number, done: () => boolean): Promise<boolean> {
  for (let i = 0; i < turns; i++) {
    if (done()) return true;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}

describe("plays.list", () => {
  it("gives plays newest first whatever it filters by, a tie in time by the larger sid", async () => {
    const { api, db } = testEngine();
    const workflow = await api.workflows.save({ name: "one", source: FLOW });
    const play = (sid: string, created_at: number, status: Play["status"]) => ({
      ...newPlay({
        sid,
        workflowSid: workflow.sid,
        versionSid: workflow.current_version_sid,
        pinned: false,
        inputs: {},
        prefill: {},
      }),
      created_at,
      status,
    });
    await db.plays.bulkAdd([
      play("a0000000", 5, "paused"),
      play("c0000000", 7, "failed"),
      play("b0000000", 7, "paused"),
      play("d0000000", 7, "paused"),
      play("e0000000", 1, "paused"),
    ]);
    const sids = (plays: Play[]) => plays.map((p) => p.sid);
    const all = sids(await api.plays.list());
    expect(all).toEqual(["d0000000", "c0000000", "b0000000", "a0000000", "e0000000"]);
    expect(sids(await api.plays.list({ status: "paused" }))).toEqual(
      all.filter((sid) => sid !== "c0000000"),
    );
    expect(sids(await api.plays.list({ workflow: "one" }))).toEqual(all);
    expect(sids(await api.plays.list({ status: ["failed", "paused"], workflow: "one" }))).toEqual(
      all,
    );
  });

  it("kept live for one status, is not read again when plays in other statuses move", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "one", source: FLOW });
    let reads = 0;
    const paused = liveQuery(() => {
      reads += 1;
      return api.plays.list({ status: "paused" });
    }).subscribe(() => {});
    expect(await within(1000, () => reads === 1)).toBe(true);
    const play = await api.plays.start("one");
    expect((await api.plays.wait(play.sid)).status).toBe("completed");
    // A read again would start as the play's changes commit; give it every chance to show.
    expect(await within(200, () => reads > 1)).toBe(false);
    paused.unsubscribe();
  });
});
