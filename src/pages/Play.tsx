import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, on, onMount, Show } from "solid-js";
import { PlayRecordBar } from "../components/BundleControls";
import { useNow } from "../components/clock";
import { useHeroLogic } from "../components/engine-context";
import { ForkDialog } from "../components/ForkDialog";
import { ForkLineage } from "../components/ForkLineage";
import { absoluteTime, duration, prettyJson, relativeTime } from "../components/format";
import { createInlinePlays } from "../components/inline-plays";
import { ValuePreview } from "../components/LargeValue";
import { createLive } from "../components/live";
import { PausePanel } from "../components/PauseForm";
import { PlayFamily } from "../components/PlayFamily";
import { RunAgain } from "../components/RunAgain";
import { SpanDetail } from "../components/SpanDetail";
import { SpanGraph } from "../components/SpanGraph";
import { SpanToolbar, type ViewMode } from "../components/SpanToolbar";
import { SpanTree } from "../components/SpanTree";
import { StatusBadge } from "../components/Status";
import { prepareSpans } from "../components/span-tree-model";
import { createSpanViewState } from "../components/span-view-state";
import { goesOnHere } from "../db/records";
import type { RunSummary } from "../engine/plays";
import { warmUpLayout } from "../graph/layout";

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
  const [cancelling, setCancelling] = createSignal(false);
  const cancel = async () => {
    setCancelling(true);
    try {
      await api.plays.cancel(params.sid);
    } finally {
      setCancelling(false);
    }
  };
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
  const view = createSpanViewState(inline.spans);
  inline.follow(view.isExpanded);
  const [mode, setMode] = createSignal<ViewMode>(
    localStorage.getItem(VIEW_KEY) === "graph" ? "graph" : "tree",
  );
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
          if (found) {
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
  const select = (spanSid: string | null) =>
    navigate(spanSid ? `/plays/${params.sid}/spans/${spanSid}` : `/plays/${params.sid}`, {
      replace: true,
    });

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
                <Show when={goesOnHere(p())}>
                  <button
                    type="button"
                    data-testid="cancel-play"
                    onClick={cancel}
                    disabled={cancelling()}
                  >
                    {cancelling() ? "Cancelling…" : "Cancel"}
                  </button>
                </Show>
                <StatusBadge status={p().status} testid="play-status" />
              </div>
            </header>
            <PlayRecordBar play={p()} />
            <RunAgain play={p()} workflow={workflow.value()} />
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
            <div class="io">
              <section>
                <h2>Inputs</h2>
                <pre data-testid="play-inputs">{prettyJson(p().input_data, p().input_json)}</pre>
              </section>
              <Show when={p().status === "completed"}>
                <section>
                  <h2>Output</h2>
                  <ValuePreview
                    value={p().output_data}
                    json={p().output_json}
                    fileName={`${p().sid}-output`}
                    testId="play-output"
                  />
                </section>
              </Show>
            </div>
            <Show when={p().error}>
              {(error) => (
                <section class="error-box" data-testid="play-error">
                  <h2>{error().message}</h2>
                  <pre class="traceback">{error().traceback}</pre>
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
                        onClick={() => setChosenRun(n)}
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
                    <p class="muted">
                      {p().status === "pending"
                        ? "Waiting for Python to run this play…"
                        : "No spans recorded."}
                    </p>
                  }
                >
                  <SpanToolbar state={view} onSelect={select} mode={mode()} onMode={chooseMode} />
                  <Show when={fallback()}>
                    <p class="notice-waiting" role="status">
                      The graph could not be laid out ({fallback()}); showing the tree.
                    </p>
                  </Show>
                  <Show
                    when={mode() === "graph"}
                    fallback={
                      <SpanTree
                        state={view}
                        playSid={p().sid}
                        selected={selected()?.sid ?? null}
                        onSelect={select}
                        onEscape={() => select(null)}
                      />
                    }
                  >
                    <SpanGraph
                      spans={inline.spans()}
                      playSid={p().sid}
                      selected={selected()?.sid ?? null}
                      onSelect={select}
                      onEscape={() => select(null)}
                      expansion={view}
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

/** What ended a run, for the run switcher: "paused at approve", "completed", … */
function runEnd(run: RunSummary | undefined): string {
  if (!run) return " · running";
  if (run.ended_by === "paused") return ` · paused at ${run.pause_key}`;
  return ` · ${run.ended_by}`;
}
