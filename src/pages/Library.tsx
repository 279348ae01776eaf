import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { LibraryBundleControls } from "../components/BundleControls";
import { useHeroLogic, usePythonStatus } from "../components/engine-context";
import { flowNameProblem } from "../forms/flow-name";
import { messageOf } from "../wire/errors";
import "../components/flow-name.css";
import { RunFromCard } from "../components/RunFromCard";
import type { RestoredExamples } from "../engine/api";
import { absoluteTime, relativeTime } from "../format/format";
import { createLive } from "../reactive/live";

export const STARTER_SOURCE = `"""Describe what this flow does."""

from hero_logic import flow


@flow
def greet(name: str) -> str:
    return f"Hello, {name}!"


@flow
def main(name: str = "world"):
    message = greet(name)
    print(message)
    return {"message": message}
`;

export function LibraryPage() {
  const api = useHeroLogic();
  const python = usePythonStatus();
  const workflows = createLive(
    () => null,
    () => api.workflows.list(),
  );
  return (
    <section class="page">
      <header class="page-header">
        <h1>Library</h1>
        <div class="actions">
          <NewFlowForm />
          <RestoreExamples />
          <LibraryBundleControls />
        </div>
      </header>
      <Show when={workflows.value()?.length === 0}>
        <div class="empty">
          <Show
            when={python().stage === "ready"}
            fallback={<p>The example flows are installed as soon as Python has started…</p>}
          >
            <p>
              No flows yet. Create one with “New flow” above, or bring the examples back with
              “Restore examples”.
            </p>
          </Show>
        </div>
      </Show>
      <ul class="card-list">
        <For each={workflows.value()}>
          {(workflow) => (
            <li class="card">
              <div class="card-head">
                <A
                  href={`/flows/${workflow.name}`}
                  data-testid={`flow-link-${workflow.name}`}
                  class="card-title"
                >
                  {workflow.name}
                </A>
                <RunFromCard workflow={workflow} />
              </div>
              <p class="card-text">{workflow.description.split("\n")[0] || "No description."}</p>
              <p class="card-meta">
                {workflow.inputs.length} input{workflow.inputs.length === 1 ? "" : "s"} · edited{" "}
                <time title={absoluteTime(workflow.updated_at)}>
                  {relativeTime(workflow.updated_at)}
                </time>
              </p>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}

function NewFlowForm() {
  const api = useHeroLogic();
  const navigate = useNavigate();
  const [name, setName] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  async function create(event: Event) {
    event.preventDefault();
    setError("");
    const wanted = name().trim();
    const problem = flowNameProblem(wanted);
    if (problem) {
      setError(problem);
      return;
    }
    if (await api.workflows.get(wanted)) {
      setError(`a flow named '${wanted}' exists already`);
      return;
    }
    setBusy(true);
    try {
      await api.workflows.save({ name: wanted, source: STARTER_SOURCE });
      navigate(`/flows/${wanted}`);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="inline-form new-flow-form" onSubmit={create}>
      <label for="new-flow-name" class="visually-hidden">
        New flow name
      </label>
      <input
        id="new-flow-name"
        data-testid="new-flow-name"
        placeholder="new_flow_name"
        value={name()}
        onInput={(e) => {
          setName(e.currentTarget.value);
          // Said while typing: what a name may be, not the browser's "match the format".
          const typed = e.currentTarget.value.trim();
          setError(typed ? (flowNameProblem(typed) ?? "") : "");
        }}
        aria-invalid={Boolean(error())}
        aria-describedby="new-flow-error"
        spellcheck={false}
        autocomplete="off"
      />
      <button
        type="submit"
        class="primary"
        data-testid="create-flow"
        disabled={busy() || !name().trim()}
      >
        {busy() ? "Creating…" : "New flow"}
      </button>
      <span class="field-error" role="alert" id="new-flow-error" data-testid="new-flow-error">
        {error()}
      </span>
    </form>
  );
}

/** Brings back the shipped examples (re-added, or the shipped source as a new version). */
function RestoreExamples() {
  const api = useHeroLogic();
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal("");
  const [failed, setFailed] = createSignal(false);

  async function restore() {
    setBusy(true);
    setMessage("");
    try {
      setMessage(describeRestore(await api.workflows.restoreExamples()));
      setFailed(false);
    } catch (failure) {
      setMessage(messageOf(failure));
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="restore-examples">
      <button
        type="button"
        data-testid="restore-examples"
        onClick={restore}
        disabled={busy()}
        title="Re-add deleted examples and put edited ones back as shipped (your edits stay in their version list)"
      >
        {busy() ? "Restoring…" : "Restore examples"}
      </button>
      <span
        classList={{ notice: !failed(), "field-error": failed() }}
        role="status"
        data-testid="restore-result"
      >
        {message()}
      </span>
    </div>
  );
}

function describeRestore({ added, updated }: RestoredExamples): string {
  const parts: string[] = [];
  if (added.length > 0) parts.push(`added back ${added.join(", ")}`);
  if (updated.length > 0) {
    parts.push(`restored ${updated.join(", ")} as shipped (your edits stay as older versions)`);
  }
  if (parts.length === 0) return "The examples are all as shipped.";
  const text = parts.join("; ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
