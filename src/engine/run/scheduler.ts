import { isDatabaseClosed } from "../store/storage-errors";
import { createSlots, createWorkCount } from "./concurrency";
import { measurePhase } from "./timing";

/** The part of the Web Locks API the scheduler uses (a fake one in unit tests). */
export interface PlayLocks {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

export interface SchedulerOptions<Need> {
  /**
   * Whether a play still needs a run once this tab holds its lock: another tab may have run,
   * paused or cancelled it meanwhile. What it answers (null or false: no run) is handed to
   * `execute`, which need not read it again. Default: always (`true`).
   */
  needsRun?: (playSid: string) => Promise<Need | null | false>;
  /** Default: `navigator.locks`; without it (Node) plays run without locks. */
  locks?: PlayLocks | null;
}

export function playLockName(playSid: string): string {
  return `hero-logic:play:${playSid}`;
}

/**
 * Runs queued plays, at most `concurrency` at once. A play runs under a Web Lock named after
 * it, held from the moment it is queued until its last queued run ends, so two tabs never
 * execute the same play. When another tab holds the lock, this tab waits for it in the
 * background: if that tab closes mid-play, the lock comes free, the play is still `pending` or
 * `running`, and this tab takes it up (it runs again, replaying) without a reload.
 */
export function createScheduler<Need = true>(
  execute: (playSid: string, need: Need) => Promise<void>,
  concurrency = 1,
  options: SchedulerOptions<Need> = {},
) {
  const needsRun = options.needsRun ?? (async () => true as Need);
  const locks = options.locks === undefined ? browserLocks() : options.locks;
  // Plays this tab holds the lock of, or waits for.
  const claimed = new Set<string>();
  // Plays queued again while claimed: they get another look (and a run) once the current ends.
  const again = new Set<string>();
  // When each play was first queued since its last run began (for the `queue` measure).
  const queuedAt = new Map<string, number>();
  const slots = createSlots(concurrency);
  // Claims doing something here (trying the lock, waiting for a slot, running); a claim that
  // only waits for another tab's lock is not work of this tab.
  const work = createWorkCount();

  /**
   * Queue a play. `need`: what `needsRun` would answer, known to the caller (it just created
   * the play): the first look, when this tab gets the play's lock at once, takes it instead of
   * reading the play again.
   */
  function enqueue(playSid: string, need?: Need): void {
    if (!queuedAt.has(playSid)) queuedAt.set(playSid, performance.now());
    if (claimed.has(playSid)) {
      again.add(playSid);
      return;
    }
    claimed.add(playSid);
    work.begin();
    void claim(playSid, need)
      .catch((error: unknown) => reportRunError(playSid, error))
      .finally(() => claimed.delete(playSid));
  }

  /**
   * Queue a play seen unfinished in the stored data, unless this tab holds it or waits for its
   * lock already: then it is in hand, and what its run leaves to do, the run queues itself.
   */
  function takeUp(playSid: string): void {
    if (!claimed.has(playSid)) enqueue(playSid);
  }

  async function claim(playSid: string, need?: Need): Promise<void> {
    const name = playLockName(playSid);
    let mine = false;
    try {
      if (!locks) return await serve(playSid, need);
      await locks.request(name, { ifAvailable: true }, async (lock) => {
        mine = lock !== null;
        if (mine) await serve(playSid, need);
      });
    } finally {
      work.end();
    }
    if (!locks || mine) return;
    // Another tab has the play. Wait for its lock: granted when that tab is done with the play
    // (then `needsRun` says no) or gone (then the play is left unfinished and runs here).
    await locks.request(name, {}, async () => {
      work.begin();
      try {
        await serve(playSid);
      } finally {
        work.end();
      }
    });
  }

  /** Run the play while it needs runs; the caller holds its lock. */
  async function serve(playSid: string, known?: Need): Promise<void> {
    do {
      again.delete(playSid);
      const queued = queuedAt.get(playSid);
      queuedAt.delete(playSid);
      const need = known ?? (await needsRun(playSid));
      known = undefined;
      if (need === null || need === false) continue;
      await slots.take();
      if (queued !== undefined) measurePhase("queue", playSid, queued);
      try {
        await execute(playSid, need);
      } catch (error) {
        reportRunError(playSid, error);
      } finally {
        slots.free();
      }
    } while (again.has(playSid));
  }

  return {
    enqueue,
    takeUp,
    /** Resolves once this tab has nothing queued or running (tests, benchmarks). */
    idle: work.idle,
  };
}

/** This page's Web Locks; none in Node. */
function browserLocks(): PlayLocks | null {
  return (globalThis.navigator as { locks?: PlayLocks } | undefined)?.locks ?? null;
}

/**
 * A run that could not start. After another tab upgraded the database this tab has closed it
 * (the banner asks for a reload, and the play goes on there): expected, so not an error.
 */
function reportRunError(playSid: string, error: unknown): void {
  if (isDatabaseClosed(error)) {
    console.warn(`play ${playSid} waits for the reload: this tab is out of date`);
  } else {
    console.error(`play ${playSid} could not run`, error);
  }
}
