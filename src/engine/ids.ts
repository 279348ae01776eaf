const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** A short stable id: 8 lowercase base32 characters (40 random bits). */
export function newSid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  let sid = "";
  for (const b of bytes) sid += ALPHABET[b & 31];
  return sid;
}
