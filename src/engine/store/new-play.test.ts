import { describe, expect, it } from "vitest";
import { newPlay } from "./new-play";

describe("new play records", () => {
  it("are created at strictly increasing times, so newest first has one order", () => {
    // A script starting plays in a loop creates many in one millisecond.
    const init = { workflowSid: "w", versionSid: "v", pinned: false, inputs: {}, prefill: {} };
    const times = Array.from({ length: 100 }, () => newPlay(init).created_at);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
    expect(times[99]! - Date.now()).toBeLessThan(1);
  });
});
