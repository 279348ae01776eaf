import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { batch, createEffect, createSignal, For, lazy, on, Show } from "solid-js";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { DraftNotice } from "../components/editor/DraftNotice";
import { RenameForm } from "../components/editor/RenameForm";
import { VersionList } from "../components/editor/VersionList";
import { useEngine, usePythonStatus } from "../components/engine-context";
import { FieldsForm } from "../components/FieldsForm";
import { ShareButton } from "../components/ShareButton";
import { StatusBadge } from "../components/Status";
import { type FlowField, goesOnHere } from "../db/records";
import type { SourceProblem } from "../editor/diagnostics";
import { createFlowDraft } from "../editor/flow-draft";
import { guardUnsavedEdits } from "../editor/leave-guard";
import { createSyntaxCheck } from "../editor/syntax-check";
import { HeroError } from "../engine/errors";
import { relativeTime } from "../format/format";
import { forgetInputs, lastInputs, rememberInputs } from "../forms/last-inputs";
import { createLive } from "../reactive/live";

// CodeMirror is most of the app's code: it loads when a flow is first opened, not with the app.
const SourceEditor = lazy(() =>
  import("../components/editor/SourceEditor").then((m) => ({ default: m.SourceEditor })),
);
const VersionPanel = lazy(() =>
  import("../components/editor/VersionPanel").then((m) => ({ default: m.VersionPanel })),
);

