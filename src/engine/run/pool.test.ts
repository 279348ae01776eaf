import { describe, expect, it, vi } from "vitest";
import type { AnalyzeResult } from "../../wire/records";
import { createPythonPool, type PoolLease } from "./pool";
import { OWN_WAIT_MS, SPARE_AFTER_IDLE_MS } from "./pool-policy";
import type { PythonHost, RuntimeStatus } from "./python-host";

interface FakeHost extends PythonHost {
  id: number;
  terminated: boolean;
  /** Finish booting (hosts boot at once unless the pool was made with `manualBoot`). */
  boot(): void;
}

/**
 * A pool over fake hosts numbered in the order the pool made them (0, 1, …), on a clock that
 * moves only when the test says (`later()`: past the idle time before a spare is made).
 */
function fakePool(
  size: number,
  {
    manualBoot = false,
    now = undefined as (() => number) | undefined,
    othersAfter = undefined as Promise<unknown> | undefined,
  } = {},
) {
  const hosts: FakeHost[] = [];
  const factory = (): PythonHost => {
    let status: RuntimeStatus = { stage: "not-started", error: null, info: null };
    const listeners = new Set<(status: RuntimeStatus) => void>();
    const update = (next: Partial<RuntimeStatus>) => {
      status = { ...status, ...next };
      for (const listener of listeners) listener(status);
    };
    let booted!: () => void;
    const booting = new Promise<void>((resolve) => {
      booted = resolve;
    });
    let started = false;
    const host: FakeHost = {
      id: hosts.length,
      terminated: false,
      boot() {
        update({ stage: "ready" });
        booted();
      },
      ready() {
        if (!started) {
          started = true;
          update({ stage: "loading-runtime" });
          if (!manualBoot) host.boot();
        }
        return booting;
      },
      status: () => status,
      collect() {},
      onStatus(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      install: async () => {},
      async analyze(): Promise<AnalyzeResult> {
        await booting;
        return { ok: true, analyzed_by: host.id } as unknown as AnalyzeResult;
      },
      run: () => Promise.reject(new Error("not in these tests")),
      terminate() {
        host.terminated = true;
        update({ stage: "failed", error: "terminated" });
      },
    };
    hosts.push(host);
    return host;
  };
  let time = 1_000;
  const pool = createPythonPool(factory, size, { now: now ?? (() => time), othersAfter });
  const id = (lease: PoolLease) => (lease.host as FakeHost).id;
  const terminated = () => hosts.filter((h) => h.terminated).map((h) => h.id);
  const later = () => {
    time += SPARE_AFTER_IDLE_MS;
  };
  return { pool, hosts, id, terminated, later };
}

/** Run one job under `key` to its end; the id of the host it ran on. */
async function once(
  { pool, id }: ReturnType<typeof fakePool>,
  key: string | null,
): Promise<number> {
  const lease = await pool.acquire(key);
  lease.release();
  return id(lease);
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("the Python pool keeps flows apart", () => {
  it("gives a flow its own worker again, and other flows other workers", async () => {
    const fake = fakePool(3);
    await fake.pool.ready();
    const a = await once(fake, "a");
    const b = await once(fake, "b");
    expect(b).not.toBe(a);
    // Idle and ready: each flow finds its own worker, several times over.
    for (let i = 0; i < 3; i++) {
      expect(await once(fake, "a")).toBe(a);
      expect(await once(fake, "b")).toBe(b);
    }
    expect(fake.terminated()).toEqual([]);
  });

  it("gives a new flow a fresh worker before replacing a bound one, even the least used", async () => {
    const fake = fakePool(3);
    await fake.pool.ready();
    const a = await once(fake, "a");
    const b = await once(fake, "b");
    fake.later();
    const c = await once(fake, "c");
    expect(new Set([a, b, c]).size).toBe(3);
    // Binding the last fresh worker recycled the least recently used idle one (a's) as a spare.
    expect(fake.terminated()).toEqual([a]);
    expect(fake.hosts).toHaveLength(4);
  });

  it("replaces the least recently used idle worker of another flow when none is fresh", async () => {
    const fake = fakePool(2);
    await fake.pool.ready();
    // Both busy while they are bound: no spare can be made.
    const a = await fake.pool.acquire("a");
    const b = await fake.pool.acquire("b");
    expect(fake.terminated()).toEqual([]);
    b.release();
    a.release(); // a was given back last: b's worker is the least recently used
    fake.later();
    const terminated: number[] = [];
    for (const host of fake.hosts) host.onStatus(() => terminated.push(host.id));
    const c = await fake.pool.acquire("c");
    expect(fake.id(c)).toBe(2);
    // b's worker went first; then a's (idle, the only one left bound) became the spare.
    expect(terminated).toEqual([fake.id(b), fake.id(a)]);
    c.release();
    expect(await once(fake, "d")).toBe(3);
  });

  it("never recycles a busy worker: a job waits, and gets its own worker first", async () => {
    const fake = fakePool(2);
    await fake.pool.ready();
    const a = await fake.pool.acquire("a");
    const b = await fake.pool.acquire("b");
    const order: string[] = [];
    const c = fake.pool.acquire("c").then((lease) => {
      order.push("c");
      return lease;
    });
    const a2 = fake.pool.acquire("a").then((lease) => {
      order.push("a");
      return lease;
    });
    await settle();
    expect(order).toEqual([]);
    expect(fake.terminated()).toEqual([]);
    // a's worker comes back: the job of flow a takes it, though c waited longer.
    a.release();
    expect(fake.id(await a2)).toBe(fake.id(a));
    expect(order).toEqual(["a"]);
    expect(fake.terminated()).toEqual([]);
    // b's worker comes back: c gets it, replaced by a fresh one.
    b.release();
    expect(fake.id(await c)).toBe(2);
    expect(fake.terminated()).toEqual([fake.id(b)]);
  });

  it("keeps one fresh worker booting in the background, and still says Python is ready", async () => {
    const fake = fakePool(2, { manualBoot: true });
    fake.hosts[0]!.boot();
    await fake.pool.ready();
    await settle();
    fake.hosts[1]!.boot();
    expect(await once(fake, "a")).toBe(0);
    fake.later();
    const b = await fake.pool.acquire("b");
    expect(fake.id(b)).toBe(1);
    // a's idle worker made way for a fresh one, booting while b runs.
    expect(fake.terminated()).toEqual([0]);
    expect(fake.hosts[2]!.status().stage).toBe("loading-runtime");
    expect(fake.pool.status().stage).toBe("ready");
    // The next new flow gets that fresh worker; b's busy worker is not recycled for a spare.
    fake.hosts[2]!.boot();
    const c = await fake.pool.acquire("c");
    expect(fake.id(c)).toBe(2);
    expect(fake.terminated()).toEqual([0]);
    b.release();
    c.release();
  });

  it("boots the other workers only after the page's set-up, unless a job needs one", async () => {
    let setUpDone!: () => void;
    const othersAfter = new Promise<void>((resolve) => {
      setUpDone = resolve;
    });
    const fake = fakePool(3, { othersAfter });
    await fake.pool.ready();
    await settle();
    expect(fake.hosts.map((h) => h.status().stage)).toEqual([
      "ready",
      "not-started",
      "not-started",
    ]);
    // A job bound to another flow while the first worker is busy boots one on demand.
    const a = await fake.pool.acquire("a");
    const b = await fake.pool.acquire("b");
    await b.host.ready();
    expect(fake.id(b)).not.toBe(fake.id(a));
    expect(fake.hosts.filter((h) => h.status().stage === "ready")).toHaveLength(2);
    setUpDone();
    await settle();
    expect(fake.hosts.every((h) => h.status().stage === "ready")).toBe(true);
    a.release();
    b.release();
  });

  it("does not thrash: two flows played in turn keep their workers, no spare is made", async () => {
    const fake = fakePool(2);
    await fake.pool.ready();
    const a = await once(fake, "a");
    const b = await once(fake, "b");
    expect(b).not.toBe(a);
    for (let i = 0; i < 3; i++) {
      expect(await once(fake, "a")).toBe(a);
      expect(await once(fake, "b")).toBe(b);
    }
    expect(fake.terminated()).toEqual([]);
    // A third flow then waits for a replacement: the least recently used (a's) worker.
    expect(await once(fake, "c")).toBe(2);
    expect(fake.terminated()).toEqual([a]);
  });

  it("lets a job wait a moment for its flow's busy worker rather than push out another flow", async () => {
    vi.useFakeTimers();
    try {
      const fake = fakePool(2, { now: () => Date.now() });
      await fake.pool.ready();
      const a = await fake.pool.acquire("a");
      expect(await once(fake, "b")).toBe(1);
      let second: PoolLease | undefined;
      fake.pool.acquire("a").then((lease) => {
        second = lease;
      });
      await vi.advanceTimersByTimeAsync(OWN_WAIT_MS / 2);
      expect(second).toBeUndefined();
      a.release();
      await vi.advanceTimersByTimeAsync(0);
      expect(fake.id(second!)).toBe(0);
      expect(fake.terminated()).toEqual([]);
      // A longer wait than a boot: b's idle worker is replaced for it.
      let third: PoolLease | undefined;
      fake.pool.acquire("a").then((lease) => {
        third = lease;
      });
      await vi.advanceTimersByTimeAsync(OWN_WAIT_MS - 1);
      expect(third).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(fake.id(third!)).toBe(2);
      expect(fake.terminated()).toEqual([1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("gives a killed worker's slot back fresh, bound to nothing", async () => {
    const fake = fakePool(1);
    await fake.pool.ready();
    const a = await fake.pool.acquire("a");
    a.kill();
    expect(fake.terminated()).toEqual([0]);
    // Another flow gets the fresh worker as it is: nothing more is terminated.
    expect(await once(fake, "b")).toBe(1);
    expect(fake.terminated()).toEqual([0]);
    // ...which is b's now: a is not given it.
    expect(await once(fake, "a")).toBe(2);
    expect(fake.terminated()).toEqual([0, 1]);
  });

  it("analyzes on a worker that ran no flow, and leaves it unbound", async () => {
    const fake = fakePool(2);
    await fake.pool.ready();
    const a = await once(fake, "a");
    const analyzedBy = async () =>
      ((await fake.pool.analyze("x = 1")) as unknown as { analyzed_by: number }).analyzed_by;
    expect(await analyzedBy()).not.toBe(a);
    // The analysis left its worker fresh: the next new flow gets it without a replacement.
    fake.later();
    const b = await once(fake, "b");
    expect(b).not.toBe(a);
    // Now every worker is bound (a's was recycled as the spare when b took the fresh one).
    expect(fake.terminated()).toEqual([a]);
    expect(await analyzedBy()).toBe(2);
    expect(await once(fake, "a")).toBe(2);
    // With every worker bound and idle, an analysis replaces the least recently used one.
    expect(await analyzedBy()).toBe(3);
    expect(fake.terminated()).toEqual([a, b]);
  });
});
