import { describe, expect, it } from "vitest";
import { sampleBundle } from "../../test-support/bundle-sample";
import { nodeWorkerApi } from "../../test-support/node-python";
import { rejection, testEngine } from "../../test-support/test-engine";
import type { RunRequest } from "../../wire/records";

const CALLER = `from hero_logic import flow

@flow(network=["https://api.example.com", "http://localhost:8787"])
def main(word: str = "hi"):
    return {"word": word}
`;

/** The same flow, a new version that declares one origin more. */
const CALLER_MORE = CALLER.replace(
  '"http://localhost:8787"]',
  '"http://localhost:8787", "https://more.example.org"]',
);

const PLAIN = `from hero_logic import flow

@flow
def main():
    return 1
`;

const WAIT = { timeoutMs: 30_000 };

/** An engine whose worker notes every run request it is given. */
function recordingEngine() {
  const requests: RunRequest[] = [];
  const engine = testEngine({
    workerApi: () => {
      const inner = nodeWorkerApi();
      return {
        ...inner,
        run: (request, ...rest) => {
          requests.push(request);
          return inner.run(request, ...rest);
        },
      };
    },
  });
  return { ...engine, requests };
}

describe("network grants", () => {
  it("keeps the declared origins on the workflow and its version, [] when none", async () => {
    const { api } = testEngine();
    const saved = await api.workflows.save({ name: "caller", source: CALLER });
    expect(saved.network).toEqual(["https://api.example.com", "http://localhost:8787"]);
    const [version] = await api.workflows.versions("caller");
    expect(version.network).toEqual(saved.network);
    expect((await api.workflows.save({ name: "plain", source: PLAIN })).network).toEqual([]);
  });

  it("refuses a start with needs_grant naming the origins, and runs once allowed", async () => {
    const { api, requests } = recordingEngine();
    await api.workflows.save({ name: "caller", source: CALLER });
    const refused = await rejection(api.plays.start("caller"));
    expect(refused.code).toBe("needs_grant");
    expect(refused.message).toContain("https://api.example.com, http://localhost:8787");
    expect(await api.plays.list()).toEqual([]);

    expect(await api.network.allow("caller")).toEqual([
      "https://api.example.com",
      "http://localhost:8787",
    ]);
    const play = await api.plays.wait((await api.plays.start("caller")).sid, WAIT);
    expect(play.status).toBe("completed");
    expect(requests.at(-1)?.granted_origins).toEqual([
      "https://api.example.com",
      "http://localhost:8787",
    ]);
  });

  it("grants only declared origins, given one by one, normalized", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "caller", source: CALLER });
    const undeclared = await rejection(api.network.allow("caller", ["https://evil.example"]));
    expect(undeclared.code).toBe("invalid_input");
    expect(undeclared.message).toContain("https://evil.example");
    const withPath = await rejection(api.network.allow("caller", ["https://api.example.com/x"]));
    expect(withPath.code).toBe("invalid_input");
    expect(await api.network.grants("caller")).toEqual([]);

    expect(await api.network.allow("caller", ["HTTPS://API.example.com:443/"])).toEqual([
      "https://api.example.com",
    ]);
    const partly = await rejection(api.plays.start("caller"));
    expect(partly.code).toBe("needs_grant");
    expect(partly.message).toContain("http://localhost:8787");
    expect(partly.message).not.toContain("https://api.example.com");
    expect((await rejection(api.network.grants("nope"))).code).toBe("not_found");
  });

  it("revokes some or all; a revoked flow is refused again, also on retry and fork", async () => {
    const { api, requests } = recordingEngine();
    await api.workflows.save({ name: "caller", source: CALLER });
    await api.network.allow("caller");
    const done = await api.plays.wait((await api.plays.start("caller")).sid, WAIT);

    expect(await api.network.revoke("caller", ["http://localhost:8787"])).toEqual([
      "https://api.example.com",
    ]);
    expect((await rejection(api.plays.fork(done.sid))).code).toBe("needs_grant");
    expect(await api.network.revoke("caller")).toEqual([]);
    expect(await api.network.list()).toEqual([]);
    expect((await rejection(api.plays.start("caller"))).code).toBe("needs_grant");

    await api.network.allow("caller");
    const cancelled = await api.plays.cancel((await api.plays.start("caller")).sid);
    await api.network.revoke("caller");
    expect((await rejection(api.plays.retry(cancelled.sid))).code).toBe("needs_grant");
    // No run was handed an origin after the revoke.
    expect(requests.every((r) => r.granted_origins?.length === 2)).toBe(true);
  });

  it("asks again for a new version that declares more, and hands in only what it declares", async () => {
    const { api, requests } = recordingEngine();
    await api.workflows.save({ name: "caller", source: CALLER });
    await api.network.allow("caller");
    await api.workflows.save({ name: "caller", source: CALLER_MORE });
    const refused = await rejection(api.plays.start("caller"));
    expect(refused.code).toBe("needs_grant");
    expect(refused.message).toContain("https://more.example.org");
    expect(refused.message).not.toContain("localhost");
    expect(await api.network.allow("caller", ["https://more.example.org"])).toHaveLength(3);

    // An origin only an older version declares can be granted, for plays of that version.
    await api.network.revoke("caller", ["http://localhost:8787"]);
    await api.workflows.save({
      name: "caller",
      source: CALLER.replace(', "http://localhost:8787"', ""),
    });
    expect(await api.network.allow("caller", ["http://localhost:8787"])).toContain(
      "http://localhost:8787",
    );

    // Back to a version that declares none: it runs, and is handed no origin.
    await api.workflows.save({ name: "caller", source: PLAIN });
    await api.plays.wait((await api.plays.start("caller")).sid, WAIT);
    expect(requests.at(-1)?.granted_origins).toEqual([]);
  });

  it("refuses to resume a paused play whose grant was revoked meanwhile", async () => {
    const { api } = testEngine();
    const pausing = `from hero_logic import flow

@flow(network=["https://api.example.com"])
def main():
    return flow.pause("ok", fields=[{"name": "yes", "field_type": "bool"}])
`;
    await api.workflows.save({ name: "pausing", source: pausing });
    await api.network.allow("pausing");
    const paused = await api.plays.wait((await api.plays.start("pausing")).sid, WAIT);
    expect(paused.status).toBe("paused");
    await api.network.revoke("pausing");
    expect((await rejection(api.plays.resume(paused.sid, { yes: true }))).code).toBe("needs_grant");
    expect((await api.plays.get(paused.sid)).status).toBe("paused");
    await api.network.allow("pausing");
    await api.plays.resume(paused.sid, { yes: true });
    expect((await api.plays.wait(paused.sid, WAIT)).output_data).toEqual({ yes: true });
  });

  it("lists every grant by flow name; deleting the flow deletes its grant", async () => {
    const { api, db } = testEngine();
    const saved = await api.workflows.save({ name: "caller", source: CALLER });
    await api.network.allow("caller", ["http://localhost:8787"]);
    expect(await api.network.list()).toEqual([
      { workflow: "caller", origins: ["http://localhost:8787"] },
    ]);
    await api.workflows.delete("caller");
    expect(await db.grants.get(saved.sid)).toBeUndefined();
    await api.workflows.save({ name: "caller", source: CALLER });
    expect(await api.network.grants("caller")).toEqual([]);
  });

  it("never comes with an import, and an import replacing the current version takes it away", async () => {
    const { api: there } = testEngine();
    await there.workflows.save({ name: "caller", source: CALLER });
    await there.network.allow("caller");
    const bundle = await there.exportBundle();
    expect(JSON.stringify(bundle)).not.toContain("grant");

    const { api: here } = testEngine();
    await here.importBundle(bundle);
    expect(await here.network.grants("caller")).toEqual([]);
    expect((await rejection(here.plays.start("caller"))).code).toBe("needs_grant");

    // A flow granted here, then a bundle (someone else's code) becomes its current version.
    const { api: other } = testEngine();
    await other.workflows.save({ name: "caller", source: `${CALLER}# theirs\n` });
    await here.network.allow("caller");
    const report = await here.importBundle(await other.exportBundle());
    expect(report.workflows.newVersion).toEqual(["caller"]);
    expect(await here.network.grants("caller")).toEqual([]);
  });

  it("imports bundles without declared origins as declaring none, and refuses a bad origin", async () => {
    const { api } = testEngine();
    const old = sampleBundle() as unknown as Record<string, { network?: unknown }[]>;
    delete old.workflows[0].network;
    delete old.versions[0].network;
    await api.importBundle(old);
    expect((await api.workflows.get("demo"))?.network).toEqual([]);

    const bad = sampleBundle();
    bad.workflows[0].name = "demo_bad";
    bad.workflows[0].sid = "wf000002";
    bad.versions[0].workflow_sid = "wf000002";
    bad.versions[0].sid = "ve000002";
    bad.workflows[0].current_version_sid = "ve000002";
    bad.plays = [];
    bad.versions[0].network = ["http://plain.example.com"];
    const refused = await rejection(api.importBundle(bad));
    expect(refused.code).toBe("invalid_input");
    expect(refused.message).toContain("not an https origin");
    expect(await api.workflows.get("demo_bad")).toBeUndefined();
  });
});
