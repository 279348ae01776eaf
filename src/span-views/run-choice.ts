import { type Accessor, batch, createEffect, createSignal, on } from "solid-js";
import type { Play, Span } from "../db/records";
import type { HeroLogicApi } from "../engine/api";
import { createLive } from "../reactive/live";
import { counterpartSpan } from "./run-switch";
import { prepareSpans } from "./span-tree-model";

/**
 * Which run of a play is on view, with its spans and the summary of every run: the latest run
 * until the reader picks another or the address names a span of another one. Another play
 * opens at its latest run.
 */
export function createRunChoice(options: {
  api: HeroLogicApi;
  playSid: Accessor<string>;
  play: Accessor<Play | undefined>;
  /** The span the address names, if any. */
  spanParam: Accessor<string | undefined>;
}) {
  const { api, playSid, play } = options;
  const [chosenRun, setChosenRun] = createSignal<number | null>(null);
  createEffect(on(playSid, () => setChosenRun(null), { defer: true }));
  const runNo = () => chosenRun() ?? play()?.run_count ?? 0;
  const spans = createLive(
    () => [playSid(), runNo()] as const,
    ([sid, run]) =>
      run > 0 ? api.plays.spans(sid, { runNo: run }).then(prepareSpans) : Promise.resolve([]),
  );
  const runs = createLive(
    () => [playSid(), play()?.run_count] as const,
    ([sid]) => api.plays.runs(sid).catch(() => []),
  );
  showDeepLinkedRun({ ...options, spans: spans.value, runNo, setRun: setChosenRun });

  /**
   * A run tab keeps the selection when the chosen run has the same span, else clears it: a
   * selected span of another run would otherwise pull the view back to its own run.
   */
  async function switchRun(
    run: number,
    shown: readonly Span[],
    select: (spanSid: string | null) => void,
  ) {
    const spanSid = options.spanParam();
    if (!spanSid) {
      setChosenRun(run);
      return;
    }
    const to = await api.plays.spans(playSid(), { runNo: run }).catch(() => []);
    // Run and selection change together, so the selection never names a span of another run.
    batch(() => {
      select(counterpartSpan(shown, spanSid, to));
      setChosenRun(run);
    });
  }

  return { runNo, setRun: setChosenRun, spans, runs, switchRun };
}

export type RunChoice = ReturnType<typeof createRunChoice>;

/** A deep link to a span of another run: find its run once the data is there, and show it. */
function showDeepLinkedRun(options: {
  api: HeroLogicApi;
  playSid: Accessor<string>;
  play: Accessor<Play | undefined>;
  spanParam: Accessor<string | undefined>;
  spans: Accessor<Span[] | undefined>;
  runNo: Accessor<number>;
  setRun: (run: number) => void;
}) {
  const { api, spanParam, runNo } = options;
  createEffect(
    on(
      () => [spanParam(), options.spans(), options.play()?.run_count] as const,
      async ([spanSid, current, runCount]) => {
        if (!spanSid || !current || !runCount || current.some((s) => s.sid === spanSid)) return;
        for (let run = runCount; run >= 1; run--) {
          if (run === runNo()) continue;
          const found = (await api.plays.spans(options.playSid(), { runNo: run })).some(
            (s) => s.sid === spanSid,
          );
          // The reader may have moved on (another run tab, another span) meanwhile.
          if (found && spanParam() === spanSid) {
            options.setRun(run);
            return;
          }
        }
      },
    ),
  );
}
