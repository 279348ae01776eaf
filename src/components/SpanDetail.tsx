import { A, useNavigate } from "@solidjs/router";
import { Show } from "solid-js";
import type { Play, Span } from "../db/records";
import { absoluteTime, duration } from "../format/format";
import { sourceHref } from "../format/source-links";
import { LargeValue } from "./LargeValue";
import { StatusIcon } from "./Status";
import { Traceback } from "./Traceback";
import "./fork.css";
import { revealOnPhone } from "../reactive/phone";

/** Everything about one span: header, input, output, logs, error, step key, source. */
export function SpanDetail(props: {
  span: Span;
  /** The play on view: a span of a child play drawn inline links to its own play. */
  playSid?: string;
  /** The flow of the play on view: its source and traceback lines open at the version run. */
  flowName?: string | undefined;
  /** The child play this span starts or waits for, when read: its own time is shown. */
  childPlay?: Play | undefined;
  onClose: () => void;
  /** Show the span that first produced a replayed value (run, span sid). */
  onOpenOrigin: (run: number, spanSid: string) => void;
  /** The play this one was forked from: its seed's values (run 0) came from there. */
  forkedFrom?: string;
}) {
  const s = () => props.span;
  const navigate = useNavigate();
  // The version a span records is its own play's: a child play's span drawn inline ran
  // another flow, whose name this panel does not know.
  const ownFile = () =>
    !props.playSid || s().play_sid === props.playSid ? props.flowName : undefined;
  // Downloads are named after the span: `<play>-<span>-output.json`.
  const file = (part: string) => `${s().play_sid}-${s().sid}-${part}`;
  return (
    <aside
      class="span-detail"
      data-testid="span-detail"
      aria-label={`Span ${s().name}`}
      ref={(el) => revealOnPhone(el, () => s().sid)}
    >
      <header>
        <h2>
          <StatusIcon status={s().status} /> {s().name}
        </h2>
        <button type="button" class="ghost" onClick={props.onClose} aria-label="Close details">
          ✕
        </button>
      </header>
      <div class="span-actions">
        <button
          type="button"
          data-testid="fork-here"
          title="A new play: the steps that finished before this span replay, this span and what follows run again"
          onClick={() => navigate(`/plays/${s().play_sid}/fork/${s().sid}`)}
        >
          Fork from here…
        </button>
      </div>
      <dl class="facts">
        <dt>kind</dt>
        <dd>{s().kind}</dd>
        <dt>status</dt>
        <dd>{s().status}</dd>
        <dt>duration</dt>
        <dd title={absoluteTime(s().started_at)}>{duration(s().started_at, s().ended_at)}</dd>
        <dt>run</dt>
        <dd>
          {s().run_no}
          <Show when={s().replayed}>
            {" · ↻ replayed"}
            <Show when={s().replayed_from_span && s().replayed_from_run}>
              {" from "}
              <button
                type="button"
                class="link"
                data-testid="replayed-origin"
                onClick={() => props.onOpenOrigin(s().replayed_from_run!, s().replayed_from_span!)}
              >
                run {s().replayed_from_run}
              </button>
            </Show>
            <Show when={s().replayed_from_run === 0 && props.forkedFrom}>
              {(original) => (
                <>
                  {" from "}
                  <A
                    href={`/plays/${original()}/spans/${s().replayed_from_span}`}
                    data-testid="replayed-origin-play"
                  >
                    the play it was forked from
                  </A>
                </>
              )}
            </Show>
          </Show>
        </dd>
        <Show when={s().source_line}>
          <dt>source</dt>
          <dd class="mono">
            <A
              href={sourceHref(
                (s().source_file ?? "").replace(/\.py$/, ""),
                s().source_line ?? 1,
                ownFile() && s().source_file === `${ownFile()}.py` ? s().version_sid : null,
              )}
              data-testid="source-link"
              title="Open the flow in the editor at this line"
            >
              {s().source_file}:{s().source_line}
            </A>
          </dd>
        </Show>
        <Show when={props.playSid && s().play_sid !== props.playSid}>
          <dt>in play</dt>
          <dd>
            <A
              href={`/plays/${s().play_sid}/spans/${s().sid}`}
              class="mono"
              data-testid="span-play-link"
            >
              {s().play_sid}
            </A>{" "}
            <span class="muted">(a child play, drawn inline)</span>
          </dd>
        </Show>
        <Show when={s().child_play_sid}>
          {(child) => (
            <>
              <dt>child play</dt>
              <dd>
                <A href={`/plays/${child()}`} class="mono" data-testid="child-play-link">
                  {child()}
                </A>
                <Show when={props.childPlay?.started_at}>
                  <span class="muted" data-testid="child-play-time">
                    {" "}
                    · {props.childPlay!.status} ·{" "}
                    {duration(props.childPlay!.started_at, props.childPlay!.ended_at ?? Date.now())}
                  </span>
                </Show>
              </dd>
            </>
          )}
        </Show>
        <Show when={s().step_key}>
          <dt>step key</dt>
          <dd class="mono step-key" title={s().step_key ?? ""}>
            {s().step_key?.slice(0, 16)}…
          </dd>
        </Show>
      </dl>
      <Show when={Object.keys(s().attributes ?? {}).length > 0}>
        <LargeValue title="attributes" value={s().attributes} fileName={file("attributes")} />
      </Show>
      <Show when={s().input !== null && s().input !== undefined}>
        <LargeValue
          title="input"
          value={s().input}
          json={s().input_json}
          fileName={file("input")}
        />
      </Show>
      <Show when={s().status === "ok"}>
        <LargeValue
          title="output"
          value={s().output}
          json={s().output_json}
          fileName={file("output")}
        />
      </Show>
      <Show when={s().logs}>
        <LargeValue title="logs" text={s().logs} fileName={file("logs")} />
      </Show>
      <Show when={s().error}>
        {(error) => (
          <section class="error-box">
            <h3>error</h3>
            <p class="error-message">{error().message}</p>
            <Traceback text={error().traceback} flowName={ownFile()} versionSid={s().version_sid} />
          </section>
        )}
      </Show>
    </aside>
  );
}
