/**
 * Trace and span ids for OTLP, derived from the play's records: the same play exports with the
 * same ids every time (a second export lines up with the first in a tracing backend), and ids
 * of different plays look unrelated, as random ones would. Lowercase hex, as OTLP/JSON wants;
 * never all zeros (an invalid id).
 */

const nonZero = (hex: string) => (/^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex);

/** The trace of one play: 16 bytes of SHA-256 over its sid, as 32 hex digits. */
export async function traceIdOf(playSid: string): Promise<string> {
  const bytes = new TextEncoder().encode(`hero_logic trace ${playSid}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return nonZero([...digest.subarray(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join(""));
}

/**
 * A span of a play's trace as 16 hex digits: `what` names it within the play (a run's span,
 * the play, a wait). Synchronous, as a play may have tens of thousands of spans: two 32-bit
 * hashes (FNV-1a, then MurmurHash3's finalizer) with different seeds, salted by the trace id.
 */
export function spanIdOf(traceId: string, what: string): string {
  const text = `${traceId} ${what}`;
  return nonZero(hash32(text, 0x811c9dc5) + hash32(text, 0x01000193 ^ 0x9e3779b9));
}

function hash32(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0).toString(16).padStart(8, "0");
}
