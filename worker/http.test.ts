import { describe, expect, it } from "vitest";
import { type HttpCall, httpSender, parseHeaders } from "./http";

/** Stands in for the browser's XMLHttpRequest: records what was sent, answers `reply`. */
function fakeXhr(reply: { status?: number; throws?: string } = {}) {
  const sent: { method: string; url: string; headers: [string, string][]; body: unknown }[] = [];
  class FakeXhr {
    status = 0;
    statusText = "";
    responseText = "";
    timeout = 0;
    private request = {
      method: "",
      url: "",
      headers: [] as [string, string][],
      body: null as unknown,
    };
    open(method: string, url: string, async: boolean) {
      expect(async).toBe(false);
      this.request = { ...this.request, method, url };
    }
    setRequestHeader(name: string, value: string) {
      this.request.headers.push([name, value]);
    }
    send(body: unknown) {
      sent.push({ ...this.request, body });
      if (reply.throws) throw Object.assign(new Error(reply.throws), { name: reply.throws });
      this.status = reply.status ?? 200;
      this.statusText = "OK";
      this.responseText = "hello";
    }
    getAllResponseHeaders() {
      return "content-type: text/plain\r\nx-a: 1\r\nX-A: 2\r\n";
    }
  }
  return { sent, Xhr: FakeXhr as unknown as new () => XMLHttpRequest };
}

const call = (url: string, extra: Partial<HttpCall> = {}): string =>
  JSON.stringify({ method: "GET", url, headers: [], body: null, timeout_ms: 1000, ...extra });

describe("the worker's http bridge", () => {
  it("sends a call to a granted origin and answers its response", () => {
    const { sent, Xhr } = fakeXhr();
    const send = httpSender(Xhr)(["https://api.example.com"]);
    const answer = JSON.parse(send(call("https://api.example.com/a?q=1", { body: "x" })));
    expect(answer).toEqual({
      status: 200,
      reason: "OK",
      headers: { "content-type": "text/plain", "x-a": "1, 2" },
      text: "hello",
    });
    expect(sent).toEqual([
      { method: "GET", url: "https://api.example.com/a?q=1", headers: [], body: "x" },
    ]);
  });

  it("refuses, without sending, an origin not granted, and a run granted nothing", () => {
    const { sent, Xhr } = fakeXhr();
    const refused = JSON.parse(
      httpSender(Xhr)(["https://api.example.com"])(call("https://api.example.com:8443/")),
    );
    expect(refused.error).toContain(
      "https://api.example.com:8443 is not granted for this flow (declared: https://api.example.com)",
    );
    const declared = JSON.parse(
      httpSender(Xhr)([])(call("http://127.0.0.1:9/", { declared: ["http://127.0.0.1:9"] })),
    );
    expect(declared.error).toContain(
      "http://127.0.0.1:9 is not granted for this flow (declared: http://127.0.0.1:9)",
    );
    const notHttp = JSON.parse(
      httpSender(Xhr)(["https://api.example.com"])(call("file:///etc/passwd")),
    );
    expect(notHttp.error).toBe("not an http(s) URL: file:///etc/passwd");
    expect(sent).toEqual([]);
  });

  it("says which failure it was: a time-out, or a network error or CORS refusal", () => {
    const timeout = httpSender(fakeXhr({ throws: "TimeoutError" }).Xhr)(["https://a.example"]);
    expect(JSON.parse(timeout(call("https://a.example/x"))).error).toBe(
      "time-out: GET https://a.example/x got no response within 1 s",
    );
    const network = httpSender(fakeXhr({ throws: "NetworkError" }).Xhr)(["https://a.example"]);
    expect(JSON.parse(network(call("https://a.example/x"))).error).toMatch(
      /^network error or CORS refusal: GET https:\/\/a.example\/x .*Access-Control-Allow-Origin/,
    );
  });

  it("parses response headers", () => {
    expect(parseHeaders("")).toEqual({});
    expect(parseHeaders("A: b: c\r\n")).toEqual({ a: "b: c" });
  });
});
