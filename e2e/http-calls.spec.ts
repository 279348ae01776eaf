/**
 * A flow calls a server on another loopback port (another origin) through `http`: each call is
 * an rpc span, a resumed play does not send its finished calls again, a non-2xx status comes
 * back as a response, an unreachable port fails the step as a network error, a server that does
 * not answer as a time-out, and an origin not granted is refused without a request. The server
 * counts what arrives.
 *
 * The flow declares the server's origin and the dead port's, and is granted both, as a person
 * would grant them; the third origin is neither declared nor granted.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { expect, openApp, PLAY_TIMEOUT_MS, pipeConsole, settledPlay, test } from "./fixtures";

interface Api {
  url: string;
  /** `METHOD path` of every request but CORS preflights, as they arrived. */
  requests: string[];
  authorizations: string[];
  close(): Promise<void>;
}

/** A JSON API on another origin that allows any origin, as a public API would. */
async function startApi(): Promise<Api> {
  const sockets = new Set<Socket>();
  const api: Api = { url: "", requests: [], authorizations: [], close: async () => {} };
  const cors = {
    "access-control-allow-origin": "*",
    "access-control-allow-headers": "authorization, content-type",
    "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE",
    // The app is cross-origin isolated (COEP require-corp).
    "cross-origin-resource-policy": "cross-origin",
  };
  const server: Server = createServer((request, response) => {
    if (request.method === "OPTIONS") {
      response.writeHead(204, cors);
      response.end();
      return;
    }
    api.requests.push(`${request.method} ${request.url}`);
    api.authorizations.push(String(request.headers.authorization ?? ""));
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      // Never answered: the caller's time-out ends it.
      if (request.url === "/slow") return;
      const status = request.url?.startsWith("/missing") ? 404 : 200;
      const answer = { n: api.requests.length, got: body ? JSON.parse(body) : null };
      response.writeHead(status, { ...cors, "content-type": "application/json" });
      response.end(JSON.stringify(answer));
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    await once(server, "close");
  };
  return api;
}

/** A loopback port nothing listens on (one a server had a moment ago). */
async function deadPort(): Promise<string> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return `http://127.0.0.1:${port}`;
}

const source = (declared: string[]) => `from hero_logic import Failed, flow, http

@flow(network=${JSON.stringify(declared)})
def main(api: str = "", dead: str = "", other: str = ""):
    hits = http.get(api + "/search", params={"q": "ducks"}, headers={"Authorization": "Bearer t0ken"})
    missing = http.get(api + "/missing")
    answer = flow.pause("pick", fields=[{"name": "id", "field_type": "str"}])
    chosen = http.post(api + "/choose", json=answer)
    failures = []
    for url, timeout in ((dead + "/x", 30), (other + "/x", 30), (api + "/slow", 1)):
        try:
            http.get(url, timeout=timeout)
        except Failed as error:
            failures.append(str(error))
    return {
        "hits": hits.json(),
        "missing": [missing.status, missing.ok],
        "chosen": chosen.json(),
        "failures": failures,
    }
`;

