import { describe, expect, it } from "vitest";
import { rejection, testEngine } from "../test-support/test-engine";
import { LIMITS } from "./portable/bundle-schema";

const FLOW = `from hero_logic import flow

@flow
def main(topic: str = "ducks"):
    return {"topic": topic}
`;

/** An engine with one flow and one finished play; `stored()` is everything in the database. */
async function setUp() {
  const env = testEngine();
  await env.api.workflows.save({ name: "known", source: FLOW });
  const started = await env.api.plays.start("known");
  const play = await env.api.plays.wait(started.sid, { timeoutMs: 30_000 });
  const stored = async () => {
    const { exported_at: _, ...rest } = await env.api.exportBundle();
    return JSON.stringify(rest);
  };
  return { ...env, play, stored };
}

/** `"<code>: <message>"` of the call's rejection (a synchronous throw included). */
async function refusal(call: () => unknown): Promise<string> {
  const error = await rejection(Promise.resolve().then(call));
  return `${error.code}: ${error.message}`;
}

describe("workflows.save keeps the library exportable", () => {
  it("refuses a source, description or docstring longer than an import takes", async () => {
    const { api, stored } = await setUp();
    const before = await stored();
    const long = `${FLOW}# ${"x".repeat(LIMITS.sourceChars)}\n`;
    expect(await refusal(() => api.workflows.save({ name: "big", source: long }))).toBe(
      `invalid_input: the source is too long (${long.length.toLocaleString("en")} characters; at most 1,000,000)`,
    );
    const description = "d".repeat(LIMITS.textChars + 1);
    expect(
      await refusal(() => api.workflows.save({ name: "known", source: FLOW, description })),
    ).toBe("invalid_input: the description is too long (100,001 characters; at most 100,000)");
    const docstring = FLOW.replace("):\n", `):\n    """${"d".repeat(LIMITS.textChars + 1)}"""\n`);
    expect(await refusal(() => api.workflows.save({ name: "documented", source: docstring }))).toBe(
      "invalid_input: the description (the entry's docstring) is too long (100,001 characters; at most 100,000)",
    );
    const field = `from hero_logic import flow

@flow(inputs=[{"name": "t", "field_type": "str", "description": "${"f".repeat(LIMITS.textChars + 1)}"}])
def main(t="x"):
    return t
`;
    expect(await refusal(() => api.workflows.save({ name: "described", source: field }))).toMatch(
      /^invalid_input: the flow's inputs \(0\.description\): /,
    );
    expect(
      await refusal(() =>
        api.workflows.save({ name: "known", source: FLOW, descripton: "typo" } as never),
      ),
    ).toBe(
      "invalid_input: workflows.save has no option 'descripton' (it takes name, source, description)",
    );
    expect(await refusal(() => api.workflows.rename("known", 5 as never))).toBe(
      "invalid_input: invalid workflow name 5: use letters, digits and _ (not starting with a digit, at most 64 characters)",
    );
    expect(
      await refusal(() =>
        api.workflows.save({ name: "broken_text", source: `${FLOW}x = "\ud800"\n` }),
      ),
    ).toBe(
      "syntax_error: line 6: a broken character (half of a UTF-16 surrogate pair, U+D800) that Python cannot read",
    );
    const huge = "n".repeat(100_000);
    expect(await refusal(() => api.workflows.save({ name: huge, source: FLOW }))).toBe(
      `invalid_input: invalid workflow name "${"n".repeat(60)}…": use letters, digits and _ (not starting with a digit, at most 64 characters)`,
    );
    expect(await stored()).toBe(before);
  });
});

