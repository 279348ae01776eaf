import { A } from "@solidjs/router";
import { createMemo, createSignal, For, type JSX, Show } from "solid-js";
import type { SpanChange, SpanDiff, SpanSide } from "../engine/compare/diff";
import { ValuePreview } from "./LargeValue";
import { KIND_GLYPH, ReplayedMark, StatusIcon } from "./Status";
import "./diff.css";

/** How many places are drawn at first, and how many more each "Show more" adds. */
const PAGE = 300;

const MARKS: Record<SpanChange, { glyph: string; word: string }> = {
  same: { glyph: "=", word: "same" },
  changed: { glyph: "≠", word: "changed" },
  only_a: { glyph: "−", word: "only in A" },
  only_b: { glyph: "+", word: "only in B" },
};

/** A change by glyph, colour and word: never by colour alone. */
export function ChangeMark(props: { change: SpanChange }) {
  return (
    <span class={`change-mark c-${props.change}`} data-testid="change-mark">
      <span aria-hidden="true">{MARKS[props.change].glyph}</span> {MARKS[props.change].word}
    </span>
  );
}

/** "A" or "B", so a side stays named when the columns stack on a narrow screen. */
export function SideTag(props: { side: "A" | "B" }) {
  return <span class="side-tag">{props.side}</span>;
}

/** The spans of two plays aligned by place: each marked, the differing ones with both values. */
export function DiffSpans(props: { spans: SpanDiff[]; a: string; b: string }) {
  const [onlyDifferences, setOnlyDifferences] = createSignal(false);
  const [shown, setShown] = createSignal(PAGE);
  const counts = createMemo(() => {
    const count: Record<SpanChange, number> = { same: 0, changed: 0, only_a: 0, only_b: 0 };
    for (const span of props.spans) count[span.change]++;
    return count;
  });
  const listed = createMemo(() =>
    onlyDifferences() ? props.spans.filter((s) => s.change !== "same") : props.spans,
  );
  return (
    <section class="diff-spans-section">
      <div class="diff-spans-toolbar">
        <h2>Spans</h2>
        <p class="muted" data-testid="diff-counts">
          {props.spans.length} places: {counts().same} same · {counts().changed} changed ·{" "}
          {counts().only_a} only in A · {counts().only_b} only in B
        </p>
        <label class="diff-filter">
          <input
            type="checkbox"
            data-testid="diff-only-differences"
            checked={onlyDifferences()}
            onChange={(e) => setOnlyDifferences(e.currentTarget.checked)}
          />{" "}
          Only differences
        </label>
      </div>
      <Show
        when={listed().length > 0}
        fallback={
          <p class="muted">
            {props.spans.length === 0 ? "Neither play has spans yet." : "No differences."}
          </p>
        }
      >
        <ol class="diff-spans">
          <For each={listed().slice(0, shown())}>
            {(span) => <DiffSpanRow span={span} a={props.a} b={props.b} />}
          </For>
        </ol>
      </Show>
      <Show when={listed().length > shown()}>
        <button type="button" onClick={() => setShown(shown() + PAGE)} data-testid="diff-more">
          Show {Math.min(PAGE, listed().length - shown())} more of {listed().length - shown()}
        </button>
      </Show>
    </section>
  );
}

function DiffSpanRow(props: { span: SpanDiff; a: string; b: string }) {
  const kind = () => (props.span.a ?? props.span.b)?.kind ?? "step";
  return (
    <li
      class={`diff-span c-${props.span.change}`}
      data-testid="diff-span"
      data-path={props.span.path}
      data-change={props.span.change}
    >
      <div class="diff-span-line">
        <ChangeMark change={props.span.change} />
        <span
          class="diff-span-name"
          style={{ "padding-left": `${Math.min(props.span.depth, 8)}rem` }}
        >
          <span class="kind-glyph" title={kind()} aria-hidden="true">
            {KIND_GLYPH[kind()]}
          </span>{" "}
          <span class="mono" title={props.span.path}>
            {props.span.name}
          </span>
          {/* Which of its same-named siblings, as the path counts them from 0. */}
          <Show when={props.span.occurrence > 0}>
            <span class="muted mono">#{props.span.occurrence}</span>
          </Show>
        </span>
        <span class="diff-span-status">
          <SideStatus side={props.span.a} label="A" />
          <SideStatus side={props.span.b} label="B" />
        </span>
      </div>
      <Show when={props.span.change !== "same"}>
        <div class="diff-sides">
          <SpanSideView side={props.span.a} label="A" playSid={props.a} path={props.span.path} />
          <SpanSideView side={props.span.b} label="B" playSid={props.b} path={props.span.path} />
        </div>
      </Show>
    </li>
  );
}

function SideStatus(props: { side: SpanSide | null; label: "A" | "B" }): JSX.Element {
  return (
    <span class="side-status" title={`${props.label}: ${props.side?.status ?? "absent"}`}>
      {props.label}{" "}
      <Show when={props.side} fallback={<span class="muted">–</span>}>
        {(side) => <StatusIcon status={side().status} />}
      </Show>
      <span class="visually-hidden">{props.side?.status ?? "absent"}</span>
    </span>
  );
}

/** One play's span at a place: its status, then its error or its output; a link to it. */
function SpanSideView(props: {
  side: SpanSide | null;
  label: "A" | "B";
  playSid: string;
  path: string;
}) {
  return (
    <div class="diff-side" data-testid={`diff-side-${props.label.toLowerCase()}`}>
      <Show
        when={props.side}
        fallback={
          <p class="diff-side-head">
            <SideTag side={props.label} /> <span class="muted">not in play {props.label}</span>
          </p>
        }
      >
        {(side) => (
          <>
            <p class="diff-side-head">
              <SideTag side={props.label} /> <StatusIcon status={side().status} /> {side().status}
              <Show when={side().replayed}>
                {" "}
                <ReplayedMark fromRun={null} />
              </Show>{" "}
              <A href={`/plays/${props.playSid}/spans/${side().sid}`}>open span</A>
            </p>
            <Show
              when={side().error}
              fallback={
                <ValuePreview
                  value={side().output}
                  json={side().output_json}
                  fileName={`${props.playSid}-${props.path.replaceAll(/[^\w#-]+/g, "_")}`}
                />
              }
            >
              {(error) => <p class="error-message">{error().message}</p>}
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
