import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { HeroDb } from "../db/schema";
import { watchOtherTabs, watchSchema } from "./other-tabs";
import type { StopReason } from "./runner";

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
