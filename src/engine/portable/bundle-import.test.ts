import { describe, expect, it, vi } from "vitest";
import type { HeroDb } from "../../db/schema";
import { quietFor } from "../../test-support/quiet";
import { rejection, testEngine } from "../../test-support/test-engine";
import type { Bundle } from "./bundle";
import { decodeSharedFlow, SHARE_ROUTE } from "./share";

const CHILD = `
from hero_logic import flow

@flow
def main(n: int = 2):
    return {"square": flow.step(lambda: n * n, name="square")}
`;

const PARENT = `
from hero_logic import flow

@flow
def draft(topic):
    print("drafting", topic)
    return "draft " + topic

@flow
def main(topic: str = "ducks"):
    text = draft(topic)
    answer = flow.pause("approve", prompt="Approve?", fields=[{"name": "ok", "field_type": "bool"}])
    child = flow.invoke("kid", spawn=True, n=3)
    return {"text": text, "ok": answer["ok"], "square": child["square"]}
`;

/** An engine holding one finished parent play (three runs, a pause answer) with a child play. */
async function source() {
  const env = testEngine();
  await env.api.workflows.save({ name: "kid", source: CHILD });
  await env.api.workflows.save({ name: "review", source: PARENT, description: "Reviews ✓" });
  const started = await env.api.plays.start("review");
  await env.api.plays.wait(started.sid, { timeoutMs: 30_000 });
  await env.api.plays.resume(started.sid, { ok: true });
  const play = await env.api.plays.wait(started.sid, { timeoutMs: 30_000 });
  expect(play.status).toBe("completed");
  const [child] = await env.api.plays.list({ parent: play.sid });
  return { ...env, play, child: child! };
}

/** Every row of every table, to compare a database before and after. */
async function dump(db: HeroDb) {
  const tables = [db.workflows, db.versions, db.plays, db.runs, db.batches, db.outputs, db.answers];
  return Promise.all(tables.map((table) => table.toArray()));
}

/** A second browser: an engine over its own empty database that has no examples to install. */
async function otherBrowser() {
  const env = testEngine();
  await env.db.meta.put({ key: "examples_installed", value: 1 });
  return env;
}

