import { describe, expect, it } from "vitest";
import { createScheduler } from "./scheduler";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
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
    await Promise.resolve();
    expect(started).toEqual(["a", "b"]);
    gates.get("a")!.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(["a", "b", "c"]);
    gates.get("b")!.resolve();
    gates.get("c")!.resolve();
    await scheduler.idle();
  });

  it("does not queue a play twice, but runs it again when queued during its own run", async () => {
    const runs: string[] = [];
    let scheduler!: ReturnType<typeof createScheduler>;
    scheduler = createScheduler(async (sid) => {
      runs.push(sid);
      // A run that ends by queueing its own play again (a parent whose children already ended).
      if (runs.length === 1) scheduler.enqueue(sid);
    }, 1);
    scheduler.enqueue("p");
    scheduler.enqueue("p");
    await new Promise((r) => setTimeout(r, 10));
    await scheduler.idle();
    expect(runs).toEqual(["p", "p"]);
  });
});
