/**
 * At most `limit` holders at once: `take` resolves when one may go on, `free` lets the next.
 * The slot passes straight to the next waiter, in the order they asked.
 */
export function createSlots(limit: number) {
  const waiters: (() => void)[] = [];
  let active = 0;

  function take(): Promise<void> {
    if (active < limit) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiters.push(resolve));
  }

  function free(): void {
    const next = waiters.shift();
    if (next) next();
    else active -= 1;
  }

  return { take, free };
}

/** Counts work under way: `idle` resolves once none is (at once when none is now). */
export function createWorkCount() {
  const idleWaiters: (() => void)[] = [];
  let busy = 0;

  function begin(): void {
    busy += 1;
  }

  function end(): void {
    busy -= 1;
    if (busy === 0) for (const wake of idleWaiters.splice(0)) wake();
  }

  function idle(): Promise<void> {
    return busy === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => idleWaiters.push(resolve));
  }

  return { begin, end, idle };
}
