import { describe, expect, it } from "vitest";
import type { Play, SpanBatch } from "../../db/records";
import { testEngine } from "../../test-support/test-engine";
import { storageFailure } from "./run-end";

const FLOW = `
from hero_logic import flow

@flow
def part(k: int):
    return "x" * 1000 + str(k)

@flow
def main(parts: int = 5):
    return [len(part(k)) for k in range(parts)]
`;

describe("storage faults", () => {
  it("a play whose spans do not fit fails saying storage is full; other plays stay", async () => {
    const { api, db } = testEngine();
    await api.workflows.save({ name: "parts", source: FLOW });
    const first = await api.plays.wait((await api.plays.start("parts")).sid, {
      timeoutMs: 30_000,
    });
    expect(first.status).toBe("completed");
    const firstSpans = await api.plays.spans(first.sid);

    // From now on the browser refuses every span batch of another play, as a full disk does.
    const put = db.batches.put.bind(db.batches);
    db.batches.put = ((row: SpanBatch, key?: unknown) => {
      if (row.play_sid !== first.sid) {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }
      return put(row, key as undefined);
    }) as typeof db.batches.put;

    const full = await api.plays.wait((await api.plays.start("parts")).sid, {
      timeoutMs: 30_000,
    });
    expect(full.status).toBe("failed");
    expect(full.error?.message).toMatch(/^storage is full: /);
    expect(full.error?.message).toContain("deleting plays");
    expect((await api.plays.runs(full.sid)).map((r) => r.ended_by)).toEqual(["failed"]);
    // Nothing of the refused batches was half written; the other play reads as before.
    expect(await api.plays.spans(full.sid)).toEqual([]);
    expect(await api.plays.spans(first.sid)).toEqual(firstSpans);
    expect((await api.plays.get(first.sid)).status).toBe("completed");
  });

  it("a result that does not fit fails the play saying storage is full; it never stays running", async () => {
    const { api, db } = testEngine();
    await api.workflows.save({ name: "parts", source: FLOW });
    // The browser takes every span batch, but not the play's end with its large output.
    const put = db.plays.put.bind(db.plays);
    db.plays.put = ((row: Play, key?: unknown) => {
      if (row.output_data != null) {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }
      return put(row, key as undefined);
    }) as typeof db.plays.put;

    const sid = (await api.plays.start("parts")).sid;
    const play = await api.plays.wait(sid, { timeoutMs: 30_000 });
    expect(play.status).toBe("failed");
    expect(play.output_data).toBeNull();
    expect(play.error?.message).toMatch(/^storage is full: /);
    expect((await api.plays.runs(sid)).map((r) => r.ended_by)).toEqual(["failed"]);
    // The spans it stored before are all there, finished.
    const spans = await api.plays.spans(sid);
    expect(spans.filter((s) => s.kind === "step" && s.status === "ok")).toHaveLength(5);
  });

  it("names other storage failures as they are", () => {
    expect(storageFailure(new Error("disk on fire")).message).toBe(
      "could not store the play's spans: disk on fire",
    );
    const wrapped = Object.assign(new Error("wrapped"), {
      name: "AbortError",
      inner: new DOMException("quota", "QuotaExceededError"),
    });
    expect(storageFailure(wrapped).message).toMatch(/^storage is full: /);
  });
});
