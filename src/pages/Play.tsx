import { A, useNavigate, useParams } from "@solidjs/router";
import { batch, createEffect, createMemo, createSignal, For, on, onMount, Show } from "solid-js";
import { PlayRecordBar } from "../components/BundleControls";
import { useHeroLogic, useRunStages } from "../components/engine-context";
import { ForkDialog } from "../components/ForkDialog";
import { ForkLineage } from "../components/ForkLineage";
import { PauseAnswers } from "../components/PauseAnswers";
import { PausePanel } from "../components/PauseForm";
import { CancelPlay, DeletePlay } from "../components/PlayActions";
import { PlayFamily } from "../components/PlayFamily";
import { PlayOutput } from "../components/PlayOutput";
import { RunAgain } from "../components/RunAgain";
import { SpanDetail } from "../components/SpanDetail";
import { SpanGraph } from "../components/SpanGraph";
import { SpanTimeline } from "../components/SpanTimeline";
import { SpanToolbar, type ViewMode } from "../components/SpanToolbar";
import { SpanTree } from "../components/SpanTree";
import { StatusBadge } from "../components/Status";
import { Traceback } from "../components/Traceback";
import { isFinished } from "../db/records";
import type { RunSummary } from "../engine/plays";
import { absoluteTime, duration, prettyJson, relativeTime } from "../format/format";
import { asSentence, waitingFor } from "../format/waiting-state";
import { warmUpLayout } from "../graph/layout";
import { useNow } from "../reactive/clock";
import { createLive } from "../reactive/live";
import { createInlinePlays } from "../span-views/inline-plays";
import { counterpartSpan } from "../span-views/run-switch";
import { keepFilterPerPlay } from "../span-views/span-filter";
import { prepareSpans } from "../span-views/span-tree-model";
import { createSpanViewState } from "../span-views/span-view-state";

const VIEW_KEY = "hero_logic.view";

