#!/usr/bin/env node
/**
 * A plain static file server (node:http, no dependencies) that serves a folder under a
 * sub-path, the way a static host such as GitHub Pages serves a project site. The e2e tests use
 * it to prove the build works from any sub-path; people can use it to try `dist/` locally:
 *
 *   node scripts/serve-static.mjs dist --port 4193 --base /some/sub/path/
 *
 * Every response says `Cache-Control: no-cache` (the browser revalidates, so a new build is seen
 * at once) and `.wasm` is `application/wasm` (Pyodide streams-compiles it only with that type).
 * With `--isolated` it also sends the headers that make the page cross-origin isolated (as
 * `vite preview` and the `_headers` file of the build do), like a host configured for the app;
 * without, it is a plain host such as GitHub Pages, where the app works without shared memory.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { parseArgs } from "node:util";

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** Cross-origin isolation: the page may share memory with its workers (see src/wire/ring.ts). */
export const ISOLATION_HEADERS = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
};

/**
 * Serve `root` at `http://<host>:<port><base>`. Resolves once listening, with the URL and a
 * `close()` that also ends open connections.
 * @param {{ root: string, port: number, base?: string, host?: string, isolated?: boolean }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveStatic({
  root,
  port,
  base = "/",
  host = "127.0.0.1",
  isolated = false,
}) {
  const folder = resolve(root);
  const prefix = `/${base.replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");
  const server = createServer(async (request, response) => {
    const send = (status, text, headers = {}) => {
      response.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
      response.end(request.method === "HEAD" ? undefined : text);
    };
    if (request.method !== "GET" && request.method !== "HEAD") {
      return send(405, "method not allowed", { allow: "GET, HEAD" });
    }
    const { pathname } = new URL(request.url ?? "/", "http://localhost");
    // The folder itself without its slash: redirect, so relative URLs resolve inside it.
    if (`${pathname}/` === prefix) return send(301, "moved", { location: prefix });
    if (!pathname.startsWith(prefix)) return send(404, "not found");
    let relative;
    try {
      relative = decodeURIComponent(pathname.slice(prefix.length));
    } catch {
      return send(400, "bad request");
    }
    let file = resolve(folder, relative);
    if (file !== folder && !file.startsWith(folder + sep)) return send(404, "not found");
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, "index.html");
        info = await stat(file);
      }
      response.writeHead(200, {
        "content-type": MIME_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
        "content-length": info.size,
        "cache-control": "no-cache",
        ...(isolated ? ISOLATION_HEADERS : {}),
      });
      if (request.method === "HEAD") return response.end();
      createReadStream(file).pipe(response);
    } catch {
      send(404, "not found");
    }
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => done(undefined));
  });
  return {
    url: `http://${host}:${port}${prefix}`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

// Run from the command line: serve a folder until interrupted.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: "string", default: "4173" },
      base: { type: "string", default: "/" },
      host: { type: "string", default: "127.0.0.1" },
      isolated: { type: "boolean", default: false },
    },
  });
  const root = positionals[0] ?? "dist";
  const { url } = await serveStatic({
    root,
    port: Number(values.port),
    base: values.base,
    host: values.host,
    isolated: values.isolated,
  });
  console.log(`serving ${root}/ at ${url}`);
}
