import { describe, expect, it } from "vitest";
import { packJournal } from "../../src/engine/store/span-log";
import { nodePyodide } from "../../src/test-support/node-python";
import { byName, journalEntries, type RunResult, runFlow } from "./run";

/** Side effects survive runs: each execution of `effect(x)` appends to a list in the worker. */
const EFFECTS = `
import builtins
def effect(tag):
    builtins.__dict__.setdefault("HERO_EFFECTS", []).append(tag)
    return tag
`;

async function takeEffects(): Promise<string[]> {
  const py = await nodePyodide();
  const effects = py.runPython(
    "import builtins, json\njson.dumps(builtins.__dict__.pop('HERO_EFFECTS', []))",
  );
  return JSON.parse(effects as string);
}

const APPROVAL = `${EFFECTS}
from hero_logic import flow, Failed

@flow
def draft(topic):
    return effect(f"draft {topic}")

@flow
def main(topic="x"):
    text = draft(topic)
    with flow.span("review"):
        try:
            answer = flow.pause("approve", prompt="Approve?", fields=[
                {"name": "ok", "field_type": "bool"},
                {"name": "note", "field_type": "text", "required": False}])
        except Exception:
            raise Failed("a pause must not be catchable with except Exception")
    if not answer["ok"]:
        raise Failed("rejected")
    return {"text": text, "note": answer.get("note")}
`;

/** Store an answer the way the engine does after a resume. */
function answered(first: RunResult, key: string, payload: unknown): Record<string, string> {
  return { ...first.cache, [`pause:${key}`]: JSON.stringify(payload) };
}

describe("flow.pause", () => {
  it("parks the run with the pause's prompt and normalized fields; except Exception cannot catch it", async () => {
    await takeEffects();
    const first = await runFlow(APPROVAL);
    expect(first.outcome).toMatchObject({
      status: "paused",
      pause: { name: "approve", key: "approve", prompt: "Approve?" },
    });
    if (first.outcome.status !== "paused") return;
    expect(first.outcome.pause.fields.map((f) => [f.name, f.field_type, f.required])).toEqual([
      ["ok", "bool", true],
      ["note", "text", false],
    ]);
    expect(byName(first.spans, "approve")[0]).toMatchObject({ status: "paused", kind: "step" });
    expect(byName(first.spans, "review")[0]!.status).toBe("paused");
    expect(byName(first.spans, "main")[0]!.status).toBe("paused");
    expect(byName(first.spans, "draft")[0]!.status).toBe("ok");
    expect(await takeEffects()).toEqual(["draft x"]);
  });

  it("returns the answer on the next run and replays finished steps without executing them", async () => {
    await takeEffects();
    const first = await runFlow(APPROVAL);
    await takeEffects();
    const second = await runFlow(APPROVAL, {
      step_cache: answered(first, "approve", { ok: true, note: "fine" }),
    });
    expect(second.outcome).toMatchObject({
      status: "completed",
      output: { text: "draft x", note: "fine" },
    });
    expect(await takeEffects()).toEqual([]);
    expect(byName(second.spans, "draft")[0]).toMatchObject({ replayed: true, output: "draft x" });
    expect(byName(second.spans, "approve")[0]).toMatchObject({
      status: "ok",
      output: { ok: true, note: "fine" },
    });
  });

  it("gives two same-named pauses in a loop their own answers", async () => {
    const source = `
from hero_logic import flow
@flow
def main():
    return [flow.pause("ask", fields=[{"name": "n", "field_type": "int"}])["n"] for _ in range(2)]
`;
    const first = await runFlow(source);
    expect(first.outcome).toMatchObject({ status: "paused", pause: { key: "ask" } });
    const second = await runFlow(source, { step_cache: answered(first, "ask", { n: 1 }) });
    expect(second.outcome).toMatchObject({ status: "paused", pause: { key: "ask#1" } });
    const third = await runFlow(source, {
      step_cache: { ...answered(first, "ask", { n: 1 }), "pause:ask#1": JSON.stringify({ n: 2 }) },
    });
    expect(third.outcome).toMatchObject({ status: "completed", output: [1, 2] });
  });

  const SIMPLE = `
from hero_logic import flow
@flow
def main():
    answer = flow.pause("approve", fields=[{"name": "ok", "field_type": "bool"},
                                           {"name": "note", "field_type": "text", "required": False}])
    return {"note": answer.get("note")}
`;

  it("takes prefilled answers without parking, validated against the fields", async () => {
    const done = await runFlow(SIMPLE, { prefill: { approve: { ok: true } }, prefill_only: true });
    expect(done.outcome).toMatchObject({ status: "completed", output: { note: null } });
    expect(done.cache["pause:approve"]).toBe(JSON.stringify({ ok: true }));

    const bad = await runFlow(SIMPLE, { prefill: { approve: { ok: "yes" } } });
    expect(bad.outcome.status).toBe("failed");
    if (bad.outcome.status === "failed") {
      expect(bad.outcome.error.message).toBe(
        "Failed: invalid prefill for pause 'approve': ok: expected true or false",
      );
    }
  });

  it("fails an unanswered pause when the play is prefill-only, naming the pause", async () => {
    const result = await runFlow(SIMPLE, { prefill: { other: {} }, prefill_only: true });
    expect(result.outcome.status).toBe("failed");
    if (result.outcome.status !== "failed") return;
    expect(result.outcome.error.message).toContain("pause 'approve' has no prefilled answer");
    expect(byName(result.spans, "approve")[0]!.status).toBe("failed");
  });

  it("applies answers across versions while steps run fresh under the new version", async () => {
    await takeEffects();
    const first = await runFlow(APPROVAL);
    await takeEffects();
    const next = await runFlow(APPROVAL, {
      version_sid: "v2",
      step_cache: answered(first, "approve", { ok: true }),
    });
    expect(next.outcome.status).toBe("completed");
    expect(await takeEffects()).toEqual(["draft x"]);
    expect(byName(next.spans, "draft")[0]!.replayed).toBe(false);
  });
});

