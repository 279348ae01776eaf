import { Show } from "solid-js";
import { RenameForm } from "../editor/RenameForm";
import { ShareButton } from "../ShareButton";

/** The flow page's title (or the rename form in its place) and its actions. */
export function FlowHeader(props: {
  name: string;
  renaming: boolean;
  busy: boolean;
  /** Whether the editor has source to save yet. */
  loaded: boolean;
  dirty: boolean;
  pythonStage: string;
  onRename: (newName: string) => Promise<void>;
  onRenaming: (renaming: boolean) => void;
  onDelete: () => void;
  onSave: () => void;
  onRun: () => void;
}) {
  return (
    <header class="page-header">
      <Show when={props.renaming} fallback={<h1 class="mono">{props.name}</h1>}>
        <RenameForm
          name={props.name}
          onRename={props.onRename}
          onCancel={() => props.onRenaming(false)}
        />
      </Show>
      <div class="actions">
        <ShareButton name={props.name} />
        <button
          type="button"
          data-testid="rename-flow"
          onClick={() => props.onRenaming(true)}
          disabled={props.renaming}
        >
          Rename
        </button>
        <button type="button" data-testid="delete-flow" onClick={() => props.onDelete()}>
          Delete…
        </button>
        <button
          type="button"
          data-testid="save-flow"
          onClick={() => props.onSave()}
          disabled={props.busy || !props.loaded}
          title="Save (Ctrl+S)"
        >
          {props.busy ? "Saving…" : props.dirty ? "Save" : "Saved"}
        </button>
        <button
          type="button"
          class="primary"
          data-testid="run-flow"
          onClick={() => props.onRun()}
          disabled={props.busy}
        >
          {props.pythonStage === "ready"
            ? props.dirty
              ? "Save & run"
              : "Run"
            : "Run · runs when Python is ready"}
        </button>
      </div>
    </header>
  );
}
