import { useNavigate } from "@solidjs/router";
import { createMemo, createResource, createSignal, For, onMount, Show } from "solid-js";
import type { FlowField, Play, Span } from "../db/records";
import { finishedBefore } from "../engine/again/fork-seed";
import { relativeTime } from "../format/format";
import { useHeroLogic } from "./engine-context";
import { FieldsForm } from "./FieldsForm";
import { createGrantGate, GrantDialog } from "./network/GrantDialog";
import "./fork.css";

/**
 * The fork dialog (`#/plays/<sid>/fork/<span_sid>`): what a fork from this span keeps and
 * what it runs again, the inputs (this play's, editable) and the version, then `plays.fork`.
 */
export function ForkDialog(props: { play: Play; spanSid: string; onClose: () => void }) {
  const api = useHeroLogic();
  const navigate = useNavigate();
  let dialog!: HTMLDialogElement;
  let leaving = false;
  onMount(() => dialog.showModal());

  const [target] = createResource(
    () => [props.play.sid, props.play.run_count, props.spanSid] as const,
    ([sid, runCount, spanSid]) => findSpan(api, sid, runCount, spanSid),
  );
  const [versions] = createResource(
    () => props.play.workflow_sid,
    (sid) => api.workflows.versions(sid).catch(() => null),
  );
  const [workflow] = createResource(
    () => props.play.workflow_sid,
    (sid) => api.workflows.get(sid),
  );
  // A fork runs the chosen version's code: origins it declares and was not allowed are asked for.
  const gate = createGrantGate(api);
  const [chosenVersion, setChosenVersion] = createSignal<string | null>(null);
  const versionSid = () => chosenVersion() ?? target()?.span.version_sid ?? null;
  const version = createMemo(() => versions()?.find((v) => v.sid === versionSid()) ?? null);
  const kept = createMemo(() => {
    const found = target();
    return found ? carried(found.spans, found.span) : null;
  });

  async function fork(inputs: Record<string, unknown>) {
    const found = target();
    if (!found) return;
    const forked = await gate.attempt(() =>
      api.plays.fork(props.play.sid, {
        fromSpan: found.span.sid,
        inputs,
        ...(versionSid() !== found.span.version_sid && { versionSid: versionSid()! }),
      }),
    );
    // Off to the new play: the dialog goes with this page, not back to the span.
    leaving = true;
    navigate(`/plays/${forked.sid}`);
  }

  return (
    <dialog
      ref={dialog}
      class="fork-dialog"
      data-testid="fork-dialog"
      aria-labelledby="fork-title"
      onClose={() => leaving || props.onClose()}
    >
      <h2 id="fork-title">Fork this play</h2>
      <Show
        when={target()}
        fallback={
          <Show when={target.state === "ready"} fallback={<p class="muted">Reading the play…</p>}>
            <p class="form-error" role="alert">
              No span “{props.spanSid}” in play {props.play.sid}.
            </p>
            <div class="form-actions">
              <button type="button" onClick={() => dialog.close()}>
                Close
              </button>
            </div>
          </Show>
        }
      >
        {(found) => (
          <>
            <p>
              A new play of this flow, starting from{" "}
              <strong class="mono">{found().span.name}</strong> (run {found().runNo}). The steps
              that finished before it started replay with the values they returned here;{" "}
              <span class="mono">{found().span.name}</span> and everything after it run again.
            </p>
            <p class="muted" data-testid="fork-keeps">
              {keptText(kept())}
            </p>
            <Show
              when={versions() !== null}
              fallback={
                <p class="form-error" role="alert">
                  This play's flow is not in this library: a fork cannot run it here.
                </p>
              }
            >
              <label class="fork-version">
                Version
                <select
                  data-testid="fork-version"
                  value={versionSid() ?? ""}
                  onChange={(event) => setChosenVersion(event.currentTarget.value)}
                >
                  <For each={[...(versions() ?? [])].reverse()}>
                    {(v) => (
                      <option value={v.sid}>
                        {v.sid} · {relativeTime(v.created_at)}
                        {v.sid === found().span.version_sid ? " · the one this run ran" : ""}
                        {v.sid === workflow()?.current_version_sid ? " · current" : ""}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <Show when={versionSid() !== found().span.version_sid}>
                <p class="notice-waiting">
                  Steps replay only under the version that made them: under another version they run
                  again (pause answers still apply).
                </p>
              </Show>
              <Show when={version()} keyed>
                {(v) => (
                  <FieldsForm
                    fields={prefilled(v.inputs, props.play.input_data)}
                    submitLabel="Fork and run"
                    testid="fork-form"
                    submitTestid="fork-submit"
                    autofocus
                    onSubmit={fork}
                    onCancel={() => dialog.close()}
                  />
                )}
              </Show>
            </Show>
          </>
        )}
      </Show>
      <GrantDialog gate={gate} />
    </dialog>
  );
}

type Api = ReturnType<typeof useHeroLogic>;

/** The span with the spans of its run (latest run first), or null when the play has none. */
async function findSpan(api: Api, playSid: string, runCount: number, spanSid: string) {
  for (let runNo = runCount; runNo >= 1; runNo--) {
    const spans = await api.plays.spans(playSid, { runNo });
    const span = spans.find((s) => s.sid === spanSid);
    if (span) return { span, spans, runNo };
  }
  return null;
}

interface Kept {
  steps: number;
  pauses: number;
  /** Child plays started before the span: a fork starts its own (see `finishedBefore`). */
  children: number;
}

/** What a fork from `chosen` keeps: finished steps (with a result) and pause answers. */
function carried(spans: Span[], chosen: Span): Kept {
  const before = finishedBefore(spans, chosen).filter((s) => s.status === "ok");
  const pauses = before.filter((s) => s.step_key?.startsWith("pause:")).length;
  const children = spans.filter(
    (s) => s.seq < chosen.seq && s.kind === "subflow" && !s.name.startsWith("wait "),
  ).length;
  return { steps: before.length - pauses, pauses, children };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function keptText(kept: Kept | null): string {
  if (!kept) return "";
  const parts = [
    kept.steps + kept.pauses === 0
      ? "Nothing finished before it: every step runs"
      : `${plural(kept.steps, "finished step")} replay`,
  ];
  if (kept.pauses > 0) parts.push(`${plural(kept.pauses, "pause answer")} kept`);
  if (kept.children > 0) {
    parts.push(`${plural(kept.children, "child play")} started again (a fork has its own)`);
  }
  return `${parts.join("; ")}.`;
}

/** The fields with this play's inputs as their values (the form shows defaults). */
function prefilled(fields: FlowField[], inputs: Record<string, unknown>): FlowField[] {
  return fields.map((field) =>
    Object.hasOwn(inputs, field.name) ? { ...field, default: inputs[field.name] } : field,
  );
}