test("a flow's http calls: rpc spans, not sent again on resume, failures that say which", async ({
  browser,
  baseURL,
}) => {
  const api = await startApi();
  const dead = await deadPort();
  const other = await deadPort();
  const context = await browser.newContext({ baseURL });
  try {
    pipeConsole(context, "http");
    const page = await context.newPage();
    await openApp(page);
    const inputs = { api: api.url, dead, other };
    const sid = await page.evaluate(
      async ([text, given]) => {
        await window.heroLogic.workflows.save({ name: "http_calls", source: text });
        await window.heroLogic.network.allow("http_calls");
        return (await window.heroLogic.plays.start("http_calls", given)).sid;
      },
      [source([api.url, dead]), inputs] as const,
    );
    expect(await settledPlay(page, sid)).toMatchObject({ status: "paused" });
    expect(api.requests).toEqual(["GET /search?q=ducks", "GET /missing"]);
    expect(api.authorizations[0]).toBe("Bearer t0ken");

    const port = api.url.slice("http://".length);
    const first = await page.evaluate((s) => window.heroLogic.plays.spans(s), sid);
    const search = first.find((s) => s.name === `GET ${port}/search`);
    expect(search).toMatchObject({
      kind: "rpc",
      status: "ok",
      input: { method: "GET", url: `${api.url}/search?q=ducks`, headers: ["authorization"] },
      output: { status: 200, text: '{"n":1,"got":null}' },
    });
    expect(JSON.stringify(first)).not.toContain("t0ken");
    expect(first.find((s) => s.name === `GET ${port}/missing`)?.output).toMatchObject({
      status: 404,
    });

    await page.evaluate((s) => window.heroLogic.plays.resume(s, { id: "7" }), sid);
    const done = await settledPlay(page, sid, PLAY_TIMEOUT_MS);
    expect(done).toMatchObject({ status: "completed", run_count: 2 });
    // The finished calls were replayed, not sent again.
    expect(api.requests).toEqual([
      "GET /search?q=ducks",
      "GET /missing",
      "POST /choose",
      "GET /slow",
    ]);
    const output = done.output_data as { failures: string[]; missing: unknown; chosen: unknown };
    expect(output.missing).toEqual([404, false]);
    expect(output.chosen).toEqual({ n: 3, got: { id: "7" } });
    expect(output.failures[0]).toContain(`network error or CORS refusal: GET ${dead}/x`);
    expect(output.failures[1]).toContain(`${other} is not granted for this flow (declared:`);
    expect(output.failures[2]).toContain(
      `time-out: GET ${api.url}/slow got no response within 1 s`,
    );
    const second = await page.evaluate((s) => window.heroLogic.plays.spans(s), sid);
    expect(second.find((s) => s.name === `GET ${port}/search`)).toMatchObject({
      replayed_from_run: 1,
    });
    expect(second.find((s) => s.name === `GET ${dead.slice(7)}/x`)).toMatchObject({
      kind: "rpc",
      status: "failed",
    });
  } finally {
    await context.close();
    await api.close();
  }
});

test("a secret reaches the server and no stored record, export or trace", async ({
  browser,
  baseURL,
}) => {
  const api = await startApi();
  const context = await browser.newContext({ baseURL });
  const token = "tok-9f3c1e77b2";
  try {
    pipeConsole(context, "http-secret");
    const page = await context.newPage();
    await openApp(page);
    const flowSource = `from hero_logic import flow, http, secret

@flow(network=[${JSON.stringify(api.url)}])
def main(api: str = ""):
    token = secret("API_TOKEN")
    echoed = http.post(api + "/echo", json={"token": token},
                       headers={"Authorization": "Bearer " + token}).json()
    print("sent", token)
    return {"echoed": echoed["got"]["token"]}
`;
    const sid = await page.evaluate(
      async ([text, url, value]) => {
        await window.heroLogic.secrets.set("API_TOKEN", value);
        await window.heroLogic.workflows.save({ name: "http_secret", source: text });
        await window.heroLogic.network.allow("http_secret");
        return (await window.heroLogic.plays.start("http_secret", { api: url })).sid;
      },
      [flowSource, api.url, token] as const,
    );
    expect(await settledPlay(page, sid)).toMatchObject({
      status: "completed",
      output_data: { echoed: "«secret:API_TOKEN»" },
    });
    // The server got the value itself, in the header and in the body it echoed.
    expect(api.authorizations).toEqual([`Bearer ${token}`]);
    const stored = await page.evaluate(
      async (s) =>
        JSON.stringify([
          await window.heroLogic.plays.get(s),
          await window.heroLogic.plays.spans(s),
          await window.heroLogic.exportBundle({ plays: [s] }),
          await window.heroLogic.exportTrace(s, { format: "otlp" }),
          await window.heroLogic.exportTrace(s, { format: "chrome" }),
        ]),
      sid,
    );
    expect(stored).not.toContain(token);
    expect(stored).toContain("«secret:API_TOKEN»");
  } finally {
    await context.close();
    await api.close();
  }
});
