/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { viteStaticCopy } from "vite-plugin-static-copy";

// Pyodide is served from the site itself (never a CDN): its runtime files are copied to
// `pyodide/` beside the app, in dev and in the build.
const pyodideFiles = [
  "pyodide.asm.wasm",
  "pyodide.asm.mjs",
  "pyodide.mjs",
  "python_stdlib.zip",
  "pyodide-lock.json",
];

export default defineConfig({
  base: "./",
  plugins: [
    solid(),
    viteStaticCopy({
      targets: pyodideFiles.map((file) => ({
        src: `node_modules/pyodide/${file}`,
        dest: "pyodide",
      })),
    }),
  ],
  optimizeDeps: { exclude: ["pyodide"] },
  worker: { format: "es" },
  build: {
    target: "es2022",
    sourcemap: true,
    // bench.html holds the floors `npm run bench` measures against (plain Dexie, bare Pyodide).
    rollupOptions: { input: { main: "index.html", bench: "bench.html" } },
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
