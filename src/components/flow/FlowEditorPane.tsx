import { A } from "@solidjs/router";
import { lazy, Show } from "solid-js";
import type { Workflow, WorkflowVersion } from "../../db/records";
import type { FlowEditing } from "../../editor/flow-editing";
import { DraftNotice } from "../editor/DraftNotice";

// CodeMirror is most of the app's code: it loads when a flow is first opened, not with the app.
const SourceEditor = lazy(() =>
  import("../editor/SourceEditor").then((m) => ({ default: m.SourceEditor })),
);
const VersionPanel = lazy(() =>
  import("../editor/VersionPanel").then((m) => ({ default: m.VersionPanel })),
);

/** Where the flow page's query puts the reader: an older version, its diff, a line. */
export type FlowSearch = {
  line?: string;
  version?: string;
  view?: string;
};

/**
 * The flow page's main column: the editor with its status line, or an older version the
 * address asks for (the editor stays, hidden, so its edits survive the visit).
 */
export function FlowEditorPane(props: {
  workflow: Workflow;
  editing: FlowEditing;
  pythonStage: string;
  search: FlowSearch;
  hasVersions: boolean;
  shownVersion: WorkflowVersion | undefined;
  currentVersion: WorkflowVersion | undefined;
  numberOf: (versionSid: string | undefined) => number;
  onDiff: (diff: boolean) => void;
}) {
  const editing = () => props.editing;
  const focusLine = () => (props.search.line ? Number(props.search.line) : null);
  return (
    <div class="flow-editor">
      <Show when={props.search.version && props.hasVersions && !props.shownVersion}>
        <div class="error-box" role="alert">
          This flow has no version “{props.search.version}”.{" "}
          <A href={`/flows/${props.workflow.name}`}>Back to the current version</A>
        </div>
      </Show>
      <Show when={props.shownVersion}>
        {(version) => (
          <VersionPanel
            workflow={props.workflow}
            version={version()}
            number={props.numberOf(version().sid)}
            current={props.currentVersion}
            currentNumber={props.numberOf(props.workflow.current_version_sid)}
            diff={props.search.view === "diff"}
            focusLine={focusLine()}
            onDiff={props.onDiff}
          />
        )}
      </Show>
      <div hidden={Boolean(props.search.version)}>
        <DraftNotice
          restored={editing().dirty() ? editing().draft.restored() : null}
          unkept={editing().dirty() && editing().draft.unkept()}
          onDiscard={() => editing().discardDraft()}
        />
        <EditorStatus editing={editing()} pythonStage={props.pythonStage} />
        <Show when={editing().lintUnavailable()}>
          <p class="muted" data-testid="lint-unavailable">
            The lint (Ruff) could not load, so names and imports are not checked as you type.
          </p>
        </Show>
        <Show when={editing().source() !== null} fallback={<p class="muted">Loading source…</p>}>
          <SourceEditor
            value={editing().source() ?? ""}
            onInput={editing().setSource}
            onSave={editing().save}
            problem={editing().problem()}
            findings={editing().findings()}
            focusLine={focusLine()}
            label={`Source of ${props.workflow.name} (Python)`}
            testid="flow-source"
          />
        </Show>
      </div>
    </div>
  );
}

/** Above the editor: the problem in the source, else what the last save did, else why it is not checked yet. */
function EditorStatus(props: { editing: FlowEditing; pythonStage: string }) {
  return (
    <div class="editor-status">
      <Show
        when={props.editing.problem()}
        fallback={
          <Show
            when={props.editing.notice() && !props.editing.dirty()}
            fallback={<SyntaxWaiting stage={props.pythonStage} />}
          >
            <p class="notice" role="status">
              {props.editing.notice()}
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
