import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it, vi } from "vitest";
import type { Play, PlayStatus } from "../../db/records";
import { HeroDb } from "../../db/schema";
import { canTransition, move, TRANSITIONS, transition } from "./transitions";

function play(status: PlayStatus): Play {
  return {
    sid: "p1",
    workflow_sid: "w",
    version_sid: "v",
    pinned_version_sid: null,
    status,
    input_data: {},
    output_data: null,
    error: null,
    prefill_resumes: {},
    prefill_only: false,
    pending_pause: null,
    waiting_on: [],
    parent_play_sid: null,
    parent_span_sid: null,
    run_count: 0,
    timeout_ms: null,
    created_at: 0,
    started_at: null,
    ended_at: null,
  };
}

function freshDb() {
  return new HeroDb("transitions", { indexedDB: new IDBFactory(), IDBKeyRange });
}

describe("play status transitions", () => {
  it("end in completed, and never leave it; failed and cancelled only go back to the queue (a retry)", () => {
    expect(TRANSITIONS.completed).toEqual([]);
    expect(TRANSITIONS.cancelled).toEqual(["pending"]);
    expect(TRANSITIONS.failed).toEqual(["pending"]);
  });

  it("allow a play's life cycle (queued, running, paused or waiting, queued again) and nothing that skips the queue", () => {
    expect(canTransition("pending", "running")).toBe(true);
    expect(canTransition("running", "paused")).toBe(true);
    expect(canTransition("paused", "pending")).toBe(true);
    expect(canTransition("running", "waiting")).toBe(true);
    expect(canTransition("waiting", "pending")).toBe(true);
    expect(canTransition("paused", "running")).toBe(false);
    expect(canTransition("waiting", "completed")).toBe(false);
    expect(canTransition("pending", "completed")).toBe(false);
    expect(canTransition("failed", "cancelled")).toBe(false);
  });

  it("write the new status and patch together", async () => {
    const db = freshDb();
    await db.plays.add(play("running"));
    const next = await transition(db, "p1", "completed", { output_data: 7, ended_at: 5 });
    expect(next).toMatchObject({ status: "completed", output_data: 7, ended_at: 5 });
    expect(await db.plays.get("p1")).toEqual(next);
  });

  it("refuse a forbidden move and change nothing", async () => {
    const db = freshDb();
    await db.plays.add(play("completed"));
    await expect(transition(db, "p1", "running")).rejects.toThrow(
      "cannot go from completed to running",
    );
    expect((await db.plays.get("p1"))?.status).toBe("completed");
  });

  it("move a play the caller read in its transaction, by the same table, without reading it again", async () => {
    const db = freshDb();
    await db.plays.add(play("pending"));
    const get = vi.spyOn(db.plays, "get");
    const next = await db.transaction("rw", db.plays, async () => {
      const read = (await db.plays.get("p1"))!;
      await expect(move(db, read, "completed")).rejects.toThrow(
        "cannot go from pending to completed",
      );
      return move(db, read, "running", { run_count: 1 });
    });
    expect(get).toHaveBeenCalledTimes(1);
    expect(next).toMatchObject({ status: "running", run_count: 1 });
    expect(await db.plays.get("p1")).toEqual(next);
  });

  it("do nothing when the play already moved on (a lost race)", async () => {
    const db = freshDb();
    await db.plays.add(play("cancelled"));
    expect(await transition(db, "p1", "completed", {}, ["running"])).toBeNull();
    expect((await db.plays.get("p1"))?.status).toBe("cancelled");
  });
});
