import { describe, expect, it } from "vitest";
import type { Play, Span } from "../db/records";
import type { RunSummary } from "../engine/plays";
import { place, rulerTicks, runWaits, tickLabel, timeRange, zoomTo } from "./timeline-model";

const play = (patch: Partial<Play>) =>
  ({ status: "completed", run_count: 1, waiting_on: [], ...patch }) as Play;
const run = (patch: Partial<RunSummary>) =>
  ({ run_no: 1, ended_by: "completed", started_at: 0, ended_at: 0, ...patch }) as RunSummary;
const span = (patch: Partial<Span>) =>
  ({ status: "ok", started_at: 0, ended_at: 0, ...patch }) as Span;
const source = { firstSpanAt: undefined, now: 10_000, startingPython: false };

describe("the waits of a run", () => {
  it("splits a finished run's time before Python into the queue and the boot", () => {
    const runs = [run({ queued_at: 100, worker_at: 400, python_at: 2400 })];
    expect(runWaits({ ...source, play: play({}), runNo: 1, runs })).toEqual([
      { kind: "queued", start: 100, end: 400, label: "queued: waiting for a worker" },
      { kind: "python", start: 400, end: 2400, label: "starting Python" },
    ]);
  });

  it("names the time from Python ready to the flow's first span", () => {
    const runs = [run({ queued_at: 100, worker_at: 100, python_at: 2400 })];
    const waits = runWaits({ ...source, play: play({}), runNo: 1, runs, firstSpanAt: 2500 });
    expect(waits).toEqual([
      { kind: "python", start: 100, end: 2400, label: "starting Python" },
      { kind: "prepare", start: 2400, end: 2500, label: "preparing the run" },
    ]);
  });

  it("draws the children a run waited for before it, and those the play waits for now", () => {
    const runs = [
      run({ ended_by: "waiting", ended_at: 500 }),
      run({ run_no: 2, ended_by: "waiting", queued_at: 3000, worker_at: 3000, ended_at: 3100 }),
    ];
    const waiting = play({ status: "waiting", run_count: 2 });
    expect(runWaits({ ...source, play: waiting, runNo: 2, runs })).toEqual([
      { kind: "children", start: 500, end: 3000, label: "waiting for child plays" },
      { kind: "children", start: 3100, end: 10_000, label: "waiting for child plays" },
    ]);
  });

  it("shows a run still going as queued up to its first span, or now", () => {
    const running = play({ status: "running", queued_at: 1000 });
    expect(
      runWaits({ ...source, play: running, runNo: 1, runs: [], startingPython: true }),
    ).toEqual([{ kind: "queued", start: 1000, end: 10_000, label: "queued: starting Python" }]);
    const started = { ...source, play: running, runNo: 1, runs: [], firstSpanAt: 4000 };
    expect(runWaits(started)[0]).toMatchObject({ end: 4000, label: "queued" });
  });

  it("leaves out what a run stored before these times were recorded did not say", () => {
    expect(runWaits({ ...source, play: play({}), runNo: 1, runs: [run({})] })).toEqual([]);
  });
});

describe("the axis", () => {
  it("covers the spans and the waits, and a running span up to now", () => {
    const spans = [
      span({ started_at: 200, ended_at: 300 }),
      span({ started_at: 250, ended_at: null, status: "running" }),
    ];
    const waits = [{ kind: "queued" as const, start: 50, end: 200, label: "" }];
    expect(timeRange(spans, waits, 900)).toEqual({ start: 50, end: 900 });
  });

  it("places a stretch in percent of the window, clipped to it", () => {
    expect(place(25, 50, { start: 0, end: 100 })).toEqual({ left: 25, width: 25 });
    expect(place(-50, 50, { start: 0, end: 100 })).toEqual({ left: 0, width: 50 });
    expect(place(150, 200, { start: 0, end: 100 })).toBeNull();
  });

  it("ticks at round steps, far enough apart to read", () => {
    const ticks = rulerTicks({ start: 0, end: 8600 }, 860, 0);
    expect(ticks.map((t) => t.label)).toEqual([
      "0",
      "1 s",
      "2 s",
      "3 s",
      "4 s",
      "5 s",
      "6 s",
      "7 s",
      "8 s",
    ]);
    expect(rulerTicks({ start: 1000, end: 1130 }, 650, 1000).map((t) => t.label)).toEqual([
      "0",
      "20 ms",
      "40 ms",
      "60 ms",
      "80 ms",
      "100 ms",
      "120 ms",
    ]);
  });

  it("labels ticks as precisely as their step needs", () => {
    expect(tickLabel(1500, 500)).toBe("1.5 s");
    expect(tickLabel(0.5, 0.1)).toBe("0.5 ms");
    expect(tickLabel(120_000, 60_000)).toBe("2 min");
  });

  it("zooms to a span with a little room either side", () => {
    const window = zoomTo(span({ started_at: 1000, ended_at: 2000 }), 0, { start: 0, end: 9000 });
    expect(window).toEqual({ start: 950, end: 2050 });
  });
});
