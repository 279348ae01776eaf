import { A, useParams } from "@solidjs/router";
import { createMemo, createSignal, lazy, Show } from "solid-js";
import { useHeroLogic, usePythonStatus } from "../components/engine-context";
import { messageOf } from "../wire/errors";
import "../components/share.css";
import type { SharedFlow } from "../engine/api";

const SourceEditor = lazy(() =>
  import("../components/editor/SourceEditor").then((m) => ({ default: m.SourceEditor })),
);

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

type Outcome = { name: string; unchanged: boolean; asVersion: boolean };

/**
 * A flow someone shared by link (`#/share/<payload>`): its source, read-only, and a button to
 * add it to the library. Nothing here runs the flow: it is only saved (its inputs are read with
 * Python's `ast`) when the person clicks, and runs only when they start it later.
 */
export function SharedPage() {
  const params = useParams<{ payload: string }>();
  const api = useHeroLogic();
  const decoded = createMemo(() => {
    try {
      return { flow: api.readShareUrl(params.payload ?? "") };
    } catch (failure) {
      return { error: messageOf(failure) };
    }
  });
  return (
    <section class="page">
      <Show
        when={decoded().flow}
        keyed
        fallback={
          <>
            <h1>This share link cannot be opened</h1>
            <p class="error-box" role="alert" data-testid="share-error">
              {decoded().error}
            </p>
            <p>
              Nothing was added to your library. Go to the <A href="/flows">library</A>.
            </p>
          </>
        }
      >
        {(flow) => <SharedFlowView flow={flow} />}
      </Show>
    </section>
  );
}

function SharedFlowView(props: { flow: SharedFlow }) {
  const api = useHeroLogic();
  const python = usePythonStatus();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const [clash, setClash] = createSignal(false);
  const [newName, setNewName] = createSignal("");
  const [nameError, setNameError] = createSignal("");
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);

  async function save(name: string, asVersion: boolean) {
    setBusy(true);
    setError("");
    try {
      const before = await api.workflows.get(name);
      // A new version keeps the description the flow has here.
      const description = asVersion ? undefined : props.flow.description;
      const saved = await api.workflows.save({ name, source: props.flow.source, description });
      const unchanged = before?.current_version_sid === saved.current_version_sid;
      setOutcome({ name, unchanged, asVersion });
      setClash(false);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  async function add() {
    const existing = await api.workflows.get(props.flow.name);
    if (!existing) return save(props.flow.name, false);
    const current = (await api.workflows.versions(existing.sid)).find(
      (version) => version.sid === existing.current_version_sid,
    );
    if (current?.source === props.flow.source) {
      setOutcome({ name: existing.name, unchanged: true, asVersion: false });
      return;
    }
    setNewName(await freeName(props.flow.name));
    setClash(true);
  }

  async function freeName(base: string): Promise<string> {
    for (let n = 2; ; n++) {
      const candidate = `${base.slice(0, 60)}_${n}`;
      if (!(await api.workflows.get(candidate))) return candidate;
    }
  }

  async function addUnderNewName(event: Event) {
    event.preventDefault();
    const name = newName().trim();
    setNameError("");
    if (!NAME.test(name)) {
      setNameError("Use letters, digits and _ (not starting with a digit), at most 64.");
      return;
    }
    if (await api.workflows.get(name)) {
      setNameError(`A flow named “${name}” exists too; choose another name.`);
      return;
    }
    await save(name, false);
  }

  const waitingForPython = () => busy() && python().stage !== "ready";

  return (
    <>
      <header class="page-header">
        <h1>
          Shared flow <span class="mono">{props.flow.name}</span>
        </h1>
      </header>
      <p class="safety-note" role="note" data-testid="share-note">
        Someone shared this flow with you. It is shown here as text only:{" "}
        <strong>nothing runs</strong>. Adding it to your library does not run it either; shared code
        runs only when you choose to start it. Read it first.
      </p>
      <Show when={props.flow.description}>
        <p class="description">{props.flow.description}</p>
      </Show>
      <Show
        when={outcome()}
        fallback={
          <Show
            when={clash()}
            fallback={
              <div class="share-row">
                <button
                  type="button"
                  class="primary"
                  data-testid="import-flow"
                  disabled={busy()}
                  onClick={add}
                >
                  {waitingForPython()
                    ? "Adding… (starting Python to read its inputs)"
                    : busy()
                      ? "Adding…"
                      : "Add to library"}
                </button>
              </div>
            }
          >
            <fieldset class="clash" data-testid="name-clash">
              <legend>A flow named “{props.flow.name}” is already in your library</legend>
              <div class="share-row">
                <button
                  type="button"
                  data-testid="import-as-version"
                  disabled={busy()}
                  onClick={() => save(props.flow.name, true)}
                >
                  Add as a new version of {props.flow.name}
                </button>
                <span class="muted">(its older versions and plays stay)</span>
              </div>
              <form class="share-row" onSubmit={addUnderNewName}>
                <label for="import-new-name">or add it as a new flow named</label>
                <input
                  id="import-new-name"
                  class="mono"
                  data-testid="import-new-name"
                  value={newName()}
                  aria-invalid={nameError() ? "true" : undefined}
                  onInput={(e) => setNewName(e.currentTarget.value)}
                />
                <button type="submit" data-testid="import-as-new" disabled={busy()}>
                  Add as new flow
                </button>
                <span class="field-error" role="alert" data-testid="import-name-error">
                  {nameError()}
                </span>
              </form>
            </fieldset>
          </Show>
        }
      >
        {(done) => (
          <p class="notice" role="status" data-testid="import-done">
            {done().unchanged
              ? `“${done().name}” in your library already has exactly this source; nothing changed. `
              : done().asVersion
                ? `Added as a new version of “${done().name}”. `
                : `Added to your library as “${done().name}”. `}
            <A href={`/flows/${done().name}`} data-testid="open-imported">
              Open {done().name}
            </A>
          </p>
        )}
      </Show>
      <Show when={error()}>
        <p class="error-box" role="alert" data-testid="import-error">
          {error()}
        </p>
      </Show>
      <h2>Source</h2>
      <SourceEditor
        value={props.flow.source}
        readOnly
        label="Shared source (read-only)"
        testid="shared-source"
      />
    </>
  );
}