describe("replay identity", () => {
  const RANDOM = `
import random
from hero_logic import flow
def pick(n):
    return n
def after():
    return "after"
@flow
def main():
    flow.step(pick, random.randint(0, 10**9))
    flow.step(after)
    return flow.pause("wait")
`;

  it("fails a run that asks for other steps than the earlier run of the same version, naming them", async () => {
    const first = await runFlow(RANDOM);
    expect(first.outcome.status).toBe("paused");
    const journal = journalEntries(first.outcome.journal, Object.keys(first.cache));
    expect(journal).toEqual([
      ["pick", byName(first.spans, "pick")[0]!.step_key],
      ["after", byName(first.spans, "after")[0]!.step_key],
    ]);
    // The packed journal, and the list of pairs runs stored before it, both catch the change.
    for (const expected of [first.outcome.journal, packJournal(journal)]) {
      const second = await runFlow(RANDOM, { step_cache: first.cache, expected });
      expect(second.outcome.status).toBe("failed");
      if (second.outcome.status !== "failed") return;
      expect(second.outcome.error.message).toContain("replay diverged at step 'pick'");
      expect(second.outcome.error.message).toContain("made step 'pick' here");
      expect(byName(second.spans, "pick")[0]!.status).toBe("failed");
    }
  });

  it("lets a step that failed (and was caught) run again without calling it divergence", async () => {
    const source = `${EFFECTS}
from hero_logic import flow
def flaky():
    if effect("try") and not __import__("builtins").__dict__.get("HERO_FIXED"):
        raise RuntimeError("flaky")
    return "fine"
@flow
def main():
    try:
        flow.step(flaky)
    except RuntimeError:
        pass
    flow.step(lambda: 1, name="later")
    answer = flow.pause("go")
    return flow.step(flaky)
`;
    const first = await runFlow(source);
    expect(first.outcome.status).toBe("paused");
    const py = await nodePyodide();
    py.runPython("import builtins; builtins.HERO_FIXED = True");
    const second = await runFlow(source, {
      step_cache: answered(first, "go", {}),
      expected: first.outcome.journal,
    });
    py.runPython("import builtins; del builtins.HERO_FIXED");
    await takeEffects();
    expect(second.outcome).toMatchObject({ status: "completed", output: "fine" });
  });

  it("does not check steps under a version the journal was not made with", async () => {
    const first = await runFlow(RANDOM);
    const other = await runFlow(RANDOM, {
      version_sid: "v2",
      step_cache: first.cache,
      expected: "",
    });
    expect(other.outcome.status).toBe("paused");
  });
});
