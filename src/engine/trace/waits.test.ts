import { describe, expect, it } from "vitest";
import type { Play, RunRecord, Span } from "../../db/records";
import type { TracedPlay, TracedRun } from "./collect";
import { waitSegments } from "./waits";

const play = (patch: Partial<Play>): Play =>
  ({ sid: "p", status: "completed", created_at: 0, ended_at: null, ...patch }) as Play;

/** A run from `start` (the engine began it) whose root span spans `root`, ended `by` at `end`. */
function run(
  runNo: number,
  start: number,
  root: [number, number] | null,
  ended: { by: RunRecord["ended_by"]; at: number; pause?: string } | null,
): TracedRun {
  const spans = root
    ? [
        {
          sid: `r${runNo}`,
          parent_sid: null,
          kind: "flow_root",
          started_at: root[0],
          ended_at: root[1],
        } as Span,
      ]
    : [];
  const record = ended
    ? {
        play_sid: "p",
        run_no: runNo,
        version_sid: "v",
        started_at: start,
        ended_at: ended.at,
        ended_by: ended.by,
        pause_key: ended.pause ?? null,
      }
    : null;
  return { run_no: runNo, record, spans };
}

const traced = (p: Play, runs: TracedRun[]): TracedPlay => ({ play: p, workflow: "f", runs });
const brief = (segments: ReturnType<typeof waitSegments>) =>
  segments.map((s) => `${s.label} ${s.start}-${s.end}`);

describe("a play's waits", () => {
  it("a play no worker took yet is queued until now", () => {
    const p = play({ status: "pending", created_at: 100 });
    expect(brief(waitSegments(traced(p, []), [], 900))).toEqual(["queued 100-900"]);
  });

  it("queued, then the worker getting ready, then the pause until the answer's run", () => {
    const p = play({ created_at: 0, ended_at: 95 });
    const runs = [
      run(1, 10, [15, 30], { by: "paused", at: 32, pause: "approve" }),
      run(2, 70, [74, 90], { by: "completed", at: 95 }),
    ];
    expect(brief(waitSegments(traced(p, runs), [], 1000))).toEqual([
      "queued 0-10",
      "starting: Python worker 10-15",
      "paused at approve 32-70",
      "starting: Python worker 70-74",
    ]);
  });

  it("waits for the children unfinished when the run stopped", () => {
    const p = play({ created_at: 0, ended_at: 100 });
    const runs = [
      run(1, 0, [0, 20], { by: "waiting", at: 25 }),
      run(2, 80, [80, 90], { by: "completed", at: 100 }),
    ];
    const child = (created_at: number, ended_at: number, status: Play["status"] = "completed") =>
      play({ created_at, ended_at, status });
    const children = [child(5, 60), child(6, 70), child(7, 50, "paused"), child(8, 22)];
    expect(brief(waitSegments(traced(p, runs), children, 1000))).toContain(
      "waiting for 3 child plays 25-80",
    );
  });

  it("knows nothing after a run still going", () => {
    const p = play({ status: "running", created_at: 0 });
    expect(brief(waitSegments(traced(p, [run(1, 5, [8, 9], null)]), [], 1000))).toEqual([
      "queued 0-8",
    ]);
    // Running, its root span not open yet: it waited for a worker, then for Python.
    expect(brief(waitSegments(traced(p, [run(1, 5, null, null)]), [], 1000))).toEqual([
      "queued, then starting: Python worker 0-1000",
    ]);
  });

  it("a paused play cancelled later waited until its cancel; a cut-off run is queued again", () => {
    const cancelled = play({ status: "cancelled", created_at: 0, ended_at: 500 });
    const paused = [run(1, 0, [0, 10], { by: "paused", at: 12, pause: "approve#1" })];
    expect(brief(waitSegments(traced(cancelled, paused), [], 1000))).toEqual([
      "paused at approve#1 12-500",
    ]);
    const recovered = play({ created_at: 0, ended_at: 90 });
    const runs = [
      run(1, 0, [0, 10], { by: "interrupted", at: 40 }),
      run(2, 60, [60, 80], { by: "completed", at: 90 }),
    ];
    expect(brief(waitSegments(traced(recovered, runs), [], 1000))).toContain(
      "queued again (the run was cut off) 40-60",
    );
  });
});
