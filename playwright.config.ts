import { defineConfig } from "@playwright/test";
import chromium from "./scripts/chromium.json" with { type: "json" };

/**
 * End-to-end tests in Debian's Chromium (never a browser downloaded by Playwright).
 * `npm run test:e2e` runs `scripts/ensure-chromium.mjs` and `vite build` first; this config
 * only serves the built site with `vite preview`.
 */

/** The browser to drive; CHROMIUM_PATH overrides it (also in scripts/ensure-chromium.mjs). */
export const chromiumPath = process.env.CHROMIUM_PATH?.trim() || chromium.path;

// E2E_PORT lets several checkouts run their journeys at once without sharing a server.
const port = Number(process.env.E2E_PORT) || 4173;
const baseURL = `http://127.0.0.1:${port}/`;

export default defineConfig({
  testDir: "e2e",
  // Two cores, and Pyodide boots take most of a core: one test at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: "list",
  // Pyodide boots in several seconds in headless Chromium, more on a busy machine.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  outputDir: "test-results",
  use: {
    baseURL,
    browserName: "chromium",
    headless: true,
    screenshot: "only-on-failure",
    trace: "off",
    video: "off",
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    launchOptions: {
      executablePath: chromiumPath,
      args: chromium.args,
    },
  },
  webServer: {
    // The build is made by the npm script before Playwright starts.
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
