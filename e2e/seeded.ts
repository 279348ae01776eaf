/**
 * Seeded randomness for the journeys that try moments at random: the seed is printed, and
 * `DURABLE_STEPS_SEED=<n>` repeats its sequence (the machine's timing still varies from one
 * try to the next).
 */
import type { TestInfo } from "@playwright/test";

/** mulberry32: a tiny seeded generator of floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `DURABLE_STEPS_SEED` when set, else a new seed each time. */
export function chosenSeed(): number {
  const given = process.env.DURABLE_STEPS_SEED;
  if (given !== undefined && given.trim() !== "") return Number(given) >>> 0;
  return (Date.now() ^ (Math.random() * 2 ** 32)) >>> 0;
}

/** A seeded generator for one test, its seed printed and attached to the test's report. */
export function seededRandom(label: string, testInfo: TestInfo) {
  const seed = chosenSeed();
  console.log(`${label}: seed ${seed} (DURABLE_STEPS_SEED=${seed} repeats it)`);
  testInfo.annotations.push({ type: "seed", description: String(seed) });
  const next = mulberry32(seed);
  return {
    seed,
    /** A float in [0, 1). */
    next,
    /** A whole number in [low, high]. */
    between: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
    /** One of `items`. */
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
