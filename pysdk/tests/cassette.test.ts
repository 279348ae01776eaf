import { describe, expect, it } from "vitest";
import type { CassetteCalls, SpanRecord } from "../../src/wire/records";
import type { HttpCall } from "../../worker/http";
import { byName, type RunResult, runFlow } from "./run";

/** A bridge that answers every call with a body counting the calls. */
function countingBridge() {
  const calls: HttpCall[] = [];
  const send = (callJson: string) => {
    calls.push(JSON.parse(callJson) as HttpCall);
    const text = JSON.stringify({ n: calls.length });
    return JSON.stringify({ status: 200, reason: "OK", headers: {}, text });
  };
  return { calls, send };
}

/** What the engine hands a cassette play: the executed rpc calls' keys and stored outputs. */
function recording(recorded: RunResult, playSid = "recorded0001"): CassetteCalls {
  const calls = recorded.spans
    .filter((s) => s.kind === "rpc" && s.status === "ok" && !s.replayed)
    .map((s): [string, string] => [callKey(s), recorded.cache[s.step_key ?? ""] ?? ""]);
  return { play_sid: playSid, calls };
}

function callKey(span: SpanRecord): string {
  return String(span.attributes.call_key);
}

const SEARCHES = `
from hero_logic import flow, http

@flow
def main(first: str = "ducks", second: str = "geese"):
    a = http.get("https://api.example.com/search", params={"q": first}).json()
    b = http.get("https://api.example.com/search", params={"q": second}).json()
    with flow.span("later"):
        c = http.get("https://api.example.com/search", params={"q": first}).json()
    return [a["n"], b["n"], c["n"]]
`;

describe("cassettes", () => {
  it("answers each call from the recording, matched by its key in order, sending nothing", async () => {
    const bridge = countingBridge();
    const recorded = await runFlow(SEARCHES, { http: bridge.send });
    expect(recorded.outcome).toMatchObject({ status: "completed", output: [1, 2, 3] });
    const [a, b, c] = recorded.spans.filter((s) => s.kind === "rpc");
    // The call key leaves out the span path: the same call under another span matches.
    expect(callKey(a!)).toMatch(/^[0-9a-f]{64}$/);
    expect(callKey(c!)).toBe(callKey(a!));
    expect(callKey(b!)).not.toBe(callKey(a!));
    expect(c!.step_key).not.toBe(a!.step_key);

    // Another version: step keys differ, call keys do not. No bridge: nothing can be sent.
    const replay = await runFlow(SEARCHES, { version_sid: "v2", cassette: recording(recorded) });
    expect(replay.outcome).toMatchObject({ status: "completed", output: [1, 2, 3] });
    expect(bridge.calls).toHaveLength(3);
    const replayed = replay.spans.filter((s) => s.kind === "rpc");
    expect(replayed.map((s) => s.status)).toEqual(["ok", "ok", "ok"]);
    expect(replayed.map(callKey)).toEqual([a, b, c].map((s) => callKey(s!)));

    // In order of occurrence, whatever the span: the call made first now (under a span of
    // another name) gets the first recorded ducks answer, the one made later the second.
    const reordered = `
from hero_logic import flow, http

@flow
def main():
    with flow.span("earlier"):
        c = http.get("https://api.example.com/search", params={"q": "ducks"}).json()
    a = http.get("https://api.example.com/search", params={"q": "ducks"}).json()
    b = http.get("https://api.example.com/search", params={"q": "geese"}).json()
    return [a["n"], b["n"], c["n"]]
`;
    const swapped = await runFlow(reordered, { cassette: recording(recorded) });
    expect(swapped.outcome).toMatchObject({ status: "completed", output: [3, 2, 1] });
  });

  it("fails a call not in the recording, naming it and the play", async () => {
    const recorded = await runFlow(SEARCHES, { http: countingBridge().send });
    const source = SEARCHES.replace('params={"q": second}', 'params={"q": second + "!"}');
    const replay = await runFlow(source, { cassette: recording(recorded, "recordedplay9") });
    expect(replay.outcome).toMatchObject({ status: "failed" });
    const [, missing] = byName(replay.spans, "GET api.example.com/search");
    expect(missing).toMatchObject({ kind: "rpc", status: "failed" });
    expect(missing?.error?.message).toContain(
      "GET api.example.com/search: not in the recording of play recordedplay9",
    );
    // A recorded call answers once: a fourth ducks call finds none left.
    const more = SEARCHES.replace(
      "return [",
      'http.get("https://api.example.com/search", params={"q": first})\n    return [',
    );
    const again = await runFlow(more, { cassette: recording(recorded) });
    expect(again.outcome).toMatchObject({ status: "failed" });
    expect(JSON.stringify(again.outcome)).toContain("not in the recording");
  });

  it("answers instrument() calls by their name and arguments, never calling the service", async () => {
    const source = (marker: string) => `
import os
from hero_logic import flow, instrument

class Quotes:
    def price(self, item, currency="EUR"):
        print("${marker}")
        return {"item": item, "price": os.urandom(8).hex(), "currency": currency}

@flow
def main():
    quotes = instrument(Quotes())
    return [quotes.price("tea"), quotes.price("tea", currency="USD"), quotes.price("tea")]
`;
    const recorded = await runFlow(source("called"));
    const prices = (recorded.outcome as { output: { price: string }[] }).output;
    expect(new Set(prices.map((p) => p.price)).size).toBe(3);
    const replay = await runFlow(source("called again"), { cassette: recording(recorded) });
    expect(replay.outcome).toMatchObject({ status: "completed", output: prices });
    expect(JSON.stringify(replay.spans)).not.toContain("called again");

    const other = source("x").replace(
      'quotes.price("tea", currency="USD")',
      'quotes.price("tea", currency="GBP")',
    );
    const refused = await runFlow(other, { cassette: recording(recorded) });
    expect(JSON.stringify(refused.outcome)).toContain(
      "Quotes.price: not in the recording of play recorded0001",
    );
  });
});
