/**
 * Chromium driven over its DevTools pipe, attached to the page only.
 *
 * Playwright attaches DevTools to every service worker, and Chromium keeps a worker with
 * DevTools attached from ever being idle (ServiceWorkerVersion::OnRequestTermination), so the
 * activation of a newer worker after `skipWaiting()` can stall for minutes, now and then. A
 * user's browser has no DevTools on the worker: to see what the user sees, this drives
 * Chromium without touching its workers.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import chromium from "../scripts/chromium.json" with { type: "json" };

export interface PlainPage {
  /** Evaluate an expression in the page (promises awaited); its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Poll `expression` until it is truthy; the time it took. */
  waitFor(expression: string, timeoutMs: number, what: string): Promise<number>;
  navigate(url: string): Promise<void>;
  /** Press a key in the focused element. */
  press(key: "Enter"): Promise<void>;
  close(): Promise<void>;
}

interface Message {
  id?: number;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export async function launchPlainChromium(): Promise<PlainPage> {
  const profile = mkdtempSync(join(tmpdir(), "hero-logic-chromium-"));
  const browser: ChildProcess = spawn(
    process.env.CHROMIUM_PATH?.trim() || chromium.path,
    [
      ...chromium.args,
      "--headless",
      "--remote-debugging-pipe",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] },
  );
  const toBrowser = browser.stdio[3] as Writable;
  const fromBrowser = browser.stdio[4] as Readable;
  let nextId = 0;
  const pending = new Map<number, (message: Message) => void>();
  let buffer = "";
  fromBrowser.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let end = buffer.indexOf("\0"); end >= 0; end = buffer.indexOf("\0")) {
      const message = JSON.parse(buffer.slice(0, end)) as Message;
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) pending.get(message.id)?.(message);
    }
  });
  const send = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (message) => {
        pending.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result ?? {});
      });
      toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });

  const attach = async () => {
    // The first page may open a moment after the pipe answers.
    let pageTarget: { targetId: string } | undefined;
    for (let attempt = 0; !pageTarget && attempt < 50; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const { targetInfos } = (await send("Target.getTargets")) as {
        targetInfos: { targetId: string; type: string }[];
      };
      pageTarget = targetInfos.find((target) => target.type === "page");
    }
    if (!pageTarget) throw new Error("Chromium opened no page");
    const attached = await send("Target.attachToTarget", {
      targetId: pageTarget.targetId,
      flatten: true,
    });
    return attached.sessionId as string;
  };
  let sessionId: string;
  try {
    sessionId = await attach();
  } catch (error) {
    browser.kill();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const inPage = (method: string, params: object = {}) => send(method, params, sessionId);

  const evaluate = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = (await inPage("Runtime.evaluate", {
      expression,
      awaitPromise: true,
      returnByValue: true,
    })) as { result?: { value?: T }; exceptionDetails?: { text: string } };
    if (exceptionDetails) throw new Error(exceptionDetails.text);
    return result?.value as T;
  };

  return {
    evaluate,
    async waitFor(expression, timeoutMs, what) {
      const started = Date.now();
      let last: unknown = null;
      while (Date.now() - started < timeoutMs) {
        try {
          if (await evaluate<unknown>(expression)) return Date.now() - started;
        } catch (error) {
          last = error; // a navigation destroys the context: try again
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${last})` : ""}`);
    },
    async navigate(url) {
      await inPage("Page.navigate", { url });
    },
    async press(key) {
      const event = { key, code: key, windowsVirtualKeyCode: 13, text: "\r" };
      await inPage("Input.dispatchKeyEvent", { type: "keyDown", ...event });
      await inPage("Input.dispatchKeyEvent", { type: "keyUp", ...event });
    },
    async close() {
      const exited = new Promise((resolve) => browser.once("exit", resolve));
      await send("Browser.close").catch(() => browser.kill());
      await exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
