import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { HeroDb } from "../../db/schema";
import { createSlices } from "./slices";

/** Whether a timer set before `work` started fires before `work` ends: it let the page in. */
async function letsThePageIn(work: () => Promise<void>): Promise<boolean> {
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
  }, 0);
  await work();
  clearTimeout(timer);
  return fired;
}

describe("slices of long work on the page", () => {
  it("yields to the event loop once a slice has run its time", async () => {
    const slices = createSlices(0);
    expect(
      await letsThePageIn(async () => {
        for (let i = 0; i < 3; i++) await slices.between();
      }),
    ).toBe(true);
  });

  it("never yields before a slice has run its time", async () => {
    const slices = createSlices(60_000);
    expect(
      await letsThePageIn(async () => {
        for (let i = 0; i < 3; i++) await slices.between();
      }),
    ).toBe(false);
  });

  it("never yields inside a transaction, which IndexedDB would commit meanwhile", async () => {
    const db = new HeroDb("slices", { indexedDB: new IDBFactory(), IDBKeyRange });
    let yielded = true;
    await db.transaction("rw", db.meta, async () => {
      const slices = createSlices(0);
      yielded = await letsThePageIn(async () => {
        for (let i = 0; i < 3; i++) await slices.between();
      });
      // Still the same transaction: it was not committed while this waited.
      await db.meta.put({ key: "after", value: 1 });
    });
    expect(yielded).toBe(false);
    expect(await db.meta.get("after")).toEqual({ key: "after", value: 1 });
  });
});
