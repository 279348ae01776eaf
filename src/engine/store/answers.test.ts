import { describe, expect, it } from "vitest";
import { rejection, testEngine } from "../../test-support/test-engine";

const TWO_PAUSES = `
from hero_logic import flow

@flow
def main():
    first = flow.pause("approve", fields=[{"name": "ok", "field_type": "bool"}])
    second = flow.pause("approve", fields=[{"name": "note", "field_type": "str"}])
    return {"ok": first["ok"], "note": second["note"]}
`;

describe("plays.answers", () => {
  it("lists each answer a person gave, oldest first, under its pause key with its time", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "twice", source: TWO_PAUSES });
    const play = await api.plays.start("twice");
    await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(await api.plays.answers(play.sid)).toEqual([]);

    const before = Date.now();
    await api.plays.resume(play.sid, { ok: true });
    await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    await api.plays.resume(play.sid, { note: "fine" });
    const done = await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    expect(done.status).toBe("completed");

    const answers = await api.plays.answers(play.sid);
    expect(answers.map(({ key, answer }) => ({ key, answer }))).toEqual([
      { key: "approve", answer: { ok: true } },
      { key: "approve#1", answer: { note: "fine" } },
    ]);
    expect(answers[0]!.answered_at).toBeGreaterThanOrEqual(before);
    expect(answers[1]!.answered_at).toBeGreaterThanOrEqual(answers[0]!.answered_at);
  });

  it("names an unknown play", async () => {
    const { api } = testEngine();
    expect((await rejection(api.plays.answers("nosuchpl"))).code).toBe("not_found");
  });
});
