/**
 * What a play's stored records must agree on once it has settled, whatever raced with what
 * (a cancel, a resume, a worker's end, an edit): the adversarial journeys check every play they
 * try with `settledRecords` and `expectConsistent`.
 */
import type { Page } from "@playwright/test";
import type { Play, Span } from "../src/db/records";
import type { RunSummary } from "../src/engine/plays";
import { expect } from "./fixtures";

export interface PlayRecords {
  play: Play;
  runs: RunSummary[];
  /** The spans of each run, run 1 first. */
  spans: Span[][];
}

/** The play, its run records and every run's spans, read in one go. */
export function readRecords(page: Page, sid: string): Promise<PlayRecords> {
  return page.evaluate(async (playSid) => {
    const api = window.heroLogic.plays;
    const play = await api.get(playSid);
    const runs = await api.runs(playSid);
    const spans: Span[][] = [];
    // Outputs are cut short: a step may return megabytes, and only their start matters here.
    const short = (value: unknown) => (typeof value === "string" ? value.slice(0, 40) : value);
    for (let runNo = 1; runNo <= play.run_count; runNo++) {
      const run = await api.spans(playSid, { runNo });
      spans.push(
        run.map(({ output_json: _, ...span }) => ({ ...span, output: short(span.output) })),
      );
    }
    return { play, runs, spans };
  }, sid);
}

/** Statuses after which nothing runs until someone acts. */
const SETTLED = ["paused", "completed", "failed", "cancelled"];

/**
 * The records once the play has settled and its last run's end is stored: a cancel answers
 * before the stopped run's records are written, so this waits (on the records, not the clock)
 * until every run has its record and no span shows running, or `timeoutMs` passed; then the
 * records as they are, for `expectConsistent` to say what is wrong.
 */
export async function settledRecords(
  page: Page,
  sid: string,
  timeoutMs = 30_000,
): Promise<PlayRecords> {
  await page.evaluate(
    async ([playSid, ms]) => {
      await window.heroLogic.plays.wait(playSid, { timeoutMs: ms }).catch(() => {});
    },
    [sid, timeoutMs] as const,
  );
  let records = await readRecords(page, sid);
  await expect
    .poll(
      async () => {
        records = await readRecords(page, sid);
        return isSettled(records);
      },
      { timeout: timeoutMs, intervals: [50, 100, 200] },
    )
    .toBe(true)
    .catch(() => {});
  return records;
}

function isSettled({ play, runs, spans }: PlayRecords): boolean {
  return (
    SETTLED.includes(play.status) &&
    runs.length === play.run_count &&
    spans.every((run) => run.every((span) => span.status !== "running"))
  );
}

/** The root span's status that goes with how a run ended. */
const ROOT_FOR: Record<string, string> = {
  completed: "ok",
  cancelled: "cancelled",
  interrupted: "cancelled",
  failed: "failed",
  paused: "paused",
};

/** How the last run may have ended for each settled status of its play. */
const LAST_RUN_FOR: Record<string, string[]> = {
  completed: ["completed"],
  failed: ["failed"],
  paused: ["paused"],
  // Cancelled while it ran, or while it was parked at a pause (no run was running then).
  cancelled: ["cancelled", "paused"],
};

/**
 * A settled play's records tell one story: one run record per run, the last one ended the way
 * the play's status allows, every span ended (a span that did not finish says why), each run's
 * root (when it began) ended as its run did, an output only when it completed.
 */
export function expectConsistent(label: string, { play, runs, spans }: PlayRecords): void {
  expect(SETTLED, `${label}: settled, not ${play.status}`).toContain(play.status);
  expect(
    runs.map((r) => r.run_no),
    `${label}: a record for each of its ${play.run_count} runs`,
  ).toEqual(Array.from({ length: play.run_count }, (_, i) => i + 1));
  const last = runs.at(-1);
  if (last) {
    expect(LAST_RUN_FOR[play.status], `${label}: the last run ended as the play allows`).toContain(
      last.ended_by,
    );
  }
  spans.forEach((run, i) => {
    const where = `${label}: run ${i + 1}`;
    for (const span of run) {
      const what = `${where}, span ${span.name} (${span.kind})`;
      expect(span.status, `${what} ended`).not.toBe("running");
      expect(span.ended_at, `${what} has an end`).not.toBeNull();
      if (span.status === "cancelled") {
        expect(span.error?.type, `${what}: cancelled, saying why`).toBe("Interrupted");
      }
    }
    // A run cancelled before its worker began has no spans at all (nothing ran).
    const root = run.find((s) => s.kind === "flow_root");
    const endedBy = runs[i]?.ended_by ?? "";
    if (run.length > 0) {
      expect(root?.status, `${where}'s root ended as the run (${endedBy})`).toBe(ROOT_FOR[endedBy]);
    }
  });
  if (play.status === "completed") {
    expect(play.output_data, `${label}: a completed play has its output`).not.toBeNull();
  } else {
    expect(play.output_data, `${label}: a ${play.status} play has no output`).toBeNull();
  }
}
