import { describe, expect, it } from "vitest";
import type { HttpCall } from "../../worker/http";
import { httpSender } from "../../worker/http";
import { byName, runFlow } from "./run";

/** A bridge that answers every call with `status` and a body counting the calls. */
function fakeBridge(status = 200) {
  const calls: HttpCall[] = [];
  const send = (callJson: string) => {
    calls.push(JSON.parse(callJson) as HttpCall);
    const text = JSON.stringify({ n: calls.length });
    const headers = { "content-type": "application/json" };
    return JSON.stringify({ status, reason: status === 200 ? "OK" : "Nope", headers, text });
  };
  return { calls, send };
}

const SEARCH = `
from hero_logic import flow, http

@flow
def main(token: str = "a", extra: str = ""):
    headers = {"Authorization": "Bearer " + token}
    if extra:
        headers[extra] = "1"
    r = http.get("https://api.example.com/search", params={"q": "ducks"}, headers=headers)
    return {"status": r.status, "ok": r.ok, "body": r.json(), "type": r.headers["content-type"]}
`;

describe("http calls", () => {
  it("sends the call through the bridge and records it as an rpc span", async () => {
    const bridge = fakeBridge();
    const { outcome, spans } = await runFlow(SEARCH, { http: bridge.send });
    expect(outcome).toMatchObject({
      status: "completed",
      output: { status: 200, ok: true, body: { n: 1 }, type: "application/json" },
    });
    expect(bridge.calls).toEqual([
      {
        method: "GET",
        url: "https://api.example.com/search?q=ducks",
        headers: [["Authorization", "Bearer a"]],
        body: null,
        timeout_ms: 30000,
        declared: null,
      },
    ]);
    const [span] = byName(spans, "GET api.example.com/search");
    expect(span).toMatchObject({
      kind: "rpc",
      status: "ok",
      source_line: 9,
      // Header names only: a value may hold a secret.
      input: {
        method: "GET",
        url: "https://api.example.com/search?q=ducks",
        headers: ["authorization"],
        body: null,
      },
      output: { status: 200, reason: "OK", text: '{"n":1}' },
    });
    expect(JSON.stringify(span)).not.toContain("Bearer");
  });

  it("keys a call by method, URL, body and header names, never header values", async () => {
    const keyOf = async (inputs: Record<string, unknown>) => {
      const { spans } = await runFlow(SEARCH, { inputs, http: fakeBridge().send });
      return byName(spans, "GET api.example.com/search")[0]?.step_key;
    };
    const first = await keyOf({ token: "a" });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await keyOf({ token: "a" })).toBe(first);
    expect(await keyOf({ token: "another secret" })).toBe(first);
    expect(await keyOf({ token: "a", extra: "X-Trace" })).not.toBe(first);
    const body = (b: string) => `
from hero_logic import flow, http

@flow
def main():
    return http.post("https://api.example.com/x", json={"b": ${b}}).status
`;
    const keyOfBody = async (b: string) =>
      (await runFlow(body(b), { http: fakeBridge().send })).spans.find((s) => s.kind === "rpc")
        ?.step_key;
    expect(await keyOfBody("1")).toBe(await keyOfBody("1"));
    expect(await keyOfBody("1")).not.toBe(await keyOfBody("2"));
  });

  it("shows a long response bounded in its span, keeps it whole for replays", async () => {
    const long = "x".repeat(300_000);
    const send = () => JSON.stringify({ status: 200, reason: "OK", headers: {}, text: long });
    const flow = `
from hero_logic import flow, http

@flow
def main():
    return len(http.get("https://api.example.com/big").text)
`;
    const first = await runFlow(flow, { http: send });
    expect(first.outcome).toMatchObject({ status: "completed", output: 300_000 });
    const span = byName(first.spans, "GET api.example.com/big")[0]!;
    const shown = (span.output as { text: string }).text;
    expect(shown.length).toBeLessThan(110_000);
    expect(shown).toContain("characters dropped");
    expect(JSON.parse(first.cache[span.step_key!]!).text).toBe(long);
    const nothing = () => {
      throw new Error("a replay sends nothing");
    };
    const again = await runFlow(flow, { http: nothing, step_cache: first.cache });
    expect(again.outcome).toMatchObject({ status: "completed", output: 300_000 });
  });

  it("replays a finished call without sending it again", async () => {
    const bridge = fakeBridge();
    const first = await runFlow(SEARCH, { http: bridge.send });
    const again = fakeBridge();
    const second = await runFlow(SEARCH, { http: again.send, step_cache: first.cache });
    expect(again.calls).toEqual([]);
    expect(second.outcome).toMatchObject({ status: "completed", output: { body: { n: 1 } } });
  });

  it("returns a non-2xx response; raise_for_status fails naming the status", async () => {
    const { outcome } = await runFlow(
      `
from hero_logic import flow, http

@flow
def main():
    r = http.delete("https://api.example.com/item/7")
    assert r.status == 404 and not r.ok
    r.raise_for_status()
`,
      { http: fakeBridge(404).send },
    );
    expect(outcome).toMatchObject({ status: "failed" });
    expect(JSON.stringify(outcome)).toContain("HTTP 404 Nope from https://api.example.com/item/7");
  });

  it("sends json= and data= bodies with their content types", async () => {
    const bridge = fakeBridge();
    await runFlow(
      `
from hero_logic import flow, http

@flow
def main():
    http.post("https://api.example.com/a", json={"x": "é"}, timeout=2.5)
    http.put("https://api.example.com/b", data={"k": "v w"})
    http.request("patch", "https://api.example.com/c", data="plain", headers={"content-type": "text/plain"})
`,
      { http: bridge.send },
    );
    expect(bridge.calls.map((c) => [c.method, c.body, c.headers, c.timeout_ms])).toEqual([
      ["POST", '{"x": "é"}', [["Content-Type", "application/json"]], 2500],
      ["PUT", "k=v+w", [["Content-Type", "application/x-www-form-urlencoded"]], 30000],
      ["PATCH", "plain", [["content-type", "text/plain"]], 30000],
    ]);
  });

  it("fails the step with the bridge's refusal: an origin not granted, named with the list", async () => {
    const { outcome, spans } = await runFlow(
      `
from hero_logic import flow, http

@flow
def main():
    return http.get("https://elsewhere.example.org/x").status
`,
      { http: httpSender(undefined)(["https://api.example.com"]) },
    );
    expect(outcome).toMatchObject({ status: "failed" });
    const [span] = byName(spans, "GET elsewhere.example.org/x");
    expect(span).toMatchObject({ kind: "rpc", status: "failed" });
    expect(span?.error?.message).toBe(
      "Failed: https://elsewhere.example.org is not granted for this flow (declared: https://api.example.com): add it to @flow(network=[...]) and allow it",
    );
  });

  it("names the origins the entry's @flow(network=...) declares in a refusal", async () => {
    // Set by hand here: the decorator's network= records the same attribute.
    const { outcome } = await runFlow(
      `
from hero_logic import flow, http

@flow
def main():
    return http.get("https://elsewhere.example.org/x").status

main.__hero_flow__.network = ["https://a.example", "http://127.0.0.1:8080"]
`,
      { http: httpSender(undefined)(["https://a.example"]) },
    );
    expect(JSON.stringify(outcome)).toContain(
      "(declared: https://a.example, http://127.0.0.1:8080)",
    );
  });

  it("fails the step where the runtime has no bridge", async () => {
    const { outcome } = await runFlow(`
from hero_logic import flow, http

@flow
def main():
    return http.get("https://api.example.com/").status
`);
    expect(JSON.stringify(outcome)).toContain("no network bridge");
  });
});
