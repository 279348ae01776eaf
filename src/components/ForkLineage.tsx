import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { ForkOrigin, Play } from "../db/records";
import { absoluteTime, relativeTime } from "../format/format";
import { createLive } from "../reactive/live";
import { useHeroLogic } from "./engine-context";
import { StatusBadge } from "./Status";
import "./fork.css";

/** A play's lineage: the play it was forked from (and a diff with it), and its own forks. */
export function ForkLineage(props: { play: Play }) {
  const api = useHeroLogic();
  const forks = createLive(
    () => props.play.sid,
    (sid) => api.plays.forks(sid),
  );
  // Null: the original was deleted.
  const origin = createLive(
    () => props.play.forked_from,
    async (from) => (from ? originOf(api, from) : undefined),
  );
  // The names of the spans this play's forks were taken at (they are spans of this play).
  const spanNames = createLive(
    () => [props.play.sid, forks.value()] as const,
    async ([sid, list]) => {
      const runs = new Set((list ?? []).flatMap((f) => f.forked_from?.run_no ?? []));
      const names = new Map<string, string>();
      for (const runNo of runs) {
        const spans = await api.plays.spans(sid, { runNo }).catch(() => []);
        for (const span of spans) names.set(span.sid, span.name);
      }
      return names;
    },
  );
  const count = () => forks.value()?.length ?? 0;
  return (
    <>
      <Show when={props.play.forked_from}>
        {(from) => (
          <p class="lineage" data-testid="forked-from">
            <span>
              Forked from play{" "}
              <A
                href={
                  from().span_sid
                    ? `/plays/${from().play_sid}/spans/${from().span_sid}`
                    : `/plays/${from().play_sid}`
                }
                class="mono"
                data-testid="forked-from-link"
              >
                {from().play_sid}
              </A>{" "}
              <Show when={from().span_sid} fallback={<span class="muted">(a run again)</span>}>
                at <span class="mono">{origin.value()?.spanName ?? from().span_sid}</span> (run{" "}
                {from().run_no})
              </Show>
              <Show when={origin.value() === null}>
                <span class="muted"> · that play was deleted</span>
              </Show>
            </span>
            <Show when={origin.value() !== null}>
              <A href={`/diff/${from().play_sid}/${props.play.sid}`} data-testid="compare-original">
                Compare with original
              </A>
            </Show>
          </p>
        )}
      </Show>
      <Show when={count() > 0}>
        <details class="children" open={count() <= 12}>
          <summary>
            {count()} fork{count() === 1 ? "" : "s"} of this play
          </summary>
          <ul class="plain-list fork-list" data-testid="forks">
            <For each={forks.value()}>
              {(fork) => (
                <li data-play-sid={fork.sid}>
                  <StatusBadge status={fork.status} />{" "}
                  <A href={`/plays/${fork.sid}`} class="mono">
                    {fork.sid}
                  </A>{" "}
                  <span class="muted">
                    {forkedAt(fork.forked_from, spanNames.value())}
                    {" · "}
                    <span title={absoluteTime(fork.created_at)}>
                      {relativeTime(fork.created_at)}
                    </span>
                  </span>
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </>
  );
}

/** Where a fork was taken: "at two (run 1)", or "a run again". */
function forkedAt(from: ForkOrigin | undefined, names: Map<string, string> | undefined): string {
  if (!from?.span_sid) return "a run again";
  return `at ${names?.get(from.span_sid) ?? from.span_sid} (run ${from.run_no})`;
}

/** The original of a fork, with the name of the span it was forked at; null once deleted. */
async function originOf(api: ReturnType<typeof useHeroLogic>, from: ForkOrigin) {
  const original = await api.plays.get(from.play_sid).catch(() => null);
  if (!original) return null;
  if (!from.span_sid) return { spanName: null };
  const spans = await api.plays.spans(from.play_sid, { runNo: from.run_no }).catch(() => []);
  return { spanName: spans.find((s) => s.sid === from.span_sid)?.name ?? null };
}
