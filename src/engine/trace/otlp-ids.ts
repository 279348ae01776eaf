/**
 * Trace and span ids for OTLP, derived from the play's records: the same play exports with the
 * same ids every time (a second export lines up with the first in a tracing backend), and ids
 * from different plays look unrelated, as random ones would. Lowercase hex, as OTLP/JSON wants.
 */

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A 16-byte id as 32 hex digits, or an 8-byte one as 16; never all zeros (invalid in OTLP). */
async function idOf(text: string, digits: 32 | 16): Promise<string> {
  const hex = (await sha256Hex(text)).slice(0, digits);
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

/** The trace of one play. */
export const traceIdOf = (playSid: string) => idOf(`hero_logic trace ${playSid}`, 32);

/** A span of a play: `what` names it within the play (a run's span, the play, a wait). */
export const spanIdOf = (playSid: string, what: string) =>
  idOf(`hero_logic span ${playSid} ${what}`, 16);
