import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { useHeroLogic, usePythonStatus } from "../components/engine-context";
import { FieldsForm } from "../components/FieldsForm";
import { absoluteTime, relativeTime } from "../components/format";
import { createLive } from "../components/live";
import { ShareButton } from "../components/ShareButton";
import { SourceEditor } from "../components/SourceEditor";
import { StatusBadge } from "../components/Status";
import type { FlowField } from "../db/records";
import { HeroError } from "../engine/errors";

export function FlowPage() {
  const api = useHeroLogic();
  const python = usePythonStatus();
  const navigate = useNavigate();
  const params = useParams<{ name: string }>();
  const [search] = useSearchParams<{ line?: string }>();
  const workflow = createLive(
    () => params.name,
    (name) => api.workflows.get(name),
  );
  const versions = createLive(
    () => params.name,
    (name) => api.workflows.versions(name).catch(() => []),
  );
  const plays = createLive(
    () => params.name,
    (name) => api.plays.list({ workflow: name }).catch(() => []),
  );

  const [source, setSource] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal("");
  const [error, setError] = createSignal<{ message: string; line: number | null } | null>(null);
  const [notice, setNotice] = createSignal("");
  const [running, setRunning] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  // Load the current version's source when a flow opens (not on later saves: edits stay).
  createEffect(
    on(
      () => params.name,
      () => setSource(null),
    ),
  );
  createEffect(
    on(
      () => workflow.value()?.current_version_sid,
      async (versionSid) => {
        if (!versionSid || source() !== null) return;
        const version = (await api.workflows.versions(params.name)).find(
          (v) => v.sid === versionSid,
        );
        if (version && source() === null) {
          setSource(version.source);
          setSaved(version.source);
        }
      },
    ),
  );
  const dirty = () => source() !== null && source() !== saved();

  async function save(): Promise<boolean> {
    setError(null);
    setNotice("");
    setBusy(true);
    const before = workflow.value()?.current_version_sid;
    try {
      const result = await api.workflows.save({ name: params.name, source: source() ?? "" });
      setSaved(source() ?? "");
      setNotice(
        result.current_version_sid === before ? "No changes to save." : "Saved a new version.",
      );
      return true;
    } catch (failure) {
      const line = failure instanceof HeroError ? failure.line : null;
      setError({ message: failure instanceof Error ? failure.message : String(failure), line });
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function openRun() {
    if (dirty() && !(await save())) return;
    setRunning(true);
  }

  async function start(values: Record<string, unknown>) {
    const play = await api.plays.start(params.name, values);
    navigate(`/plays/${play.sid}`);
  }

  return (
    <section class="page">
      <Show when={!workflow.loading() && !workflow.value()}>
        <h1>No flow named “{params.name}”</h1>
        <p>
          It may have been deleted. Back to the <A href="/flows">library</A>.
        </p>
      </Show>
      <Show when={workflow.value()}>
        {(wf) => (
          <>
            <header class="page-header">
              <h1 class="mono">{wf().name}</h1>
              <div class="actions">
                <ShareButton name={wf().name} />
                <button
                  type="button"
                  data-testid="save-flow"
                  onClick={save}
                  disabled={busy() || source() === null}
                >
                  {busy() ? "Saving…" : dirty() ? "Save" : "Saved"}
                </button>
                <button
                  type="button"
                  class="primary"
                  data-testid="run-flow"
                  onClick={openRun}
                  disabled={busy()}
                >
                  {python().stage === "ready"
                    ? dirty()
                      ? "Save & run"
                      : "Run"
                    : "Run (starting Python…)"}
                </button>
              </div>
            </header>
            <Show when={wf().description}>
              <p class="description">{wf().description}</p>
            </Show>
            <Show when={running()}>
              <div class="panel">
                <h2>Run {wf().name}</h2>
                <FieldsForm
                  fields={wf().inputs}
                  submitLabel="Start play"
                  testid="run-form"
                  submitTestid="run-submit"
                  onSubmit={start}
                  onCancel={() => setRunning(false)}
                />
              </div>
            </Show>
            <div class="flow-layout">
              <div class="flow-editor">
                <Show when={error()}>
                  {(e) => (
                    <div class="error-box" data-testid="flow-error" role="alert">
                      {e().message}
                    </div>
                  )}
                </Show>
                <Show when={notice()}>
                  <p class="notice" role="status">
                    {notice()}
                  </p>
                </Show>
                <Show when={source() !== null} fallback={<p class="muted">Loading source…</p>}>
                  <SourceEditor
                    value={source() ?? ""}
                    onInput={setSource}
                    errorLine={error()?.line ?? null}
                    focusLine={search.line ? Number(search.line) : null}
                  />
                </Show>
              </div>
              <aside class="flow-side">
                <FieldList title="Inputs" fields={wf().inputs} />
                <FieldList title="Outputs" fields={wf().outputs} />
                <h2>Versions</h2>
                <ol class="plain-list" reversed>
                  <For each={[...(versions.value() ?? [])].reverse()}>
                    {(version) => (
                      <li>
                        <time title={absoluteTime(version.created_at)}>
                          {relativeTime(version.created_at)}
                        </time>
                        <Show when={version.sid === wf().current_version_sid}> (current)</Show>
                      </li>
                    )}
                  </For>
                </ol>
                <h2>Recent plays</h2>
                <Show
                  when={(plays.value()?.length ?? 0) > 0}
                  fallback={<p class="muted">Not run yet.</p>}
                >
                  <ul class="plain-list">
                    <For each={plays.value()?.slice(0, 8)}>
                      {(play) => (
                        <li>
                          <StatusBadge status={play.status} />{" "}
                          <A href={`/plays/${play.sid}`} class="mono">
                            {play.sid}
                          </A>{" "}
                          <span class="muted">{relativeTime(play.created_at)}</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </aside>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

function FieldList(props: { title: string; fields: FlowField[] }) {
  return (
    <>
      <h2>{props.title}</h2>
      <Show when={props.fields.length > 0} fallback={<p class="muted">None declared.</p>}>
        <ul class="plain-list">
          <For each={props.fields}>
            {(field) => (
              <li>
                <span class="mono">{field.name}</span>{" "}
                <span class="field-type">{field.field_type}</span>
                <Show when={field.default !== null && field.default !== undefined}>
                  <span class="muted"> = {JSON.stringify(field.default)}</span>
                </Show>
                <Show when={field.description}>
                  <div class="muted">{field.description}</div>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
