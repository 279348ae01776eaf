import { describe, expect, it } from "vitest";
import { rejection, testEngine } from "../test-support/test-engine";
import { EXAMPLES } from "./examples";

const FLOW = `from hero_logic import flow

@flow
def main(word: str = "hi"):
    return {"word": word}
`;

describe("workflows.rename", () => {
  it("renames a flow; its versions and plays follow it", async () => {
    const { api } = testEngine();
    const saved = await api.workflows.save({ name: "first", source: FLOW });
    await api.workflows.save({ name: "first", source: `${FLOW}# two\n` });
    const play = await api.plays.wait((await api.plays.start("first")).sid, {
      timeoutMs: 30_000,
    });
    expect(play.status).toBe("completed");

    const renamed = await api.workflows.rename("first", "second");
    expect(renamed).toMatchObject({ sid: saved.sid, name: "second" });
    expect(await api.workflows.get("first")).toBeUndefined();
    expect((await api.workflows.get("second"))?.sid).toBe(saved.sid);
    expect(await api.workflows.versions("second")).toHaveLength(2);
    expect((await api.plays.list({ workflow: "second" })).map((p) => p.sid)).toEqual([play.sid]);
    // It runs under its new name.
    const again = await api.plays.wait((await api.plays.start("second", { word: "yo" })).sid, {
      timeoutMs: 30_000,
    });
    expect(again.output_data).toEqual({ word: "yo" });
  });

  it("refuses a name another flow has, and a bad name, changing nothing", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "one", source: FLOW });
    await api.workflows.save({ name: "two", source: FLOW });
    const clash = await rejection(api.workflows.rename("one", "two"));
    expect(clash.code).toBe("invalid_input");
    expect(clash.message).toBe("a flow named 'two' exists already: choose another name");
    const bad = await rejection(api.workflows.rename("one", "9 lives"));
    expect(bad.code).toBe("invalid_input");
    expect(bad.message).toMatch(/invalid workflow name "9 lives"/);
    expect((await api.workflows.list()).map((w) => w.name)).toEqual(["one", "two"]);
    expect((await rejection(api.workflows.rename("nope", "three"))).code).toBe("not_found");
  });

  it("keeps a flow renamed to its own name as it was", async () => {
    const { api } = testEngine();
    const saved = await api.workflows.save({ name: "same", source: FLOW });
    expect(await api.workflows.rename(saved.sid, "same")).toEqual(saved);
  });
});

describe("workflows.restoreExamples", () => {
  it("re-adds deleted examples and restores edited ones as a new version, leaving other flows alone", async () => {
    const { api, engine } = testEngine();
    await engine.start();
    await api.workflows.save({ name: "mine", source: FLOW });
    const edited = await api.workflows.save({
      name: "hello_steps",
      source: `${EXAMPLES.hello_steps}\n# my edit\n`,
    });
    await api.workflows.delete("fan_out");
    const mineBefore = await api.workflows.get("mine");

    const result = await api.workflows.restoreExamples();
    expect(result.added).toEqual(["fan_out"]);
    expect(result.updated).toEqual(["hello_steps"]);
    expect(result.unchanged.sort()).toEqual(
      Object.keys(EXAMPLES)
        .filter((n) => n !== "fan_out" && n !== "hello_steps")
        .sort(),
    );

    const hello = await api.workflows.versions("hello_steps");
    // The edit stays in the history; the shipped source is current again.
    expect(hello.map((v) => v.source)).toEqual([
      EXAMPLES.hello_steps,
      `${EXAMPLES.hello_steps}\n# my edit\n`,
      EXAMPLES.hello_steps,
    ]);
    expect((await api.workflows.get("hello_steps"))?.sid).toBe(edited.sid);
    const fanOut = await api.workflows.versions("fan_out");
    expect(fanOut.map((v) => v.source)).toEqual([EXAMPLES.fan_out]);
    expect(await api.workflows.get("mine")).toEqual(mineBefore);

    // Nothing left to restore: a second call changes nothing.
    const again = await api.workflows.restoreExamples();
    expect(again.added).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(await api.workflows.versions("hello_steps")).toHaveLength(3);
  });
});
