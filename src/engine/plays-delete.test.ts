import { describe, expect, it } from "vitest";
import { testEngine } from "../test-support/test-engine";

const ASKER = `
from hero_logic import flow

@flow
def main():
    answer = flow.pause("approve", fields=[{"name": "ok", "field_type": "bool"}])
    return flow.step(lambda ok: ok, answer["ok"], name="echo")
`;

describe("plays.delete", () => {
  it("leaves nothing of the play behind: its runs, spans, step outputs and answers go with it", async () => {
    const { api, db } = testEngine();
    await api.workflows.save({ name: "asker", source: ASKER });
    const play = await api.plays.start("asker");
    await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    await api.plays.resume(play.sid, { ok: true });
    await api.plays.wait(play.sid, { timeoutMs: 30_000 });
    const range = [
      [play.sid, -Infinity],
      [play.sid, Infinity],
    ] as const;
    expect(
      await db.runs
        .where("[play_sid+run_no]")
        .between(...range)
        .count(),
    ).toBe(2);

    await api.plays.delete(play.sid);
    const left = await Promise.all([
      db.runs
        .where("[play_sid+run_no]")
        .between(...range)
        .count(),
      db.batches
        .where("[play_sid+run_no+batch_no]")
        .between([play.sid, -Infinity, -Infinity], [play.sid, Infinity, Infinity])
        .count(),
      db.answers.where("[play_sid+key]").between([play.sid, ""], [play.sid, "\uffff"]).count(),
    ]);
    expect(left).toEqual([0, 0, 0]);
  });
});
