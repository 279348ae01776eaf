/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import solid from "vite-plugin-solid";
import { viteStaticCopy } from "vite-plugin-static-copy";
import { siteWheels } from "./scripts/site-wheels.ts";
import { shippedSnapshot } from "./scripts/snapshot-plugin.ts";

// Pyodide is served from the site itself (never a CDN): its runtime files are copied to
// `pyodide/` beside the app, in dev and in the build.
const pyodideFiles = [
  "pyodide.asm.wasm",
  "pyodide.asm.mjs",
  "pyodide.mjs",
  "python_stdlib.zip",
  "pyodide-lock.json",
];

/**
 * Vite's note that a `node:` module Pyodide imports became an empty stub in the browser build.
 * Pyodide imports them only in its Node branch (`if (IN_NODE) await import("node:fs")`), which
 * never runs in a browser: the stubs are right, and the note (one per module and bundle) reads
 * like an error to a newcomer. Any other module externalized this way is still reported.
 */
function isPyodideNodeImport(message: string): boolean {
  return /^Module "node:[a-z_/]+" has been externalized for browser compatibility, imported by "[^"]*\/node_modules\/pyodide\/pyodide\.mjs"/.test(
    message,
  );
}

// The app's accent and page colours (src/styles.css, light theme).
const THEME_COLOR = "#4f6bed";
const BACKGROUND_COLOR = "#f7f7f9";

// Cross-origin isolation: a run's span batches then travel through memory the page shares with
// its Python worker instead of a post each (src/wire/ring.ts). The dev and preview servers send
// these headers, and so does a host that reads `public/_headers` (Netlify, Cloudflare Pages);
// elsewhere the app works as well, with posts.
const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  base: "./",
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  plugins: [
    solid(),
    // Python's memory snapshot, made under Node: a first visit restores it (snapshot/).
    shippedSnapshot(import.meta.dirname),
    viteStaticCopy({
      targets: pyodideFiles.map((file) => ({
        src: `node_modules/pyodide/${file}`,
        dest: "pyodide",
      })),
    }),
    // The wheels a deployer ships (site-wheels/, or HL_SITE_WHEELS): dist/wheels/ and its index.
    siteWheels(),
    // A service worker precaches the whole app, Pyodide included, so it loads and runs offline
    // after the first visit. A new build waits until the user accepts the reload offered by
    // src/components/UpdatePrompt.tsx (registration: src/service-worker.ts).
    VitePWA({
      registerType: "prompt",
      injectRegister: false,
      filename: "sw.js",
      // The icons are precached by the glob below already (the plugin adds the manifest).
      includeManifestIcons: false,
      manifest: {
        name: "hero_logic — durable Python flows in the browser",
        short_name: "hero_logic",
        description:
          "Write Python flows, run them as plays, pause them for human input and resume them, all in the browser.",
        theme_color: THEME_COLOR,
        background_color: BACKGROUND_COLOR,
        display: "standalone",
        icons: [
          { src: "icon.svg", sizes: "any", type: "image/svg+xml" },
          { src: "icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "icon-512.png", sizes: "512x512", type: "image/png" },
          {
            src: "icon-maskable-512.png",
            sizes: "512x512",
            type: "image/png",
            purpose: "maskable",
          },
        ],
      },
      workbox: {
        // Workbox's defaults would skip Pyodide: its runtime is .wasm/.zip/.mjs/.json, and the
        // wasm (9.6 MB) is far above the default 2 MiB limit. The shipped wheels (.whl, up to
        // the 50 MiB a wheel may have) are precached too, so their flows run offline;
        // snapshot/*.bin is the shipped memory snapshot (6 MB).
        globPatterns: ["**/*.{html,js,mjs,css,wasm,zip,json,svg,png,whl,bin}"],
        // The benchmark page and its chunks are not part of the app.
        globIgnores: ["bench.html", "assets/bench-*.js", "assets/bare.worker-*.js"],
        // The largest wheel the app takes (MAX_WHEEL_BYTES, src/engine/packages/wheels.ts).
        maximumFileSizeToCacheInBytes: 50 * 1024 * 1024,
        // Routes live in the hash: every page is index.html, which is precached. No fallback,
        // so other pages of the site (bench.html) are not answered with the app.
        navigateFallback: null,
        // The first install takes over the open page at once (nothing older to replace);
        // an update waits for the user (no skipWaiting) and cleans the old build's caches.
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  optimizeDeps: { exclude: ["pyodide"] },
  worker: { format: "es" },
  build: {
    target: "es2022",
    sourcemap: true,
    rollupOptions: {
      // bench.html holds the floors `npm run bench` measures against (plain Dexie, bare Pyodide).
      input: { main: "index.html", bench: "bench.html" },
      // Also heard for the worker bundles: Vite hands their logs to this handler too.
      onwarn(warning, warn) {
        if (!isPyodideNodeImport(warning.message)) warn(warning);
      },
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "worker/**/*.test.ts", "pysdk/**/*.test.ts"],
    // Dexie looks for a global indexedDB when it loads (liveQuery needs it); tests still give
    // each database its own fake factory.
    setupFiles: ["fake-indexeddb/auto"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
