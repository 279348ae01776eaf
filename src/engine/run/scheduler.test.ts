import { describe, expect, it } from "vitest";
import { createScheduler, type PlayLocks } from "./scheduler";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** Resolves once `done()` holds, looking between tasks (at most 1,000 times). */
async function within(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await tick();
}

/**
 * Web Locks shared by several tabs, as one browser has them: exclusive, granted in request
 * order. `close(tab)` ends a tab: its locks are released even though its callbacks never end.
 */
function sharedLocks() {
  const holders = new Map<string, string>();
  const waiting = new Map<string, (() => void)[]>();
  const releases = new Map<string, (() => void)[]>();
  function release(name: string) {
    holders.delete(name);
    waiting.get(name)?.shift()?.();
  }
  return {
    tab(tab: string): PlayLocks {
      return {
        async request(name, options, callback) {
          if (holders.has(name) && options.ifAvailable) return callback(null);
          if (holders.has(name)) {
            await new Promise<void>((r) => waiting.set(name, [...(waiting.get(name) ?? []), r]));
          }
          holders.set(name, tab);
          let released = false;
          const done = () => {
            if (released) return;
            released = true;
            release(name);
          };
          releases.set(tab, [...(releases.get(tab) ?? []), done]);
          try {
            return await callback({ name });
          } finally {
            done();
          }
        },
      };
    },
    close(tab: string) {
      for (const done of releases.get(tab) ?? []) done();
    },
  };
}

describe("scheduler", () => {
  it("runs at most `concurrency` plays at once, in order", async () => {
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const scheduler = createScheduler(async (sid) => {
      started.push(sid);
      const gate = deferred();
      gates.set(sid, gate);
      await gate.promise;
    }, 2);
    for (const sid of ["a", "b", "c"]) scheduler.enqueue(sid);
    await tick();
    expect(started).toEqual(["a", "b"]);
    gates.get("a")!.resolve();
    await tick();
    expect(started).toEqual(["a", "b", "c"]);
    gates.get("b")!.resolve();
    gates.get("c")!.resolve();
    await scheduler.idle();
  });

  it("does not queue a play twice, but runs it again when queued during its own run", async () => {
    const runs: string[] = [];
    let scheduler!: ReturnType<typeof createScheduler<true>>;
    scheduler = createScheduler(async (sid) => {
      runs.push(sid);
      // A run that ends by queueing its own play again (a parent whose children already ended).
      if (runs.length === 1) scheduler.enqueue(sid);
    }, 1);
    scheduler.enqueue("p");
    scheduler.enqueue("p");
    await scheduler.idle();
    expect(runs).toEqual(["p", "p"]);
  });

  it("takes up a play only when this tab does not hold it already", async () => {
    const checked: string[] = [];
    const runs: string[] = [];
    let scheduler!: ReturnType<typeof createScheduler<true>>;
    scheduler = createScheduler(
      async (sid) => {
        runs.push(sid);
        // Seen running in the stored data while it runs here: it is in hand.
        scheduler.takeUp(sid);
      },
      1,
      {
        needsRun: async (sid) => {
          checked.push(sid);
          return true;
        },
      },
    );
    scheduler.takeUp("p");
    await scheduler.idle();
    expect(runs).toEqual(["p"]);
    expect(checked).toEqual(["p"]);
    // Once this tab let it go, a play seen unfinished is looked at again.
    await tick();
    scheduler.takeUp("p");
    await scheduler.idle();
    expect(checked).toEqual(["p", "p"]);
  });

  it("trusts what the queuer knew of a play while nobody else had it, and reads it after", async () => {
    const locks = sharedLocks();
    const checked: string[] = [];
    const runs: [string, string][] = [];
    const scheduler = (tab: string) =>
      createScheduler<string>(
        async (sid, key) => {
          runs.push([sid, key]);
        },
        1,
        {
          locks: locks.tab(tab),
          needsRun: async (sid) => {
            checked.push(sid);
            return "read";
          },
        },
      );
    const a = scheduler("a");
    a.enqueue("fresh", "known");
    await a.idle();
    expect(runs).toEqual([["fresh", "known"]]);
    expect(checked).toEqual([]);
    // Another tab holds the next one: once it lets go, what was known may be stale.
    const held = deferred();
    void locks.tab("b").request("hero-logic:play:taken", {}, () => held.promise);
    a.enqueue("taken", "known");
    await tick();
    held.resolve();
    await within(() => runs.length === 2);
    expect(runs[1]).toEqual(["taken", "read"]);
    expect(checked).toEqual(["taken"]);
  });

  it("runs a play in one tab only; the other takes it up when that tab closes mid-run", async () => {
    const locks = sharedLocks();
    // The play's state as the shared database has it.
    let status = "pending";
    const needsRun = async () => status === "pending" || status === "running";
    const runs: string[] = [];
    const a = createScheduler(
      async () => {
        runs.push("a");
        status = "running";
        await new Promise(() => {}); // cut off: this tab closes mid-run
      },
      1,
      { locks: locks.tab("a"), needsRun },
    );
    const b = createScheduler(
      async () => {
        runs.push("b");
        status = "completed";
      },
      1,
      { locks: locks.tab("b"), needsRun },
    );
    a.enqueue("p");
    await tick();
    b.enqueue("p");
    await tick();
    expect(runs).toEqual(["a"]);
    // Waiting for another tab's lock is not work of this tab.
    await b.idle();
    locks.close("a");
    await tick();
    expect(runs).toEqual(["a", "b"]);
    await b.idle();
    expect(status).toBe("completed");
  });

  it("does not run again a play the other tab finished", async () => {
    const locks = sharedLocks();
    let status = "pending";
    const needsRun = async () => status === "pending" || status === "running";
    const gate = deferred();
    const runs: string[] = [];
    const a = createScheduler(
      async () => {
        runs.push("a");
        await gate.promise;
        status = "paused";
      },
      1,
      { locks: locks.tab("a"), needsRun },
    );
    const b = createScheduler(
      async () => {
        runs.push("b");
      },
      1,
      { locks: locks.tab("b"), needsRun },
    );
    a.enqueue("p");
    await tick();
    b.enqueue("p");
    gate.resolve();
    await a.idle();
    await tick();
    await b.idle();
    expect(runs).toEqual(["a"]);
  });
});
