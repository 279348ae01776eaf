/**
 * Tests only: a seeded random source and mutators for fuzzing the decoders (share links,
 * bundles). Seeded, so a failing case can be replayed from the seed the test prints.
 */

/** A small, fast PRNG (mulberry32) with helpers. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]! };
}

const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=!%#?&é😀\u0000\n "{}[]:,';

/** A random string, mostly of `ALPHABET`, sometimes of any UTF-16 code unit. */
export function randomText(rng: Rng, maxLength: number): string {
  const length = rng.int(maxLength + 1);
  const wild = rng.next() < 0.2;
  let text = "";
  for (let i = 0; i < length; i++) {
    text += wild ? String.fromCharCode(rng.int(0x10000)) : ALPHABET[rng.int(ALPHABET.length)];
  }
  return text;
}

/** One random edit of `text`: cut, flip, insert, delete or repeat a piece. */
export function mutateText(rng: Rng, text: string, alphabet = ALPHABET): string {
  const at = rng.int(text.length + 1);
  const char = () => alphabet[rng.int(alphabet.length)]!;
  switch (rng.int(6)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(at);
    case 2:
      return `${text.slice(0, at)}${char()}${text.slice(at + 1)}`;
    case 3:
      return `${text.slice(0, at)}${char()}${text.slice(at)}`;
    case 4:
      return `${text.slice(0, at)}${text.slice(at + 1 + rng.int(8))}`;
    default:
      return `${text.slice(0, at)}${text.slice(at, at + rng.int(64))}${text.slice(at)}`;
  }
}

/** A random JSON-ish value, `depth` levels deep at most (with the odd non-JSON value). */
export function randomValue(rng: Rng, depth = 3): unknown {
  const kind = rng.int(depth > 0 ? 12 : 9);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return rng.int(2000) - 1000;
    case 3:
      return rng.pick([0.5, -0, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53 + 1]);
    case 4:
      return randomText(rng, 12);
    case 5:
      return rng.pick(["", "main", "pl000001", "ve000001", "wf000001", "__proto__", "constructor"]);
    case 6:
      return undefined;
    case 7:
      return "x".repeat(rng.pick([1_000, 70_000, 1_100_000]));
    case 8:
      return rng.int(1 << 30);
    case 9:
    case 10: {
      const out: unknown[] = [];
      for (let i = rng.int(4); i > 0; i--) out.push(randomValue(rng, depth - 1));
      return out;
    }
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--) {
        out[rng.pick(["sid", "name", "__proto__", "format", "version", randomText(rng, 6)])] =
          randomValue(rng, depth - 1);
      }
      return out;
    }
  }
}

/**
 * A deep copy of `value` with one random node (an object field or array item, at any depth)
 * replaced by a random value, removed, or given an extra field.
 */
export function mutateValue(rng: Rng, value: unknown): unknown {
  const copy = structuredClone(value);
  const containers: (Record<string, unknown> | unknown[])[] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== "object") return;
    containers.push(node as Record<string, unknown>);
    for (const child of Object.values(node)) walk(child);
  };
  walk(copy);
  const target = rng.pick(containers);
  const keys = Object.keys(target);
  const key = keys.length > 0 && rng.next() < 0.9 ? rng.pick(keys) : randomText(rng, 5);
  const record = target as Record<string, unknown>;
  switch (rng.int(4)) {
    case 0:
      if (Array.isArray(target)) target.splice(Number(key) || 0, 1);
      else delete record[key];
      break;
    case 1:
      // Another node of the same document: swaps in a well-formed record of the wrong kind.
      record[key] = structuredClone(rng.pick(containers));
      break;
    default:
      record[key] = randomValue(rng);
  }
  return copy;
}
