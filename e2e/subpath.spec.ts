/**
 * Static hosting under a sub-path: `dist/` served by a plain static server at
 * /some/sub/path/ (as GitHub Pages serves a project site) loads, boots Python from the
 * sub-path, registers its service worker scoped to that folder, runs a flow, and keeps
 * working once the server is gone.
 */
import { type StaticServer, serveStatic } from "../scripts/serve-static.mjs";
import { expect, PLAY_TIMEOUT_MS, test, waitForReady } from "./fixtures";
import {
  DIST,
  newAppContext,
  runFromLibrary,
  STATIC_PORT,
  waitForOfflineReady,
} from "./offline-helpers";

const SUB_PATH = "/some/sub/path/";

let server: StaticServer | undefined;

test.beforeAll(async () => {
  server = await serveStatic({ root: DIST, port: STATIC_PORT, base: SUB_PATH });
});

test.afterAll(async () => {
  await server?.close();
});

test("the build runs from a sub-path, offline too, with its service worker scoped there", async ({
  browser,
}) => {
  const appUrl = server!.url;
  const context = await newAppContext(browser, "sub-path");
  const outside: string[] = [];
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith("http") && !url.pathname.startsWith(SUB_PATH)) {
      outside.push(url.href);
    }
  });
  const page = await context.newPage();
  await page.goto(`${appUrl}#/flows`);
  await waitForReady(page);
  await waitForOfflineReady(page);

  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return {
      scope: registration?.scope,
      script: navigator.serviceWorker.controller?.scriptURL,
      manifest: document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href,
    };
  });
  expect(worker).toEqual({
    scope: appUrl,
    script: `${appUrl}sw.js`,
    manifest: `${appUrl}manifest.webmanifest`,
  });

  await runFromLibrary(page, "hello_steps");
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  const playRoute = new URL(page.url()).hash;

  // The host is gone altogether: the app still loads from the precache and runs.
  await server!.close();
  server = undefined;
  await page.goto(`${appUrl}#/flows`);
  await waitForReady(page);
  await runFromLibrary(page, "pause_resume_prefill");
  await expect(page.getByTestId("play-status")).toHaveText("completed", {
    timeout: PLAY_TIMEOUT_MS,
  });
  await page.goto(`${appUrl}${playRoute}`);
  await expect(page.getByTestId("play-status")).toHaveText("completed");

  // Nothing was asked of the host outside the app's folder.
  expect(outside).toEqual([]);
  await context.close();
});
