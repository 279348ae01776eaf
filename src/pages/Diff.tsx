import { A, useParams } from "@solidjs/router";
import { createMemo, type JSX, Show } from "solid-js";
import { ChangeMark, DiffSpans, SideTag } from "../components/DiffSpans";
import { useHeroLogic } from "../components/engine-context";
import { ValuePreview } from "../components/LargeValue";
import { StatusBadge } from "../components/Status";
import type { Play, PyError } from "../db/records";
import type { PlayDiff, ValueDiff } from "../engine/compare/diff";
import { absoluteTime, relativeTime } from "../format/format";
import { createLive } from "../reactive/live";

/** `#/diff/<a>/<b>`: two plays side by side, then their spans aligned by place. */
export function DiffPage() {
  const api = useHeroLogic();
  const params = useParams<{ a: string; b: string }>();
  // Live: a play that still runs moves on in the comparison. Each answer carries the pair it is
  // for, so moving to another pair never shows the last pair's values under the new address.
  const compared = createLive(
    () => [params.a, params.b] as const,
    async ([a, b]) => ({
      a,
      b,
      diff: await api.plays.diff(a, b),
      plays: [await api.plays.get(a), await api.plays.get(b)] as const,
    }),
  );
  const current = () => {
    const value = compared.value();
    return value?.a === params.a && value.b === params.b ? value : undefined;
  };
  const workflows = createLive(
    () => null,
    () => api.workflows.list(),
  );
  const names = createMemo(() => new Map((workflows.value() ?? []).map((w) => [w.sid, w.name])));
  return (
    <section class="page diff-page">
      <header class="page-header">
        <h1>Compare plays</h1>
        <A href={`/diff/${params.b}/${params.a}`} data-testid="diff-swap">
          Swap A and B
        </A>
      </header>
      <Show when={compared.error()}>
        {(error) => (
          <div class="error-box" role="alert">
            <h2>{(error() as Error).message ?? String(error())}</h2>
            <p>
              One of these plays may have been deleted. See all <A href="/plays">plays</A>.
            </p>
          </div>
        )}
      </Show>
      <Show when={!compared.error() && current()}>
        {(shown) => (
          <>
            <div class="diff-pair">
              <PlayCard label="A" play={shown().plays[0]} names={names()} />
              <PlayCard label="B" play={shown().plays[1]} names={names()} />
            </div>
            <PlayValues diff={shown().diff} a={params.a} b={params.b} />
            <DiffSpans spans={shown().diff.spans} a={params.a} b={params.b} />
          </>
        )}
      </Show>
    </section>
  );
}

function PlayCard(props: { label: "A" | "B"; play: Play; names: Map<string, string> }) {
  return (
    <div class="diff-play" data-testid={`diff-play-${props.label.toLowerCase()}`}>
      <SideTag side={props.label} />
      <span class="mono">{props.names.get(props.play.workflow_sid) ?? "(deleted flow)"}</span>
      <A href={`/plays/${props.play.sid}`} class="mono">
        {props.play.sid}
      </A>
      <span class="muted" title={absoluteTime(props.play.created_at)}>
        {relativeTime(props.play.created_at)} · run {props.play.run_count}
      </span>
    </div>
  );
}

/** Status, inputs, output and error of the two plays, each row marked same or changed. */
function PlayValues(props: { diff: PlayDiff; a: string; b: string }) {
  const error = (value: PyError | null) =>
    value ? <p class="error-message">{value.message}</p> : <span class="muted">none</span>;
  const json = (diff: ValueDiff<unknown>, side: "a" | "b", testId: string) => (
    <ValuePreview
      value={diff[side]}
      json={diff[`${side}_json`]}
      fileName={`${side === "a" ? props.a : props.b}-${testId}`}
      testId={`${testId}-${side}`}
    />
  );
  const output = (side: "a" | "b") =>
    props.diff.status[side] === "completed" ? (
      json(props.diff.output, side, "diff-output")
    ) : (
      <span class="muted">none: not completed</span>
    );
  return (
    <div class="diff-values">
      <ValueRow
        label="Status"
        testId="diff-status"
        change={props.diff.status.change}
        a={<StatusBadge status={props.diff.status.a} />}
        b={<StatusBadge status={props.diff.status.b} />}
      />
      <ValueRow
        label="Inputs"
        testId="diff-inputs"
        change={props.diff.inputs.change}
        a={json(props.diff.inputs, "a", "diff-inputs")}
        b={json(props.diff.inputs, "b", "diff-inputs")}
      />
      <ValueRow
        label="Output"
        testId="diff-output"
        change={props.diff.output.change}
        a={output("a")}
        b={output("b")}
      />
      <Show when={props.diff.error.a || props.diff.error.b}>
        <ValueRow
          label="Error"
          testId="diff-error"
          change={props.diff.error.change}
          a={error(props.diff.error.a)}
          b={error(props.diff.error.b)}
        />
      </Show>
    </div>
  );
}

/** A label with its change, then A's value and B's (side by side; stacked on a phone). */
function ValueRow(props: {
  label: string;
  testId: string;
  change: "same" | "changed";
  a: JSX.Element;
  b: JSX.Element;
}) {
  return (
    <div
      class={`diff-value-row c-${props.change}`}
      data-testid={props.testId}
      data-change={props.change}
    >
      <div class="diff-value-label">
        <h2>{props.label}</h2>
        <ChangeMark change={props.change} />
      </div>
      <div class="diff-side">
        <SideTag side="A" />
        {props.a}
      </div>
      <div class="diff-side">
        <SideTag side="B" />
        {props.b}
      </div>
    </div>
  );
}
