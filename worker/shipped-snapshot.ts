/**
 * The memory snapshot shipped with the site: made by `npm run build` under Node
 * (scripts/snapshot-plugin.ts), gzip-compressed in `snapshot/<key>.bin`, described by
 * `snapshot/manifest.json`. A first visit restores it instead of booting Python from scratch.
 * Any doubt about it (another Pyodide or SDK, a host that answered with a page, truncated,
 * corrupted or compressed again) means a normal boot and a console warning, never an error:
 * the file is only a shortcut.
 */

/** `snapshot/manifest.json`: what the build shipped. Field names are the build's contract. */
export interface SnapshotManifest {
  /** The Pyodide version and the SDK's hash it was made with (see `snapshotKey`). */
  key: string;
  /** The compressed file, beside the manifest. */
  file: string;
  format: "gzip";
  /** Bytes of the snapshot itself, and of the file as shipped. */
  size: number;
  compressed_size: number;
  /** SHA-256 of the file as shipped, hex. */
  sha256: string;
}

export const SNAPSHOT_DIR = "snapshot/";
export const MANIFEST_FILE = "manifest.json";

/** The shipped file's name for a key: the key is in it, so a stale cache never matches. */
export function snapshotFileName(key: string): string {
  return `${key}.bin`;
}

/** Why a manifest is not one for this build's `key`, or null when it is. */
export function manifestProblem(manifest: unknown, key: string): string | null {
  if (typeof manifest !== "object" || manifest === null) return "the manifest is not an object";
  const m = manifest as Partial<SnapshotManifest>;
  const counts = [m.size, m.compressed_size].every((n) => Number.isSafeInteger(n) && n! > 0);
  if (!counts || typeof m.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(m.sha256)) {
    return "the manifest is malformed";
  }
  if (m.format !== "gzip") return `the manifest names an unknown format (${String(m.format)})`;
  if (m.key !== key) return `it was made for ${String(m.key)}, this app needs ${key}`;
  if (m.file !== snapshotFileName(key)) return "the manifest names another file";
  return null;
}

/**
 * Why a response is not the shipped file, or null. A host that does not have the file often
 * answers with its index page (status 200, text/html): any textual type is refused.
 */
export function responseProblem(
  response: Pick<Response, "ok" | "status" | "headers">,
): string | null {
  if (!response.ok) return `the host answered ${response.status}`;
  const type = response.headers.get("content-type") ?? "";
  if (/^text\/|html|json|javascript|xml/i.test(type)) {
    return `the host served it as ${type}, not as bytes`;
  }
  return null;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Why the downloaded file is not the one the manifest describes, or null. (Browsers undo a
 * host's own `Content-Encoding`: what arrives here is the file as the host stored it.)
 */
export async function fileProblem(
  bytes: Uint8Array,
  manifest: SnapshotManifest,
): Promise<string | null> {
  if (bytes.length !== manifest.compressed_size) {
    return `it has ${bytes.length} bytes, the manifest says ${manifest.compressed_size}`;
  }
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return "it is not gzip data";
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  if (hex(digest) !== manifest.sha256) return "its SHA-256 differs from the manifest's";
  return null;
}

export function hex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Gunzip in the browser (gzip checks its own CRC and length: a damaged stream throws). */
export async function gunzip(bytes: Uint8Array, expectedSize: number): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream("gzip"));
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  if (out.length !== expectedSize) {
    throw new Error(`it unpacks to ${out.length} bytes, the manifest says ${expectedSize}`);
  }
  return out;
}

/** Bytes received of bytes expected (null when the host does not say). */
export interface DownloadProgress {
  received: number;
  expected: number | null;
}

/** Read a body to its end, reporting progress now and then (not per chunk: it crosses a port). */
export async function readWithProgress(
  response: Response,
  expected: number | null,
  onProgress: (progress: DownloadProgress) => void,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let received = 0;
  let reported = 0;
  const reader = response.body.getReader();
  onProgress({ received, expected });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (received - reported >= 256 * 1024) {
      reported = received;
      onProgress({ received, expected });
    }
  }
  onProgress({ received, expected });
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * The shipped snapshot for `key`, unpacked, from the site's `snapshot/` folder (beside
 * `pyodide/`), or null with a console warning saying why it cannot be used.
 */
export async function fetchShippedSnapshot(
  siteUrl: string,
  key: string,
  onProgress: (progress: DownloadProgress) => void,
): Promise<Uint8Array | null> {
  const dir = new URL(SNAPSHOT_DIR, siteUrl);
  const abort = new AbortController();
  // Both at once: the file's name holds the key, so the manifest is not needed to ask for it.
  const file = fetch(new URL(snapshotFileName(key), dir), { signal: abort.signal });
  file.catch(() => {});
  try {
    const manifestResponse = await fetch(new URL(MANIFEST_FILE, dir));
    if (!manifestResponse.ok)
      throw new Error(`the manifest: the host answered ${manifestResponse.status}`);
    const manifest: unknown = await manifestResponse.json().catch(() => null);
    const mismatch = manifestProblem(manifest, key);
    if (mismatch) throw new Error(mismatch);
    const valid = manifest as SnapshotManifest;
    // The size is known from here on, before the file's first byte.
    onProgress({ received: 0, expected: valid.compressed_size });
    const response = await file;
    const refused = responseProblem(response);
    if (refused) throw new Error(refused);
    const bytes = await readWithProgress(response, valid.compressed_size, onProgress);
    const damaged = await fileProblem(bytes, valid);
    if (damaged) throw new Error(damaged);
    return await gunzip(bytes, valid.size);
  } catch (error) {
    abort.abort();
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(
      `hero_logic: the shipped Python snapshot is not used (${reason}); Python starts normally, which takes a few seconds longer.`,
    );
    return null;
  }
}
