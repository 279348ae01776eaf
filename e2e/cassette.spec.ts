/**
 * Record online, replay anywhere: a play calls a counting server on another loopback port, is
 * exported, and imported into a fresh browser context after the server has stopped; there
 * "Replay with recorded calls" runs the flow again, its calls answered from the recording: it
 * completes with the same output, and the server counted nothing more.
 *
 * Granting is not part of this journey (as in http-calls.spec.ts): the recording context hands
 * its runs their `granted_origins` itself, and bypasses the page's policy. The replaying context
 * does neither: a cassette play needs no grant and sends nothing.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";

import {
  expect,
  gotoRoute,
  openApp,
  openNewPlay,
  pipeConsole,
  saveFlow,
  settledPlay,
  test,
  uniqueName,
} from "./fixtures";

/** A JSON API on another origin that allows any origin and counts the requests it answers. */
async function countingApi() {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const cors = {
    "access-control-allow-origin": "*",
    "access-control-allow-headers": "content-type",
    "cross-origin-resource-policy": "cross-origin",
  };
  const server = createServer((request, response) => {
    if (request.method === "OPTIONS") {
      response.writeHead(204, cors);
      response.end();
      return;
    }
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { ...cors, "content-type": "application/json" });
      response.end(JSON.stringify({ n: requests.length, token: crypto.randomUUID() }));
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    await once(server, "close");
  };
  return { url, requests, close };
}

const source = (api: string) => `from hero_logic import flow, http

@flow(network=[${JSON.stringify(api)}])
def main(api: str = ""):
    first = http.get(api + "/search", params={"q": "ducks"}).json()
    second = http.post(api + "/choose", json={"id": first["n"]}).json()
    again = http.get(api + "/search", params={"q": "ducks"}).json()
    return [first, second, again]
`;

test("a play exported with its recorded calls replays offline from them, sending nothing", async ({
  browser,
  baseURL,
}) => {
  const api = await countingApi();
  const recording = await browser.newContext({ baseURL });
  let bundle: unknown;
  let recorded: { sid: string; output_data: unknown };
  try {
    pipeConsole(recording, "cassette-record");
    const page = await recording.newPage();
    await openApp(page);
    const sid = await page.evaluate(
      async ([text, url]) => {
        await window.heroLogic.workflows.save({ name: "cassette_demo", source: text });
        await window.heroLogic.network.allow("cassette_demo");
        return (await window.heroLogic.plays.start("cassette_demo", { api: url })).sid;
      },
      [source(api.url), api.url] as const,
    );
    recorded = await settledPlay(page, sid);
    expect(recorded).toMatchObject({ status: "completed" });
    expect(api.requests).toEqual(["GET /search?q=ducks", "POST /choose", "GET /search?q=ducks"]);
    bundle = await page.evaluate((s) => window.heroLogic.exportBundle({ plays: [s] }), sid);
  } finally {
    await recording.close();
    await api.close();
  }

  const offline = await browser.newContext({ baseURL });
  try {
    pipeConsole(offline, "cassette-replay");
    const page = await offline.newPage();
    await openApp(page);
    await page.evaluate((b) => window.heroLogic.importBundle(b), bundle);
    // The imported flow declares the origin and brings no grant: a cassette replay needs none.
    expect(await page.evaluate(() => window.heroLogic.network.grants("cassette_demo"))).toEqual([]);
    await gotoRoute(page, `#/plays/${recorded.sid}`);
    await page.getByTestId("replay-cassette").click();
    await expect(page).toHaveURL(
      (url) => /^#\/plays\/[^/]+$/.test(url.hash) && !url.hash.endsWith(recorded.sid),
    );
    const replaySid = new URL(page.url()).hash.split("/")[2]!;
    const replay = await settledPlay(page, replaySid);
    expect(replay).toMatchObject({
      status: "completed",
      cassette_of: recorded.sid,
      output_data: recorded.output_data,
    });
    await expect(page.getByTestId("cassette-of")).toContainText(recorded.sid);
    // The replay made its calls too (from the recording): it can be replayed in turn.
    await expect(page.getByTestId("replay-cassette")).toBeVisible();
    const spans = await page.evaluate((s) => window.heroLogic.plays.spans(s), replaySid);
    expect(spans.filter((s) => s.kind === "rpc").map((s) => s.status)).toEqual(["ok", "ok", "ok"]);
    // The server is gone and counted nothing more: every call was answered from the recording.
    expect(api.requests).toHaveLength(3);
  } finally {
    await offline.close();
  }
});

test("a play that made no calls offers no replay with recorded calls", async ({
  appPage: page,
}) => {
  const name = uniqueName("no_calls");
  await saveFlow(page, name, "from hero_logic import flow\n\n@flow\ndef main():\n    return 1\n");
  const sid = await openNewPlay(page, name, { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed");
  await expect(page.getByTestId("rerun")).toBeVisible();
  await expect(page.getByTestId("replay-cassette")).toHaveCount(0);
  expect((await settledPlay(page, sid)).made_calls).toBeUndefined();
});
