import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { type Accessor, createSignal, Show } from "solid-js";
import { useEngine, usePythonStatus } from "../components/engine-context";
import { DeleteFlowDialog } from "../components/flow/DeleteFlowDialog";
import { FlowEditorPane, type FlowSearch } from "../components/flow/FlowEditorPane";
import { FlowHeader } from "../components/flow/FlowHeader";
import { FlowSide } from "../components/flow/FlowSide";
import { RunFlowPanel } from "../components/flow/RunFlowPanel";
import { createGrantGate, DeclaredOrigins, GrantDialog } from "../components/network/GrantDialog";
import { goesOnHere } from "../db/records";
import { createFlowEditing } from "../editor/flow-editing";
import type { HeroLogicApi } from "../engine/api";
import { forgetInputs, rememberInputs } from "../forms/last-inputs";
import { createLive } from "../reactive/live";

/** The flow page: the editor (or an older version), its versions, inputs, outputs and plays. */
export function FlowPage() {
  const engine = useEngine();
  const api = engine.api;
  const python = usePythonStatus();
  const navigate = useNavigate();
  const params = useParams<{ name: string }>();
  const [search, setSearch] = useSearchParams<FlowSearch>();
  const { workflow, versions, plays } = liveFlow(api, () => params.name);
  const unfinished = () => (plays.value() ?? []).filter(goesOnHere).length;

  const [running, setRunning] = createSignal(false);
  const [renaming, setRenaming] = createSignal(false);
  const [deleting, setDeleting] = createSignal(false);
  // Showing an older version keeps the editor (and its edits); so does a rename, and after a
  // confirmed delete there is nothing left to keep.
  let expectedPath = "";
  const editing = createFlowEditing({
    workflow: workflow.value,
    versions: versions.value,
    stays: (to) => {
      const path = to.split("?")[0];
      return path === `/flows/${params.name}` || path === expectedPath;
    },
    pythonReady: () => python().stage === "ready",
    analyze: (text) => api.workflows.analyze(text),
    lint: (text) => api.workflows.lint(text),
    saveSource: (name, source) => api.workflows.save({ name, source }),
  });

  const numberOf = (sid: string | undefined) =>
    (versions.value()?.findIndex((v) => v.sid === sid) ?? -1) + 1;
  const shownVersion = () =>
    search.version ? versions.value()?.find((v) => v.sid === search.version) : undefined;
  const currentVersion = () =>
    versions.value()?.find((v) => v.sid === workflow.value()?.current_version_sid);

  const gate = createGrantGate(api);
  const granted = createLive(
    () => params.name,
    (flow) => api.network.grants(flow).catch(() => []),
  );

  async function openRun() {
    if (editing.dirty() && !(await editing.save())) return;
    // Read again: the save just made may declare other origins.
    const saved = await api.workflows.get(params.name);
    if (saved) await gate.ask(saved, () => setRunning(true));
  }

  async function start(values: Record<string, unknown>) {
    const play = await gate.attempt(() => api.plays.start(params.name, values));
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
    editing.draft.deleted(sid);
    forgetInputs(sid);
    setDeleting(false);
    expectedPath = "/flows";
    navigate("/flows");
  }

  return (
    <section class="page">
      <Show when={!workflow.loading() && !workflow.value()}>
        <NoSuchFlow name={params.name} />
      </Show>
      <Show when={workflow.value()}>
        {(wf) => (
          <>
            <FlowHeader
              name={wf().name}
              renaming={renaming()}
              busy={editing.busy()}
              loaded={editing.source() !== null}
              dirty={editing.dirty()}
              pythonStage={python().stage}
              onRename={rename}
              onRenaming={setRenaming}
              onDelete={() => setDeleting(true)}
              onSave={editing.save}
              onRun={openRun}
            />
            <Show when={wf().description}>
              <p class="description">{wf().description}</p>
            </Show>
            <Show when={running()}>
              <RunFlowPanel workflow={wf()} onStart={start} onCancel={() => setRunning(false)} />
            </Show>
            <div class="flow-layout">
              <FlowEditorPane
                workflow={wf()}
                editing={editing}
                pythonStage={python().stage}
                search={search}
                hasVersions={versions.value() !== undefined}
                shownVersion={shownVersion()}
                currentVersion={currentVersion()}
                numberOf={numberOf}
                onDiff={(diff) => setSearch({ view: diff ? "diff" : undefined })}
              />
              <FlowSide
                name={wf().name}
                inputs={(shownVersion() ?? wf()).inputs}
                outputs={(shownVersion() ?? wf()).outputs}
                dependencies={(shownVersion() ?? wf()).dependencies ?? []}
                versions={versions.value() ?? []}
                currentSid={wf().current_version_sid}
                shownSid={search.version ?? null}
                plays={plays.value()}
                numberOf={numberOf}
                network={
                  <DeclaredOrigins
                    declared={(shownVersion() ?? wf()).network ?? []}
                    granted={granted.value() ?? []}
                  />
                }
              />
            </div>
            <GrantDialog gate={gate} />
            <DeleteFlowDialog
              open={deleting()}
              name={wf().name}
              versions={versions.value()?.length ?? 0}
              plays={plays.value()?.length ?? 0}
              unfinished={unfinished()}
              onConfirm={remove}
              onClose={() => setDeleting(false)}
            />
          </>
        )}
      </Show>
    </section>
  );
}

/** The flow named `name`, its versions and its plays, kept live. */
function liveFlow(api: HeroLogicApi, name: Accessor<string>) {
  return {
    workflow: createLive(name, (flow) => api.workflows.get(flow)),
    versions: createLive(name, (flow) => api.workflows.versions(flow).catch(() => [])),
    plays: createLive(name, (flow) => api.plays.list({ workflow: flow }).catch(() => [])),
  };
}

function NoSuchFlow(props: { name: string }) {
  return (
    <>
      <h1>No flow named “{props.name}”</h1>
      <p>
        It may have been renamed or deleted. Back to the <A href="/flows">library</A>.
      </p>
    </>
  );
}
