import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import { HeroError } from "../errors";

/**
 * Share links: a flow (name, description, source) travels in the URL's `#fragment`, which the
 * browser never sends to a server: `…#/share/<payload>`.
 *
 * The payload is base64url of: one format byte (1), the CRC-32 of the JSON text (4 bytes, big
 * endian), then the JSON text compressed with deflate-raw (fflate). Deflate-raw has no checksum
 * of its own, so without the CRC a changed character could decode to a slightly different
 * source without anyone noticing.
 */

/** What a share link carries. */
export interface SharedFlow {
  name: string;
  description: string;
  source: string;
}

/**
 * What `heroLogic.readShareUrl` says of a link: the flow, and the packages its PEP 723 header
 * declares (or their wheels require) that no wheel in this browser meets, by normalized name:
 * a play of it would fail before its code runs until they are added.
 */
export interface SharedLink extends SharedFlow {
  missing_packages: string[];
}

/** The hash route of a share link, before the payload. */
export const SHARE_ROUTE = "#/share/";
/** Longest share URL the app makes; longer flows are exported as a file instead. */
export const MAX_SHARE_URL_CHARS = 8 * 1024;
/** Longest payload a share page accepts (links made elsewhere may be longer than ours). */
export const MAX_PAYLOAD_CHARS = 32 * 1024;
/** Largest decompressed flow a share page accepts (guards against a deflate bomb). */
export const MAX_SHARED_JSON_BYTES = 512 * 1024;

const FORMAT = 1;
const HEADER = 5;

/** The payload of a share link for `flow`. */
export function encodeSharedFlow(flow: SharedFlow): string {
  const { name, description, source } = flow;
  const json = strToU8(JSON.stringify({ name, description, source }));
  const packed = deflateSync(json, { level: 9 });
  const bytes = new Uint8Array(HEADER + packed.length);
  bytes[0] = FORMAT;
  new DataView(bytes.buffer).setUint32(1, crc32(json));
  bytes.set(packed, HEADER);
  return toBase64Url(bytes);
}

/** The absolute share URL for `flow`, on the app at `appUrl` (its hash is dropped). */
export function shareUrlFor(appUrl: string, flow: SharedFlow): string {
  const url = `${appUrl.split("#")[0]}${SHARE_ROUTE}${encodeSharedFlow(flow)}`;
  if (url.length > MAX_SHARE_URL_CHARS) {
    const kb = (url.length / 1024).toFixed(1);
    throw new HeroError(
      "invalid_input",
      `the flow '${flow.name}' is too large to share by link (${kb} KB, links stay under ${MAX_SHARE_URL_CHARS / 1024} KB): export it as a file instead`,
    );
  }
  return url;
}

/** The flow a share link carries: `url` is the whole link, or only the payload after `#/share/`. */
export function readShareUrl(url: string): SharedFlow {
  const at = url.indexOf(SHARE_ROUTE);
  return decodeSharedFlow(at === -1 ? url : url.slice(at + SHARE_ROUTE.length));
}

/**
 * The flow a share payload carries. A damaged, altered, cut-off or oversized payload throws
 * `invalid_input` with a message a person can act on.
 */
export function decodeSharedFlow(payload: string): SharedFlow {
  const damaged = (why: string) =>
    new HeroError("invalid_input", `This share link is damaged (${why}). Ask for the link again.`);
  if (payload.length > MAX_PAYLOAD_CHARS) {
    throw new HeroError(
      "invalid_input",
      `This share link is too long (${Math.round(payload.length / 1024)} KB; at most ${MAX_PAYLOAD_CHARS / 1024} KB are accepted). Ask for the flow as an exported file instead.`,
    );
  }
  if (!/^[A-Za-z0-9_-]*$/.test(payload)) {
    throw damaged("it contains characters a share link never has");
  }
  // Base64 never leaves a single character over: the link lost its end.
  if (payload.length % 4 === 1) throw damaged("it is cut off");
  const bytes = fromBase64Url(payload);
  if (bytes.length <= HEADER) throw damaged("it is cut off");
  if (bytes[0] !== FORMAT)
    throw damaged(`unknown format ${bytes[0]}; it may come from a newer app`);
  const expected = new DataView(bytes.buffer, bytes.byteOffset).getUint32(1);
  let json: Uint8Array;
  try {
    // One byte more than the limit: a result that fills it is too large.
    const out = new Uint8Array(MAX_SHARED_JSON_BYTES + 1);
    json = inflateSync(bytes.subarray(HEADER), { out });
  } catch {
    throw damaged("it does not decompress; it was probably cut off or altered");
  }
  if (json.length > MAX_SHARED_JSON_BYTES) {
    throw new HeroError(
      "invalid_input",
      `This share link holds more than ${MAX_SHARED_JSON_BYTES / 1024} KB of flow, more than a share link may carry.`,
    );
  }
  if (crc32(json) !== expected)
    throw damaged("its checksum does not match; it was cut off or altered");
  let value: unknown;
  try {
    value = JSON.parse(strFromU8(json));
  } catch {
    throw damaged("its content is not readable");
  }
  const flow = value as Partial<Record<keyof SharedFlow, unknown>> | null;
  if (
    !flow ||
    typeof flow !== "object" ||
    typeof flow.name !== "string" ||
    typeof flow.description !== "string" ||
    typeof flow.source !== "string"
  ) {
    throw damaged("it does not describe a flow");
  }
  return { name: flow.name, description: flow.description, source: flow.source };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The bytes of a base64url text (checked by the caller). */
function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE), as zip and PNG use it. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
