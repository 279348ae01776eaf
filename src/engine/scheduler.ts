/**
 * Runs queued plays one at a time per Python worker. A play runs under a Web Lock named after
 * it, so two tabs never execute the same play at once.
 */
export function createScheduler(execute: (playSid: string) => Promise<void>, concurrency = 1) {
  const queue: string[] = [];
  const active = new Set<string>();
  // Plays queued again while their current run is still finishing: they go again after it.
  const again = new Set<string>();
  const idleWaiters: (() => void)[] = [];

  function enqueue(playSid: string): void {
    if (active.has(playSid)) {
      again.add(playSid);
      return;
    }
    if (queue.includes(playSid)) return;
    queue.push(playSid);
    pump();
  }

  function pump(): void {
    while (active.size < concurrency && queue.length > 0) {
      const playSid = queue.shift()!;
      active.add(playSid);
      void underLock(playSid, () => execute(playSid))
        .catch((error: unknown) => console.error(`play ${playSid} could not run`, error))
        .finally(() => {
          active.delete(playSid);
          if (again.delete(playSid)) queue.push(playSid);
          pump();
          if (active.size === 0 && queue.length === 0) for (const w of idleWaiters.splice(0)) w();
        });
    }
  }

  return {
    enqueue,
    /** Resolves once nothing is queued or running (tests, benchmarks). */
    idle: () =>
      active.size === 0 && queue.length === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => idleWaiters.push(resolve)),
  };
}

async function underLock(playSid: string, body: () => Promise<void>): Promise<void> {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  if (!locks) return body();
  await locks.request(`hero-logic:play:${playSid}`, { ifAvailable: true }, async (lock) => {
    if (lock) await body();
  });
}
