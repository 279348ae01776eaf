import { describe, expect, it } from "vitest";
import type { Play } from "../db/records";
import { newPlay } from "../engine/store/new-play";
import { isFiltering, NO_FILTER, playMatches } from "./plays-filter";

function play(patch: Partial<Play>): Play {
  const base = newPlay({
    workflowSid: "wf000001",
    versionSid: "ve000001",
    pinned: false,
    inputs: { topic: "Ducks" },
    prefill: {},
  });
  return { ...base, ...patch };
}

describe("playMatches", () => {
  it("keeps every play without a filter", () => {
    expect(playMatches(play({}), NO_FILTER)).toBe(true);
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(isFiltering({ ...NO_FILTER, text: "  " })).toBe(false);
  });

  it("filters by flow and by status", () => {
    const failed = play({ status: "failed" });
    expect(playMatches(failed, { ...NO_FILTER, flow: "wf000001" })).toBe(true);
    expect(playMatches(failed, { ...NO_FILTER, flow: "wf000002" })).toBe(false);
    expect(playMatches(failed, { ...NO_FILTER, status: "failed" })).toBe(true);
    expect(playMatches(failed, { ...NO_FILTER, status: "completed" })).toBe(false);
  });

  it("finds text in inputs, outputs and errors, whatever its case, not in the sid", () => {
    const done = play({
      sid: "abcdefgh",
      status: "completed",
      output_data: { verdict: "Approved" },
    });
    const failed = play({
      status: "failed",
      error: {
        type: "Failed",
        message: "outline rejected",
        traceback: 'File "flow.py", line 12, in main',
      },
    });
    const text = (t: string) => ({ ...NO_FILTER, text: t });
    expect(playMatches(done, text("ducks"))).toBe(true);
    expect(playMatches(done, text("approved"))).toBe(true);
    expect(playMatches(done, text("  VERDICT "))).toBe(true);
    expect(playMatches(done, text("abcdefgh"))).toBe(false);
    expect(playMatches(done, text("rejected"))).toBe(false);
    expect(playMatches(failed, text("Rejected"))).toBe(true);
    expect(playMatches(failed, text("line 12"))).toBe(true);
  });

  it("finds a value written compact or spaced, as the play page prints it", () => {
    const done = play({ output_data: { ok: true, note: "a\nb" } });
    for (const text of ['"ok":true', '"ok": true', '{ "ok": true, "note"', "a\\nb"]) {
      expect(playMatches(done, { ...NO_FILTER, text }), text).toBe(true);
    }
  });

  it("reads the JSON text the flow wrote when it is stored", () => {
    const exact = play({ output_data: 1, output_json: "1.0" });
    expect(playMatches(exact, { ...NO_FILTER, text: "1.0" })).toBe(true);
  });

  it("needs every part of the filter to match", () => {
    const failed = play({
      status: "failed",
      error: { type: "Failed", message: "boom", traceback: "" },
    });
    expect(playMatches(failed, { flow: "wf000001", status: "failed", text: "boom" })).toBe(true);
    expect(playMatches(failed, { flow: "wf000001", status: "paused", text: "boom" })).toBe(false);
  });
});
