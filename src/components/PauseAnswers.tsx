import { createMemo, For, Show } from "solid-js";
import type { Play } from "../db/records";
import { absoluteTime, relativeTime } from "../format/format";
import { createLive } from "../reactive/live";
import { useHeroLogic } from "./engine-context";
import "./pause-answers.css";

interface AnswerRow {
  key: string;
  answer: Record<string, unknown>;
  /** When a person gave it; null for a prefilled answer, which came with the play. */
  answeredAt: number | null;
}

/**
 * Every answer the play's pauses got: each person's answer with when it was given, then the
 * answers it was started with (`prefill`). Nothing when there are none.
 */
export function PauseAnswers(props: { play: Play }) {
  const api = useHeroLogic();
  const given = createLive(
    () => props.play.sid,
    (sid) => api.plays.answers(sid).catch(() => []),
  );
  const rows = createMemo<AnswerRow[]>(() => [
    ...(given.value() ?? []).map((a) => ({
      key: a.key,
      answer: a.answer,
      answeredAt: a.answered_at,
    })),
    ...Object.entries(props.play.prefill_resumes).map(([key, answer]) => ({
      key,
      answer: answer as Record<string, unknown>,
      answeredAt: null,
    })),
  ]);
  return (
    <Show when={rows().length > 0}>
      <section class="pause-answers" data-testid="pause-answers">
        <h2>Answers</h2>
        <ol class="plain-list">
          <For each={rows()}>
            {(row) => (
              <li data-testid="pause-answer" data-key={row.key}>
                <span class="mono answer-key">{row.key}</span>
                <span class="answer-values">
                  <For each={Object.entries(row.answer)}>
                    {([field, value]) => (
                      <span class="answer-value">
                        <span class="muted">{field}:</span>{" "}
                        <span class="mono">{JSON.stringify(value)}</span>
                      </span>
                    )}
                  </For>
                </span>
                <Show
                  when={row.answeredAt}
                  fallback={
                    <span class="muted answer-when" title={absoluteTime(props.play.created_at)}>
                      prefilled when the play started
                    </span>
                  }
                >
                  {(at) => (
                    <time
                      class="muted answer-when"
                      title={absoluteTime(at())}
                      data-testid="answered-at"
                    >
                      answered {relativeTime(at())}
                    </time>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ol>
      </section>
    </Show>
  );
}
