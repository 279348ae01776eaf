import type { SiteFetch } from "../engine/packages/site-wheels";

/**
 * Tests only: a site holding these files (path relative to the app → body), answering 404 for
 * any other; `fetched` counts the requests by path.
 */
export function fakeSite(files: Record<string, Uint8Array | string>) {
  const fetched = new Map<string, number>();
  const fetchFile: SiteFetch = async (path) => {
    fetched.set(path, (fetched.get(path) ?? 0) + 1);
    const body = files[path];
    if (body === undefined) return new Response("not found", { status: 404 });
    return new Response(body as BodyInit);
  };
  return { fetchFile, fetched };
}
