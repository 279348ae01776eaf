import { A } from "@solidjs/router";
import { createMemo, For, Show } from "solid-js";
import { isFinished, type Play } from "../db/records";
import { shortInputs } from "../format/child-label";
import { duration } from "../format/format";
import { useHeroLogic } from "./engine-context";
import "./child-label.css";
import { createLive } from "../reactive/live";
import { StatusBadge } from "./Status";

/** A play's parent and child plays, and what a waiting play waits for. */
export function PlayFamily(props: { play: Play }) {
  const api = useHeroLogic();
  const children = createLive(
    () => props.play.sid,
    (sid) => api.plays.list({ parent: sid }),
  );
  const workflows = createLive(
    () => null,
    () => api.workflows.list(),
  );
  const names = createMemo(() => new Map((workflows.value() ?? []).map((w) => [w.sid, w.name])));
  const ordered = createMemo(() => [...(children.value() ?? [])].reverse());
  const unfinished = createMemo(
    () => ordered().filter((c) => props.play.waiting_on.includes(c.sid) && !isFinished(c)).length,
  );
  return (
    <>
      <Show when={props.play.parent_play_sid}>
        {(parent) => (
          <p class="family-line">
            Child play of{" "}
            <A href={`/plays/${parent()}`} class="mono" data-testid="parent-link">
              {parent()}
            </A>
          </p>
        )}
      </Show>
      <Show when={props.play.status === "waiting"}>
        <p class="notice-waiting" role="status">
          Waiting for {unfinished()} child play{unfinished() === 1 ? "" : "s"} to finish; this play
          holds no worker meanwhile.
        </p>
      </Show>
      <Show when={ordered().length > 0}>
        <details class="children" open={ordered().length <= 12}>
          <summary>
            {ordered().length} child play{ordered().length === 1 ? "" : "s"} ·{" "}
            {ordered().filter((c) => c.status === "completed").length} completed
          </summary>
          <ul class="plain-list child-list" data-testid="child-plays">
            <For each={ordered()}>
              {(child) => (
                <li data-play-sid={child.sid}>
                  <StatusBadge status={child.status} />{" "}
                  <A href={`/plays/${child.sid}`} class="mono">
                    {child.sid}
                  </A>{" "}
                  <span class="mono">{names().get(child.workflow_sid) ?? "?"}</span>{" "}
                  <span class="child-inputs mono" data-testid="child-inputs">
                    {shortInputs(child.input_data)}
                  </span>{" "}
                  <span class="muted">{duration(child.started_at, child.ended_at)}</span>
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </>
  );
}