describe("export and import", () => {
  it("carries a chosen play with its child, spans, outputs and answers to another browser", async () => {
    const from = await source();
    const bundle = await from.api.exportBundle({ plays: [from.play.sid] });
    // A file round trip: what a download and an upload do to it.
    const text = JSON.stringify(bundle);
    expect(bundle.plays.map((p) => p.sid).sort()).toEqual([from.play.sid, from.child.sid].sort());
    expect(bundle.workflows.map((w) => w.name).sort()).toEqual(["kid", "review"]);

    const to = await otherBrowser();
    const report = await to.api.importBundle(text);
    expect(report.workflows.added.sort()).toEqual(["kid", "review"]);
    expect(report.plays.added.sort()).toEqual([from.play.sid, from.child.sid].sort());

    const imported = await to.api.plays.get(from.play.sid);
    expect(imported).toMatchObject({
      status: "completed",
      run_count: 3,
      output_data: { text: "draft ducks", ok: true, square: 9 },
    });
    expect(imported.imported_at).toBeGreaterThan(0);
    // Paused, then waiting for the child, then completed.
    for (const runNo of [1, 2, 3]) {
      expect(await to.api.plays.spans(from.play.sid, { runNo })).toEqual(
        await from.api.plays.spans(from.play.sid, { runNo }),
      );
    }
    expect(await to.api.plays.runs(from.play.sid)).toEqual(
      await from.api.plays.runs(from.play.sid),
    );
    expect(await to.api.plays.spans(from.child.sid)).toEqual(
      await from.api.plays.spans(from.child.sid),
    );
    expect(await to.db.answers.toArray()).toEqual(await from.db.answers.toArray());
    expect((await to.db.outputs.count()) > 0).toBe(true);
    const workflow = await to.api.workflows.get("review");
    expect(workflow).toMatchObject({ sid: imported.workflow_sid, description: "Reviews ✓" });
    // The imported flows are in the library, and their links can be shared at once.
    expect(to.api.shareUrl("review")).toContain("#/share/");
  });

  it("exports the whole library when nothing is chosen, and chosen flows with their history", async () => {
    const from = await source();
    await from.api.workflows.save({ name: "kid", source: `${CHILD}# v2\n` });
    const all = await from.api.exportBundle();
    expect(all.plays).toHaveLength(2);
    expect(all.versions).toHaveLength(3);
    const chosen = await from.api.exportBundle({ workflows: ["kid"] });
    expect(chosen.workflows.map((w) => w.name)).toEqual(["kid"]);
    expect(chosen.versions).toHaveLength(2);
    expect(chosen.plays).toEqual([]);
    expect((await rejection(from.api.exportBundle({ plays: ["nope1234"] }))).code).toBe(
      "not_found",
    );
    expect((await rejection(from.api.exportBundle({ workflows: ["nope"] }))).code).toBe(
      "not_found",
    );
  });

  it("adds nothing twice when the same bundle is imported again, or into its own browser", async () => {
    const from = await source();
    const bundle = await from.api.exportBundle();
    const before = await dump(from.db);
    const home = await from.api.importBundle(bundle);
    expect(home.plays.added).toEqual([]);
    expect(home.versions).toBe(0);
    expect(home.workflows.unchanged.sort()).toEqual(["kid", "review"]);
    expect(await dump(from.db)).toEqual(before);

    const to = await otherBrowser();
    await to.api.importBundle(bundle);
    const once = await dump(to.db);
    const again = await to.api.importBundle(JSON.stringify(bundle));
    expect(again.plays).toEqual({ added: [], skipped: expect.any(Array) });
    expect(again.plays.skipped).toHaveLength(2);
    expect(await dump(to.db)).toEqual(once);
  });

  it("imports a flow whose name is taken here as a new version of the flow here", async () => {
    const from = await source();
    const bundle = await from.api.exportBundle({ plays: [from.play.sid] });
    const to = await otherBrowser();
    const mine = await to.api.workflows.save({ name: "review", source: CHILD });
    const report = await to.api.importBundle(bundle);
    expect(report.workflows.newVersion).toEqual(["review"]);
    const review = (await to.api.workflows.get("review"))!;
    expect(review.sid).toBe(mine.sid);
    expect(review.current_version_sid).toBe(from.play.version_sid);
    expect((await to.api.workflows.versions("review")).map((v) => v.sid)).toContain(
      mine.current_version_sid,
    );
    expect((await to.api.plays.get(from.play.sid)).workflow_sid).toBe(mine.sid);
    // Its source is now the bundle's; its description stays the one here.
    const shared = decodeSharedFlow(to.api.shareUrl("review").split(SHARE_ROUTE)[1]!);
    expect(shared).toEqual({ name: "review", description: mine.description, source: PARENT });

    // The same source here already: nothing to add as the current version.
    const same = await otherBrowser();
    await same.api.workflows.save({ name: "kid", source: CHILD });
    const kid = await same.api.workflows.get("kid");
    expect((await same.api.importBundle(bundle)).workflows.unchanged).toEqual(["kid"]);
    expect((await same.api.workflows.get("kid"))?.current_version_sid).toBe(
      kid?.current_version_sid,
    );
  });

  it("changes nothing when a record late in the bundle is bad", async () => {
    const from = await source();
    const bundle = structuredClone(await from.api.exportBundle()) as Bundle;
    const last = bundle.batches.at(-1)!;
    (last.spans.at(-1) as { status: string }).status = "exploded";
    const to = await otherBrowser();
    await to.api.workflows.save({ name: "kept", source: CHILD });
    const before = await dump(to.db);
    const error = await rejection(to.api.importBundle(bundle));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/batches\.\d+\.spans\.\d+\.status/);
    expect(await dump(to.db)).toEqual(before);
  });

  it("writes all or nothing when the database fails part-way", async () => {
    const from = await source();
    const bundle = await from.api.exportBundle();
    const to = await otherBrowser();
    await to.api.workflows.save({ name: "kept", source: CHILD });
    const before = await dump(to.db);
    // The last write of the import fails (as a full disk would).
    vi.spyOn(to.db.answers, "bulkPut").mockRejectedValueOnce(new Error("QuotaExceededError"));
    await expect(to.api.importBundle(bundle)).rejects.toThrow("QuotaExceededError");
    expect(await dump(to.db)).toEqual(before);
    expect(() => to.api.shareUrl("review")).toThrow(/no workflow 'review'/);
  });

  it("never runs, recovers, resumes or cancels imported plays, whatever their status", async () => {
    const from = await source();
    const bundle = structuredClone(await from.api.exportBundle()) as Bundle;
    const [parent, child] = [
      bundle.plays.find((p) => p.sid === from.play.sid)!,
      bundle.plays.find((p) => p.sid === from.child.sid)!,
    ];
    // As if exported mid-way: the parent was running, the child waiting to start.
    Object.assign(parent, { status: "running", ended_at: null });
    Object.assign(child, { status: "pending", ended_at: null, run_count: 0 });
    const to = await otherBrowser();
    await to.api.importBundle(bundle);
    const before = await dump(to.db);
    await to.engine.start();
    await to.engine.idle();
    await quietFor(
      200,
      "the watch on other tabs reads the unfinished plays on a timer of Dexie's; a play it took up would have begun its run's records by then",
    );
    expect(await dump(to.db)).toEqual(before);
    expect((await to.api.plays.get(parent.sid)).status).toBe("running");

    const resume = await rejection(to.api.plays.resume(parent.sid, { ok: true }));
    expect(resume.code).toBe("read_only");
    expect(resume.message).toMatch(/imported from a bundle: it is a read-only record/);
    expect((await rejection(to.api.plays.cancel(child.sid))).code).toBe("read_only");
    expect(await dump(to.db)).toEqual(before);
    // An imported record can still be deleted, even one exported while running.
    await to.api.plays.delete(parent.sid);
    expect((await rejection(to.api.plays.get(parent.sid))).code).toBe("not_found");
  });

  it("leaves an imported child as it is when its parent here is cancelled", async () => {
    const env = await source();
    const bundle = structuredClone(await env.api.exportBundle({ plays: [env.child.sid] }));
    Object.assign(bundle.plays[0]!, { status: "pending", ended_at: null });
    // The child was deleted here and comes back imported, under a parent that is still waiting.
    await env.api.plays.delete(env.child.sid);
    await env.api.importBundle(bundle);
    await env.db.plays.update(env.play.sid, { status: "waiting", waiting_on: [env.child.sid] });
    expect((await env.api.plays.cancel(env.play.sid)).status).toBe("cancelled");
    expect((await env.api.plays.get(env.child.sid)).status).toBe("pending");
  });
});
