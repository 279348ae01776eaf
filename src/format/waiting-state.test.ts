import { describe, expect, it } from "vitest";
import type { Play } from "../db/records";
import { asSentence, waitingFor } from "./waiting-state";

const play = (patch: Partial<Play>) => ({ status: "running", waiting_on: [], ...patch }) as Play;

describe("what a play waits for", () => {
  it("names the queue, the boot of Python and the start of the run", () => {
    expect(waitingFor(play({ status: "pending" }), { stage: undefined, hasSpans: false })).toBe(
      "queued: waiting for a worker",
    );
    const booting = { stage: "starting-python", hasSpans: false } as const;
    expect(waitingFor(play({ status: "pending" }), booting)).toBe("queued: starting Python");
    expect(waitingFor(play({ status: "running" }), booting)).toBe("starting Python");
    expect(waitingFor(play({}), { stage: undefined, hasSpans: false })).toBe("starting the run");
    expect(waitingFor(play({}), { stage: undefined, hasSpans: true })).toBeNull();
  });

  it("counts the children still running, else those it waits on", () => {
    const waiting = play({ status: "waiting", waiting_on: ["a", "b", "c", "d"] });
    expect(waitingFor(waiting, { stage: undefined, hasSpans: true })).toBe(
      "waiting for 4 child plays",
    );
    const facts = { stage: undefined, hasSpans: true, unfinishedChildren: 1 };
    expect(waitingFor(waiting, facts)).toBe("waiting for 1 child play");
    expect(waitingFor(waiting, { ...facts, unfinishedChildren: 0 })).toBe(
      "children finished: queued to go on",
    );
  });

  it("says nothing of a finished play", () => {
    for (const status of ["completed", "failed", "cancelled"] as const) {
      expect(waitingFor(play({ status }), { stage: undefined, hasSpans: false })).toBeNull();
    }
  });

  it("starts a sentence with a wait", () => {
    expect(asSentence("queued: starting Python")).toBe("Queued: starting Python");
  });
});
