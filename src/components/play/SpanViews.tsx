import { Show } from "solid-js";
import type { Play, Span } from "../../db/records";
import type { RunSummary } from "../../engine/plays";
import type { RunStage } from "../../engine/run/run-stages";
import { asSentence } from "../../format/waiting-state";
import type { SpanViewState } from "../../span-views/span-view-state";
import type { ViewModeState } from "../../span-views/view-mode";
import { SpanGraph } from "../SpanGraph";
import { SpanTimeline } from "../SpanTimeline";
import { SpanToolbar } from "../SpanToolbar";
import { SpanTree } from "../SpanTree";

/**
 * A run's spans as a tree, a graph or a timeline under one toolbar, with what the play waits
 * for; before the first span, only that.
 */
export function SpanViews(props: {
  play: Play;
  runNo: number;
  hasSpans: boolean;
  /** The run's spans with the expanded child plays' spans drawn inline. */
  spans: Span[];
  view: SpanViewState;
  viewMode: ViewModeState;
  selected: string | null;
  onSelect: (spanSid: string | null) => void;
  waitNote: string | null;
  childPlays: ReadonlyMap<string, Play>;
  loadPlay: (sid: string) => Promise<Play>;
  loadRuns: (sid: string) => Promise<RunSummary[]>;
  stageOf: (playSid: string) => RunStage | undefined;
}) {
  const mode = () => props.viewMode.mode();
  return (
    <div class="span-view">
      <Show
        when={props.hasSpans}
        fallback={
          <p class="muted" data-testid="spans-waiting-for">
            {props.waitNote
              ? `${asSentence(props.waitNote ?? "")}; no spans yet.`
              : "No spans recorded."}
          </p>
        }
      >
        <SpanToolbar
          state={props.view}
          onSelect={props.onSelect}
          mode={mode()}
          onMode={props.viewMode.choose}
        />
        {/* A waiting play's children are named above (PlayFamily); a paused one's form too. */}
        <Show
          when={
            (props.play.status === "pending" || props.play.status === "running") && props.waitNote
          }
        >
          {(note) => (
            <p class="notice-waiting" role="status" data-testid="spans-waiting-for">
              {asSentence(note())}
            </p>
          )}
        </Show>
        <Show when={props.viewMode.fallback()}>
          <p class="notice-waiting" role="status">
            The graph could not be laid out ({props.viewMode.fallback()}); showing the tree.
          </p>
        </Show>
        <Show when={mode() === "timeline"}>
          <SpanTimeline
            state={props.view}
            play={props.play}
            runNo={props.runNo}
            selected={props.selected}
            onSelect={props.onSelect}
            onEscape={() => props.onSelect(null)}
            loadPlay={props.loadPlay}
            loadRuns={props.loadRuns}
            stageOf={props.stageOf}
          />
        </Show>
        <Show
          when={mode() === "graph"}
          fallback={
            <Show when={mode() === "tree"}>
              <SpanTree
                state={props.view}
                playSid={props.play.sid}
                selected={props.selected}
                onSelect={props.onSelect}
                onEscape={() => props.onSelect(null)}
                childPlays={props.childPlays}
              />
            </Show>
          }
        >
          <SpanGraph
            spans={props.spans}
            playSid={props.play.sid}
            selected={props.selected}
            onSelect={props.onSelect}
            onEscape={() => props.onSelect(null)}
            expansion={props.view}
            childPlays={props.childPlays}
            onFallback={props.viewMode.fallBack}
          />
        </Show>
      </Show>
    </div>
  );
}