describe("exportBundle, importBundle and shareUrl with odd arguments", () => {
  it("refuses a selection that is not lists of names or sids", async () => {
    const { api, stored } = await setUp();
    const before = await stored();
    const exporting = (selection: unknown) => refusal(() => api.exportBundle(selection as never));
    expect(await exporting("known")).toBe(
      "invalid_input: exportBundle takes an object { workflows?, plays? }, not a string",
    );
    expect(await exporting({ workflows: "known" })).toBe(
      "invalid_input: exportBundle's workflows must be a list of workflow names or sids, not a string",
    );
    expect(await exporting({ plays: [{}] })).toBe(
      "invalid_input: exportBundle's plays must be a list of play sids, not a list holding a object",
    );
    expect(await exporting({ flows: ["known"] })).toBe(
      "invalid_input: exportBundle has no option 'flows' (it takes workflows, plays)",
    );
    const one = await api.exportBundle({ workflows: ["known"] });
    expect(one.workflows.map((w) => w.name)).toEqual(["known"]);
    expect(await stored()).toBe(before);
  });

  it("shareUrl names a wrong argument instead of looking it up", async () => {
    const { api } = await setUp();
    expect(await refusal(() => api.shareUrl(undefined as never))).toBe(
      "invalid_input: workflow name or sid must be text, not undefined",
    );
    expect(await refusal(() => api.shareUrl({} as never))).toBe(
      "invalid_input: workflow name or sid must be text, not a object",
    );
    expect(api.shareUrl("known")).toMatch(/#\/share\/[A-Za-z0-9_-]+$/);
    // Right after restoring the examples, their links are there (shareUrl is synchronous).
    const restored = await api.workflows.restoreExamples();
    expect(restored.added).toContain("pause_resume_demo");
    expect(api.shareUrl("pause_resume_demo")).toMatch(/#\/share\/[A-Za-z0-9_-]+$/);
  });

  it("importBundle refuses what is not a bundle, however it is handed over", async () => {
    const { api, stored } = await setUp();
    const before = await stored();
    const importing = (input: unknown) => refusal(() => api.importBundle(input));
    const prefix = "invalid_input: This is not a hero_logic bundle that can be imported: ";
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const throwing = {
      get format() {
        throw new Error("boom");
      },
    };
    expect(await importing(undefined)).toBe(`${prefix}it is empty`);
    expect(await importing(circular)).toBe(`${prefix}it cannot be written as JSON`);
    expect(await importing(throwing)).toBe(`${prefix}it cannot be written as JSON`);
    expect(await importing(12)).toBe(`${prefix}it is not an object`);
    expect(await importing("[]")).toBe(`${prefix}it is not an object`);
    expect(await stored()).toBe(before);
  });
});

describe("a library exported after odd runs imports again", () => {
  it("takes a pause with a huge prompt and fields, and an error with a huge type name", async () => {
    const { api } = testEngine();
    await api.workflows.save({
      name: "big_prompt",
      source: `
from hero_logic import flow

@flow
def main():
    flow.pause("p", prompt="x" * 200_000,
               fields=[{"name": "n" * 300, "field_type": "str", "description": "d" * 200_000}])
`,
    });
    await api.workflows.save({
      name: "long_error",
      source: `
from hero_logic import flow

@flow
def main():
    raise type("E" * 2000, (Exception,), {})("boom")
`,
    });
    const paused = await api.plays.start("big_prompt");
    const failed = await api.plays.start("long_error");
    expect((await api.plays.wait(paused.sid, { timeoutMs: 30_000 })).status).toBe("paused");
    expect((await api.plays.wait(failed.sid, { timeoutMs: 30_000 })).error?.type).toHaveLength(
      2000,
    );
    const bundle = await api.exportBundle();
    const other = testEngine();
    const report = await other.api.importBundle(JSON.stringify(bundle));
    expect(report.plays.added.sort()).toEqual([paused.sid, failed.sid].sort());
    expect((await other.api.plays.get(paused.sid)).pending_pause?.prompt).toHaveLength(200_000);
  });
});

describe("the API object", () => {
  it("cannot be taken apart by a script: reassigning a member fails and changes nothing", async () => {
    const { api } = testEngine();
    const list = api.plays.list;
    expect(() => {
      (api.plays as { list: unknown }).list = () => Promise.resolve([]);
    }).toThrow(TypeError);
    expect(() => {
      (api as { plays: unknown }).plays = null;
    }).toThrow(TypeError);
    expect(() => {
      (api.workflows as { extra?: unknown }).extra = 1;
    }).toThrow(TypeError);
    expect(api.plays.list).toBe(list);
  });
});

describe("the same bundle imported twice at once", () => {
  it("adds everything once: one import adds, the other finds it there", async () => {
    const { api, play } = await setUp();
    const bundle = await api.exportBundle();
    const other = testEngine();
    const [a, b] = await Promise.all([
      other.api.importBundle(bundle),
      other.api.importBundle(JSON.stringify(bundle)),
    ]);
    expect([a.plays.added, b.plays.added].flat()).toEqual([play.sid]);
    expect([a.plays.skipped, b.plays.skipped].flat()).toEqual([play.sid]);
    expect((await other.api.workflows.list()).map((w) => w.name)).toEqual(["known"]);
    expect(await other.api.workflows.versions("known")).toHaveLength(1);
  });
});

describe("what the UI needs, through the API", () => {
  it("workflows.analyze reads a source without running it", async () => {
    const { api } = testEngine();
    const read = await api.workflows.analyze(FLOW);
    expect(read.ok && read.entry).toBe("main");
    expect(read.ok && read.inputs.map((field) => [field.name, field.default])).toEqual([
      ["topic", "ducks"],
    ]);
    const broken = await api.workflows.analyze(`${FLOW}def (:\n`);
    expect(broken.ok || [broken.code, broken.line]).toEqual(["syntax_error", 6]);
    expect(await refusal(() => api.workflows.analyze(5 as never))).toBe(
      "invalid_input: source must be text, not a number",
    );
    expect(await api.workflows.list()).toEqual([]);
  });

  it("readShareUrl reads what shareUrl wrote, from the whole link or its payload", async () => {
    const { api } = await setUp();
    const url = api.shareUrl("known");
    const flow = { name: "known", description: "", source: FLOW };
    expect(api.readShareUrl(url)).toEqual({ ...flow, missing_packages: [] });
    expect(api.readShareUrl(url.slice(url.indexOf("#/share/") + "#/share/".length))).toEqual({
      ...flow,
      missing_packages: [],
    });
    expect(await refusal(() => api.readShareUrl(`${url.slice(0, -3)}!!!`))).toBe(
      "invalid_input: This share link is damaged (it contains characters a share link never has). Ask for the link again.",
    );
    expect(await refusal(() => api.readShareUrl(undefined as never))).toBe(
      "invalid_input: share link must be text, not undefined",
    );
  });

  it("limits are the bundle's, and cannot be changed", () => {
    const { api } = testEngine();
    expect(api.limits).toEqual(LIMITS);
    expect(() => {
      (api.limits as { bundleChars: number }).bundleChars = 1;
    }).toThrow(TypeError);
  });

  it("importBundle takes a file, refused by its size before it is read", async () => {
    const { api, play } = await setUp();
    const text = JSON.stringify(await api.exportBundle());
    const other = testEngine();
    const report = await other.api.importBundle(new Blob([text]));
    expect(report.plays.added).toEqual([play.sid]);
    let read = false;
    class HugeFile extends Blob {
      override get size() {
        return 300 * 1024 * 1024;
      }
      override text() {
        read = true;
        return Promise.resolve(text);
      }
    }
    expect(await refusal(() => other.api.importBundle(new HugeFile([])))).toBe(
      "invalid_input: This is not a hero_logic bundle that can be imported: it is too large (300.0 MB; at most 200.0 MB)",
    );
    expect(read).toBe(false);
  });
});
