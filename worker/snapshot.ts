/**
 * Pyodide memory snapshots, kept in the Cache API: the first boot of a browser keeps the one
 * shipped with the site, unpacked (worker/shipped-snapshot.ts), or makes one once Python and
 * the SDK are loaded; later boots restore it, several times faster than a normal boot. Keyed by
 * the Pyodide version and the SDK's hash, so an update never restores a stale one. The options
 * are experimental in Pyodide (`_makeSnapshot`, `_loadSnapshot`): any failure falls back to a
 * normal boot.
 */
const CACHE = "hero-logic-snapshots";

// Taken when the worker's script loads, before isolation removes `caches` from the flow's reach:
// a snapshot may be written after that (see `storeLater`).
const storage: CacheStorage | undefined = self.caches;
const schedule = self.setTimeout.bind(self);

function url(key: string): string {
  return new URL(`/__hero_logic_snapshot__/${key}`, self.location.origin).href;
}

export async function readSnapshot(key: string): Promise<Uint8Array | null> {
  try {
    if (!storage) return null;
    const cache = await storage.open(CACHE);
    const response = await cache.match(url(key));
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

export async function writeSnapshot(key: string, bytes: Uint8Array): Promise<void> {
  try {
    if (!storage) return;
    const cache = await storage.open(CACHE);
    for (const request of await cache.keys()) await cache.delete(request);
    const headers = { "content-type": "application/octet-stream" };
    await cache.put(url(key), new Response(bytes.slice().buffer, { headers }));
  } catch {
    // No snapshot then: the next boot is a normal one.
  }
}

/**
 * Write the snapshot `delayMs` from now: copying 31 MB into the Cache API takes this worker
 * (and the browser) a few hundred milliseconds, which a first visit spends better on its
 * set-up (the examples, analyzed right after the boot).
 */
export function storeLater(key: string, bytes: Uint8Array, delayMs: number): void {
  schedule(() => void writeSnapshot(key, bytes), delayMs);
}
