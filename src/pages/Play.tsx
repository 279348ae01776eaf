import { A, useNavigate, useParams } from "@solidjs/router";
import { type Accessor, createEffect, createMemo, on, Show } from "solid-js";
import { PlayRecordBar } from "../components/BundleControls";
import { useHeroLogic, useRunStages } from "../components/engine-context";
import { ForkDialog } from "../components/ForkDialog";
import { ForkLineage } from "../components/ForkLineage";
import { PauseAnswers } from "../components/PauseAnswers";
import { PausePanel } from "../components/PauseForm";
import { CancelPlay, DeletePlay } from "../components/PlayActions";
import { PlayFamily } from "../components/PlayFamily";
import { CassetteOrigin } from "../components/play/CassetteOrigin";
import { PlayFacts } from "../components/play/PlayFacts";
import { PlayHeader } from "../components/play/PlayHeader";
import { PlayIo } from "../components/play/PlayIo";
import { RunSwitcher } from "../components/play/RunSwitcher";
import { SpanViews } from "../components/play/SpanViews";
import { RunAgain } from "../components/RunAgain";
import { SpanDetail } from "../components/SpanDetail";
import { isFinished, type Play, type Span } from "../db/records";
import type { HeroLogicApi } from "../engine/api";
import type { RunStage } from "../engine/run/run-stages";
import { waitingFor } from "../format/waiting-state";
import { createLive } from "../reactive/live";
import { createInlinePlays } from "../span-views/inline-plays";
import { createRunChoice } from "../span-views/run-choice";
import { keepFilterPerPlay } from "../span-views/span-filter";
import { createSpanViewState } from "../span-views/span-view-state";
import { createViewMode } from "../span-views/view-mode";

/** A play: its record, what comes next for it, and one run's spans as a tree, graph or timeline. */
export function PlayPage() {
  const api = useHeroLogic();
  const navigate = useNavigate();
  const params = useParams<{ sid: string; span?: string; fork?: string }>();
  // The fork dialog's address names a span too: it is selected behind the dialog.
  const spanParam = () => params.span ?? params.fork;
  const { play, workflow } = livePlay(api, () => params.sid);
  const runChoice = createRunChoice({
    api,
    playSid: () => params.sid,
    play: play.value,
    spanParam,
  });
  const { runNo, spans } = runChoice;
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
  const viewMode = createViewMode();
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
  const stageOf = useRunStages();
  const waitNote = createWaitNote(play.value, children.value, spans.value, stageOf);
  const select = (spanSid: string | null) =>
    navigate(spanSid ? `/plays/${params.sid}/spans/${spanSid}` : `/plays/${params.sid}`, {
      replace: true,
    });

  return (
    <section class="page play-page">
      <Show when={play.error()}>
        <NoSuchPlay sid={params.sid} />
      </Show>
      <Show when={play.value()}>
        {(p) => (
          <>
            <PlayHeader play={p()} workflow={workflow.value()} waitNote={waitNote()} />
            <PlayRecordBar play={p()} />
            {/* One row for what comes next: Cancel while the play goes on, then Retry, Run
                again…, Delete, so the page below does not move when the play ends. */}
            <div class="play-next">
              <CancelPlay play={p()} />
              <RunAgain play={p()} workflow={workflow.value()} />
              <DeletePlay play={p()} />
            </div>
            <PlayFacts play={p()} />
            <PlayFamily play={p()} />
            <ForkLineage play={p()} />
            <CassetteOrigin play={p()} />
            <Show when={params.fork}>
              {(spanSid) => (
                <ForkDialog play={p()} spanSid={spanSid()} onClose={() => select(spanSid())} />
              )}
            </Show>
            <PausePanel play={p()} />
            <PauseAnswers play={p()} />
            <PlayIo play={p()} flowName={workflow.value()?.name} />
            <RunSwitcher
              runCount={p().run_count}
              runNo={runNo()}
              runs={runChoice.runs.value()}
              onSwitch={(run) => runChoice.switchRun(run, inline.spans(), select)}
            />
            <div class="play-body">
              <SpanViews
                play={p()}
                runNo={runNo()}
                hasSpans={(spans.value()?.length ?? 0) > 0}
                spans={inline.spans()}
                view={view}
                viewMode={viewMode}
                selected={selected()?.sid ?? null}
                onSelect={select}
                waitNote={waitNote()}
                childPlays={childPlays()}
                loadPlay={(sid) => api.plays.get(sid)}
                loadRuns={(sid) => api.plays.runs(sid)}
                stageOf={stageOf}
              />
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
                      runChoice.setRun(run);
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

/** The play `sid` and its flow, kept live. */
function livePlay(api: HeroLogicApi, sid: Accessor<string>) {
  const record = createLive(sid, (playSid) => api.plays.get(playSid));
  // Moving to another play, the live query holds the last play until the new one is read: that
  // one's status and output must not show under this play's address, not even for a moment.
  const play = {
    value: () => {
      const current = record.value();
      return current?.sid === sid() ? current : undefined;
    },
    error: record.error,
  };
  const workflow = createLive(
    () => play.value()?.workflow_sid,
    async (workflowSid) => (workflowSid ? api.workflows.get(workflowSid) : undefined),
  );
  return { play, workflow };
}

/** What the play waits for, said on its badge and in its spans box. */
function createWaitNote(
  play: Accessor<Play | undefined>,
  children: Accessor<Play[] | undefined>,
  spans: Accessor<Span[] | undefined>,
  stageOf: (playSid: string) => RunStage | undefined,
) {
  return createMemo(() => {
    const current = play();
    if (!current) return null;
    const waitedOn = new Set(current.waiting_on);
    const unfinished = children()?.filter((c) => waitedOn.has(c.sid) && !isFinished(c)).length;
    return waitingFor(current, {
      stage: stageOf(current.sid),
      hasSpans: (spans()?.length ?? 0) > 0,
      unfinishedChildren: current.status === "waiting" ? unfinished : undefined,
    });
  });
}

function NoSuchPlay(props: { sid: string }) {
  return (
    <>
      <h1>No play “{props.sid}”</h1>
      <p>
        It may have been deleted. See all <A href="/plays">plays</A>.
      </p>
    </>
  );
}
