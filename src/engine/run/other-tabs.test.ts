import { liveQuery } from "dexie";
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HeroDb } from "../../db/schema";
import { newPlay } from "../store/new-play";
import { transition } from "../store/transitions";
import { watchOtherTabs, watchSchema } from "./other-tabs";
import type { StopReason } from "./runner";

afterEach(() => {
  vi.useRealTimers();
});

/** Resolves once `done()` holds, looking between tasks; false when it did not in `turns`. */
async function within(turns: number, done: () => boolean): Promise<boolean> {
  for (let i = 0; i < turns; i++) {
    if (done()) return true;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}

describe("plays queued in the stored data", () => {
  it("are taken up after a moment, unless they finished meanwhile", async () => {
    const db = new HeroDb("hero_logic", { indexedDB: new IDBFactory(), IDBKeyRange });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const taken: string[] = [];
    const unwatch = watchOtherTabs(db, (sid) => taken.push(sid), new Map());
    const play = (sid: string) =>
      newPlay({ sid, workflowSid: "w", versionSid: "v", pinned: false, inputs: {}, prefill: {} });
    await db.plays.bulkAdd([play("done0000"), play("left0000")]);
    // The watcher's first read is on a timer of Dexie's; then a moment's grace for each play.
    vi.advanceTimersByTime(0);
    expect(await within(1000, () => vi.getTimerCount() === 2)).toBe(true);
    // One of them is run to its end by the tab that queued it; the watcher reads that again.
    const seen: string[][] = [];
    const unfinished = liveQuery(() =>
      db.plays.where("status").anyOf("pending", "running").primaryKeys(),
    ).subscribe((sids) => seen.push(sids));
    await transition(db, "done0000", "cancelled");
    vi.advanceTimersByTime(0);
    expect(await within(1000, () => seen.at(-1)?.join() === "left0000")).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(taken).toEqual(["left0000"]);
    unfinished.unsubscribe();
    unwatch();
  });
});

describe("a newer schema opened by another tab", () => {
  it("closes this tab's database for good, reports outdated and stops the runs here", async () => {
    const indexedDB = new IDBFactory();
    const db = new HeroDb("hero_logic", { indexedDB, IDBKeyRange });
    const storage = watchSchema(db);
    const seen: string[] = [];
    storage.onStatus((status) => seen.push(status));
    const stops: StopReason[] = [];
    const running = new Map([["p1", (reason: StopReason) => stops.push(reason)]]);
    const unwatch = watchOtherTabs(db, () => {}, running);
    await db.workflows.count();

    // The other tab: a newer build opens the same database one version higher.
    const upgraded = await new Promise<string>((resolve) => {
      const request = indexedDB.open("hero_logic", db.verno * 10 + 1);
      request.onblocked = () => resolve("blocked");
      request.onsuccess = () => {
        request.result.close();
        resolve("upgraded");
      };
    });
    expect(upgraded).toBe("upgraded");
    expect(storage.status()).toBe("outdated");
    expect(seen).toEqual(["outdated"]);
    expect(stops).toContain("outdated");
    // It does not open again behind the user's back: the old code would write the new schema.
    await expect(db.workflows.count()).rejects.toThrow(/closed/i);
    expect(db.isOpen()).toBe(false);
    unwatch();
  });
});