/** The flow page: the editor (or an older version), its versions, inputs, outputs and plays. */
export function FlowPage() {
  const engine = useEngine();
  const api = engine.api;
  const python = usePythonStatus();
  const navigate = useNavigate();
  const params = useParams<{ name: string }>();
  const [search, setSearch] = useSearchParams<{ line?: string; version?: string; view?: string }>();
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
  const keptPlays = (n: number) =>
    `Its ${n} play${n === 1 ? " stays" : "s stay"} readable, with the versions they ran.`;
  const unfinished = () => (plays.value() ?? []).filter(goesOnHere).length;

  const [source, setSource] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal("");
  const [problem, setProblem] = createSignal<SourceProblem | null>(null);
  const [notice, setNotice] = createSignal("");
  const [running, setRunning] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [renaming, setRenaming] = createSignal(false);
  const [deleting, setDeleting] = createSignal(false);
  const dirty = () => source() !== null && source() !== saved();
  const draft = createFlowDraft({ source, saved });

  // The editor holds the current version's source, or the flow's unsaved draft when it opens;
  // a newer version saved elsewhere (another tab, "Restore examples") replaces it unless there
  // are unsaved edits. Keyed by sid, so a rename keeps the edits and the undo history.
  let loadedSid = "";
  createEffect(
    on(
      () => [workflow.value(), versions.value()] as const,
      ([wf, list]) => {
        const version = wf && list?.find((v) => v.sid === wf.current_version_sid);
        if (!wf || !version || (wf.sid === loadedSid && dirty())) return;
        const opening = wf.sid !== loadedSid;
        loadedSid = wf.sid;
        // One change: the draft keeper must never see one flow's text with another's.
        batch(() => {
          if (opening) setProblem(null);
          else draft.loaded(version.sid);
          setSaved(version.source);
          setSource(opening ? draft.open(wf.sid, version) : version.source);
        });
      },
    ),
  );

  // Showing an older version keeps the editor (and its edits); so does a rename, and after a
  // confirmed delete there is nothing left to keep.
  let expectedPath = "";
  guardUnsavedEdits(
    dirty,
    (to) => {
      const path = to.split("?")[0];
      return path === `/flows/${params.name}` || path === expectedPath;
    },
    draft.forget,
  );

  createSyntaxCheck({
    source,
    ready: () => python().stage === "ready",
    analyze: (text) => engine.python.analyze(text),
    onResult: setProblem,
  });

  const numberOf = (sid: string | undefined) =>
    (versions.value()?.findIndex((v) => v.sid === sid) ?? -1) + 1;
  const shownVersion = () =>
    search.version ? versions.value()?.find((v) => v.sid === search.version) : undefined;
  const currentVersion = () =>
    versions.value()?.find((v) => v.sid === workflow.value()?.current_version_sid);

  async function save(): Promise<boolean> {
    const wf = workflow.value();
    const text = source();
    if (!wf || text === null) return false;
    setNotice("");
    setBusy(true);
    try {
      const result = await api.workflows.save({ name: wf.name, source: text });
      setSaved(text);
      draft.loaded(result.current_version_sid);
      setProblem(null);
      setNotice(
        result.current_version_sid === wf.current_version_sid
          ? "No changes to save."
          : "Saved a new version.",
      );
      return true;
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      const line = failure instanceof HeroError ? failure.line : null;
      setProblem({ message, line, column: null });
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
    rememberInputs(play.workflow_sid, values);
    navigate(`/plays/${play.sid}`);
  }

  async function rename(newName: string) {
    const renamed = await api.workflows.rename(workflow.value()!.sid, newName);
    setRenaming(false);
    expectedPath = `/flows/${renamed.name}`;
    navigate(`/flows/${renamed.name}`, { replace: true });
  }

  async function remove() {
    const sid = workflow.value()!.sid;
    await api.workflows.delete(sid);
    draft.deleted(sid);
    forgetInputs(sid);
    setDeleting(false);
    expectedPath = "/flows";
    navigate("/flows");
  }

  return (
    <section class="page">
      <Show when={!workflow.loading() && !workflow.value()}>
        <h1>No flow named “{params.name}”</h1>
        <p>
          It may have been renamed or deleted. Back to the <A href="/flows">library</A>.
        </p>
      </Show>
      <Show when={workflow.value()}>
        {(wf) => (
          <>
            <header class="page-header">
              <Show when={renaming()} fallback={<h1 class="mono">{wf().name}</h1>}>
                <RenameForm
                  name={wf().name}
                  onRename={rename}
                  onCancel={() => setRenaming(false)}
                />
              </Show>
              <div class="actions">
                <ShareButton name={wf().name} />
                <button
                  type="button"
                  data-testid="rename-flow"
                  onClick={() => setRenaming(true)}
                  disabled={renaming()}
                >
                  Rename
                </button>
                <button type="button" data-testid="delete-flow" onClick={() => setDeleting(true)}>
                  Delete…
                </button>
                <button
                  type="button"
                  data-testid="save-flow"
                  onClick={save}
                  disabled={busy() || source() === null}
                  title="Save (Ctrl+S)"
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
                  values={lastInputs(wf().sid)}
                  submitLabel="Start play"
                  testid="run-form"
                  submitTestid="run-submit"
                  autofocus
                  onSubmit={start}
                  onCancel={() => setRunning(false)}
                />
              </div>
            </Show>
            <div class="flow-layout">
              <div class="flow-editor">
                <Show when={search.version && versions.value() && !shownVersion()}>
                  <div class="error-box" role="alert">
                    This flow has no version “{search.version}”.{" "}
                    <A href={`/flows/${wf().name}`}>Back to the current version</A>
                  </div>
                </Show>
                <Show when={shownVersion()}>
                  {(version) => (
                    <VersionPanel
                      workflow={wf()}
                      version={version()}
                      number={numberOf(version().sid)}
                      current={currentVersion()}
                      currentNumber={numberOf(wf().current_version_sid)}
                      diff={search.view === "diff"}
                      focusLine={search.line ? Number(search.line) : null}
                      onDiff={(diff) => setSearch({ view: diff ? "diff" : undefined })}
                    />
                  )}
                </Show>
                <div hidden={Boolean(search.version)}>
                  <DraftNotice
                    restored={dirty() ? draft.restored() : null}
                    unkept={dirty() && draft.unkept()}
                    onDiscard={() => {
                      draft.discard();
                      setSource(saved());
                    }}
                  />
                  <div class="editor-status">
                    <Show
                      when={problem()}
                      fallback={
                        <Show
                          when={notice() && !dirty()}
                          fallback={<SyntaxWaiting stage={python().stage} />}
                        >
                          <p class="notice" role="status">
                            {notice()}
                          </p>
                        </Show>
                      }
                    >
                      {(p) => (
                        <div class="error-box" data-testid="flow-error" role="alert">
                          {p().message}
                        </div>
                      )}
                    </Show>
                  </div>
                  <Show when={source() !== null} fallback={<p class="muted">Loading source…</p>}>
                    <SourceEditor
                      value={source() ?? ""}
                      onInput={setSource}
                      onSave={save}
                      problem={problem()}
                      focusLine={search.line ? Number(search.line) : null}
                      label={`Source of ${wf().name} (Python)`}
                      testid="flow-source"
                    />
                  </Show>
                </div>
              </div>
              <aside class="flow-side">
                <FieldList title="Inputs" fields={(shownVersion() ?? wf()).inputs} />
                <FieldList title="Outputs" fields={(shownVersion() ?? wf()).outputs} />
                <h2>Versions</h2>
                <VersionList
                  flow={wf().name}
                  versions={versions.value() ?? []}
                  currentSid={wf().current_version_sid}
                  shownSid={search.version ?? null}
                />
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
                          <span class="muted">
                            v{numberOf(play.version_sid) || "?"} · {relativeTime(play.created_at)}
                          </span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </aside>
            </div>
            <ConfirmDialog
              open={deleting()}
              title={`Delete ${wf().name}?`}
              confirmLabel="Delete flow"
              testid="delete-dialog"
              onConfirm={remove}
              onClose={() => setDeleting(false)}
            >
              <p>
                The flow and its {versions.value()?.length ?? 0} version
                {versions.value()?.length === 1 ? "" : "s"} leave the library.
                <Show when={(plays.value()?.length ?? 0) > 0}>
                  {" "}
                  {keptPlays(plays.value()?.length ?? 0)}
                </Show>
                <Show when={unfinished() > 0}>
                  {" "}
                  <strong data-testid="delete-cancels">
                    {unfinished()} unfinished play{unfinished() === 1 ? " is" : "s are"} cancelled.
                  </strong>
                </Show>
              </p>
            </ConfirmDialog>
          </>
        )}
      </Show>
    </section>
  );
}

/** Said above the editor while nothing is marked: why the syntax is not checked yet. */
function SyntaxWaiting(props: { stage: string }) {
  return (
    <Show when={props.stage !== "ready"}>
      <p class="muted" data-testid="syntax-waiting">
        {props.stage === "failed"
          ? "Python could not start, so the syntax is not checked."
          : "Syntax is checked when Python is ready…"}
      </p>
    </Show>
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
