import { createMemo } from "solid-js";
import { isFinished, type Play } from "../db/records";
import type { RunSummary } from "../engine/plays";
import type { RunStage } from "../engine/run/run-stages";
import { useNow } from "../reactive/clock";
import { createLive } from "../reactive/live";
import type { SpanViewState } from "./span-view-state";
import { runWaits, timeRange, type WaitSegment } from "./timeline-model";

/** The play on view and the child plays drawn inline: each with its finished runs. */
interface PlayTimes {
  play: Play;
  runs: RunSummary[];
}

/** What the timeline reads to place its spans and waits in time. */
export interface TimelineSource {
  state: SpanViewState;
  play: Play;
  runNo: number;
  loadPlay: (playSid: string) => Promise<Play>;
  loadRuns: (playSid: string) => Promise<RunSummary[]>;
  stageOf: (playSid: string) => RunStage | undefined;
}

/**
 * The timeline's times: "now" (ticking while the run goes on, still once it has settled), the
 * waits before and between each play's runs (the play on view and the child plays drawn
 * inline), and the whole stretch they and the spans cover. Call inside a component.
 */
export function createTimelineTimes(source: TimelineSource) {
  const clock = useNow();
  // A finished run's timeline does not move: only one with a play or a span going on reads the
  // ticking clock.
  const goesOn = createMemo(() => {
    if (!isFinished(source.play)) return true;
    const index = source.state.index();
    return index.roots.some(
      (root) => root.status === "running" || (index.below.get(root.sid)?.running ?? 0) > 0,
    );
  });
  const settled = () => {
    const index = source.state.index();
    return Math.max(source.play.ended_at ?? 0, index.end || 0);
  };
  const now = createMemo(() => (goesOn() ? clock() : settled()));
  const times = livePlayTimes(source);

  /** The waits of each play's top span on view, by that span's sid. */
  const waits = createMemo(() => {
    const byTop = new Map<string, WaitSegment[]>();
    const index = source.state.index();
    for (const span of index.bySid.values()) {
      if (span.kind !== "flow_root") continue;
      const own = span.play_sid === source.play.sid;
      const entry = times.value()?.get(span.play_sid);
      const play = own ? source.play : entry?.play;
      if (!play) continue;
      byTop.set(
        span.sid,
        runWaits({
          play,
          runNo: own ? source.runNo : span.run_no,
          runs: entry?.runs ?? [],
          firstSpanAt: span.started_at,
          now: now(),
          startingPython: source.stageOf(span.play_sid) === "starting-python",
        }),
      );
    }
    return byTop;
  });

  const whole = createMemo(() =>
    timeRange([...source.state.index().bySid.values()], [...waits().values()].flat(), now()),
  );
  return { now, waits, whole };
}

/** The child plays drawn inline, with the play itself: their runs say when each waited. */
function livePlayTimes(source: TimelineSource) {
  const playSids = createMemo(
    () => {
      const sids = new Set([source.play.sid]);
      for (const span of source.state.index().bySid.values()) sids.add(span.play_sid);
      return [...sids].sort().join(" ");
    },
    undefined,
    { equals: (a, b) => a === b },
  );
  return createLive(
    () => [playSids(), source.play.run_count, source.play.status] as const,
    async ([sids]) => {
      const list = sids.split(" ");
      const found = await Promise.all(
        list.map(async (sid) => {
          const [play, runs] = await Promise.all([
            source.loadPlay(sid),
            source.loadRuns(sid).catch(() => []),
          ]);
          return [sid, { play, runs }] as const;
        }),
      );
      return new Map<string, PlayTimes>(found);
    },
  );
}