export function PlayPage() {
  const api = useHeroLogic();
  const navigate = useNavigate();
  const params = useParams<{ sid: string; span?: string; fork?: string }>();
  // The fork dialog's address names a span too: it is selected behind the dialog.
  const spanParam = () => params.span ?? params.fork;
  const record = createLive(
    () => params.sid,
    (sid) => api.plays.get(sid),
  );
  // Moving to another play, the live query holds the last play until the new one is read: that
  // one's status and output must not show under this play's address, not even for a moment.
  const play = {
    value: () => {
      const current = record.value();
      return current?.sid === params.sid ? current : undefined;
    },
    error: record.error,
  };
  const workflow = createLive(
    () => play.value()?.workflow_sid,
    async (sid) => (sid ? api.workflows.get(sid) : undefined),
  );
  const [chosenRun, setChosenRun] = createSignal<number | null>(null);
  const now = useNow();
  createEffect(
    on(
      () => params.sid,
      () => setChosenRun(null),
      { defer: true },
    ),
  );
  const runNo = () => chosenRun() ?? play.value()?.run_count ?? 0;
  const spans = createLive(
    () => [params.sid, runNo()] as const,
    ([sid, run]) =>
      run > 0 ? api.plays.spans(sid, { runNo: run }).then(prepareSpans) : Promise.resolve([]),
  );
  const runs = createLive(
    () => [params.sid, play.value()?.run_count] as const,
    ([sid]) => api.plays.runs(sid).catch(() => []),
  );
  // Child plays the reader expands are drawn inside this run's tree and graph.
  const inline = createInlinePlays(
    (sid) => api.plays.spans(sid).catch(() => []),
    () => spans.value() ?? [],
  );
  const children = createLive(
    () => params.sid,
    (sid) => api.plays.list({ parent: sid }).catch(() => []),
  );
  const childPlays = createMemo(() => new Map((children.value() ?? []).map((c) => [c.sid, c])));
  const view = createSpanViewState(inline.spans);
  keepFilterPerPlay(view, () => params.sid);
  // Another play opens as a play opens: Collapse all on the last one must not leave this one
  // folded to its root.
  createEffect(on(() => params.sid, view.resetExpansion, { defer: true }));
  inline.follow(view.isExpanded);
  const [mode, setMode] = createSignal<ViewMode>(storedMode());
  // The tree is on view: ready the graph's layout worker, so switching to the graph is quick.
  onMount(() => mode() === "tree" && warmUpLayout());
  const [fallback, setFallback] = createSignal("");
  const chooseMode = (next: ViewMode) => {
    setFallback("");
    setMode(next);
    localStorage.setItem(VIEW_KEY, next);
  };
  // A deep link to a span of another run: find its run once the data is there, and show it.
  createEffect(
    on(
      () => [spanParam(), spans.value(), play.value()?.run_count] as const,
      async ([spanSid, current, runCount]) => {
        if (!spanSid || !current || !runCount || current.some((s) => s.sid === spanSid)) return;
        for (let run = runCount; run >= 1; run--) {
          if (run === runNo()) continue;
          const found = (await api.plays.spans(params.sid, { runNo: run })).some(
            (s) => s.sid === spanSid,
          );
          // The reader may have moved on (another run tab, another span) meanwhile.
          if (found && spanParam() === spanSid) {
            setChosenRun(run);
            return;
          }
        }
      },
    ),
  );
  // Opening a deep link brings its span into view; clicks inside the tree need no scrolling.
  createEffect(
    on(
      () => params.sid,
      () => {
        const spanSid = spanParam();
        if (spanSid) view.revealSpan(spanSid);
      },
    ),
  );
  const selected = createMemo(() => view.index().bySid.get(spanParam() ?? "") ?? null);
  // What the play waits for, said on its badge and in its spans box.
  const stageOf = useRunStages();
  const waitNote = createMemo(() => {
    const current = play.value();
    if (!current) return null;
    const waitedOn = new Set(current.waiting_on);
    const unfinished = children
      .value()
      ?.filter((c) => waitedOn.has(c.sid) && !isFinished(c)).length;
    return waitingFor(current, {
      stage: stageOf(current.sid),
      hasSpans: (spans.value()?.length ?? 0) > 0,
      unfinishedChildren: current.status === "waiting" ? unfinished : undefined,
    });
  });
  const select = (spanSid: string | null) =>
    navigate(spanSid ? `/plays/${params.sid}/spans/${spanSid}` : `/plays/${params.sid}`, {
      replace: true,
    });

  // A run tab keeps the selection when the chosen run has the same span, else clears it: a
  // selected span of another run would otherwise pull the view back to its own run.
  const switchRun = async (run: number) => {
    const spanSid = spanParam();
    if (!spanSid) {
      setChosenRun(run);
      return;
    }
    const from = inline.spans();
    const to = await api.plays.spans(params.sid, { runNo: run }).catch(() => []);
    // Run and selection change together, so the selection never names a span of another run.
    batch(() => {
      select(counterpartSpan(from, spanSid, to));
      setChosenRun(run);
    });
  };

  return (
    <section class="page play-page">
      <Show when={play.error()}>
        <h1>No play “{params.sid}”</h1>
        <p>
          It may have been deleted. See all <A href="/plays">plays</A>.
        </p>
      </Show>
      <Show when={play.value()}>
        {(p) => (
          <>
            <header class="page-header">
              <h1>
                <Show when={workflow.value()} fallback={<span>(deleted flow)</span>}>
                  {(wf) => (
                    <A href={`/flows/${wf().name}`} class="mono">
                      {wf().name}
                    </A>
                  )}
                </Show>{" "}
                <span class="muted mono">· play {p().sid}</span>
              </h1>
              <div class="actions">
                <StatusBadge
                  status={p().status}
                  testid="play-status"
                  note={badgeNote(p().status, waitNote())}
                />
              </div>
            </header>
            <PlayRecordBar play={p()} />
            {/* One row for what comes next: Cancel while the play goes on, then Retry, Run
                again…, Delete, so the page below does not move when the play ends. */}
            <div class="play-next">
              <CancelPlay play={p()} />
              <RunAgain play={p()} workflow={workflow.value()} />
              <DeletePlay play={p()} />
            </div>
            <dl class="facts inline">
              <dt>created</dt>
              <dd title={absoluteTime(p().created_at)}>{relativeTime(p().created_at)}</dd>
              <dt>duration</dt>
              <dd>{duration(p().started_at, p().status === "running" ? now() : p().ended_at)}</dd>
              <dt>runs</dt>
              <dd>{p().run_count}</dd>
            </dl>
            <PlayFamily play={p()} />
            <ForkLineage play={p()} />
            <Show when={params.fork}>
              {(spanSid) => (
                <ForkDialog play={p()} spanSid={spanSid()} onClose={() => select(spanSid())} />
              )}
            </Show>
            <PausePanel play={p()} />
            <PauseAnswers play={p()} />
            <div class="io">
              <section>
                <h2>Inputs</h2>
                <pre data-testid="play-inputs">{prettyJson(p().input_data, p().input_json)}</pre>
              </section>
              <Show when={p().status === "completed"}>
                <section>
                  <h2>Output</h2>
                  <PlayOutput play={p()} />
                </section>
              </Show>
            </div>
            <Show when={p().error}>
              {(error) => (
                <section class="error-box" data-testid="play-error">
                  <h2>{error().message}</h2>
                  <Traceback
                    text={error().traceback}
                    flowName={workflow.value()?.name}
                    versionSid={p().version_sid}
                  />
                </section>
              )}
            </Show>
            <div class="spans-toolbar">
              <h2>Spans</h2>
              <Show when={p().run_count > 1}>
                <fieldset class="run-switcher">
                  <legend class="visually-hidden">Run</legend>
                  <For each={Array.from({ length: p().run_count }, (_, i) => i + 1)}>
                    {(n) => (
                      <button
                        type="button"
                        data-testid={`run-${n}`}
                        classList={{ active: n === runNo() }}
                        aria-pressed={n === runNo()}
                        onClick={() => switchRun(n)}
                      >
                        run {n}
                        <span class="run-end">
                          {runEnd(runs.value()?.find((r) => r.run_no === n))}
                        </span>
                      </button>
                    )}
                  </For>
                </fieldset>
              </Show>
            </div>
            <div class="play-body">
              <div class="span-view">
                <Show
                  when={(spans.value()?.length ?? 0) > 0}
                  fallback={
                    <p class="muted" data-testid="spans-waiting-for">
                      {waitNote()
                        ? `${asSentence(waitNote() ?? "")}; no spans yet.`
                        : "No spans recorded."}
                    </p>
                  }
                >
                  <SpanToolbar state={view} onSelect={select} mode={mode()} onMode={chooseMode} />
                  {/* A waiting play's children are named above (PlayFamily); a paused one's form too. */}
                  <Show when={(p().status === "pending" || p().status === "running") && waitNote()}>
                    {(note) => (
                      <p class="notice-waiting" role="status" data-testid="spans-waiting-for">
                        {asSentence(note())}
                      </p>
                    )}
                  </Show>
                  <Show when={fallback()}>
                    <p class="notice-waiting" role="status">
                      The graph could not be laid out ({fallback()}); showing the tree.
                    </p>
                  </Show>
                  <Show when={mode() === "timeline"}>
                    <SpanTimeline
                      state={view}
                      play={p()}
                      runNo={runNo()}
                      selected={selected()?.sid ?? null}
                      onSelect={select}
                      onEscape={() => select(null)}
                      loadPlay={(sid) => api.plays.get(sid)}
                      loadRuns={(sid) => api.plays.runs(sid)}
                      stageOf={stageOf}
                    />
                  </Show>
                  <Show
                    when={mode() === "graph"}
                    fallback={
                      <Show when={mode() === "tree"}>
                        <SpanTree
                          state={view}
                          playSid={p().sid}
                          selected={selected()?.sid ?? null}
                          onSelect={select}
                          onEscape={() => select(null)}
                          childPlays={childPlays()}
                        />
                      </Show>
                    }
                  >
                    <SpanGraph
                      spans={inline.spans()}
                      playSid={p().sid}
                      selected={selected()?.sid ?? null}
                      onSelect={select}
                      onEscape={() => select(null)}
                      expansion={view}
                      childPlays={childPlays()}
                      onFallback={(message) => {
                        setFallback(message);
                        setMode("tree");
                      }}
                    />
                  </Show>
                </Show>
              </div>
              <Show when={selected()}>
                {(span) => (
                  <SpanDetail
                    span={span()}
                    playSid={p().sid}
                    flowName={workflow.value()?.name}
                    childPlay={childPlays().get(span().child_play_sid ?? "")}
                    onClose={() => select(null)}
                    forkedFrom={p().forked_from?.play_sid}
                    onOpenOrigin={(run, spanSid) => {
                      setChosenRun(run);
                      select(spanSid);
                    }}
                  />
                )}
              </Show>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

/** The wait on the badge, read on from the status: "waiting" "for 3 child plays", "pending" "· queued: …". */
function badgeNote(status: string, note: string | null): string | null {
  if (!note) return null;
  return note.startsWith(`${status} `) ? note.slice(status.length + 1) : `· ${note}`;
}

/** The view last chosen (tree, graph or timeline), tree at first. */
function storedMode(): ViewMode {
  const stored = localStorage.getItem(VIEW_KEY);
  return stored === "graph" || stored === "timeline" ? stored : "tree";
}

/** What ended a run, for the run switcher: "paused at approve", "completed", … */
function runEnd(run: RunSummary | undefined): string {
  if (!run) return " · running";
  if (run.ended_by === "paused") return ` · paused at ${run.pause_key}`;
  return ` · ${run.ended_by}`;
}
