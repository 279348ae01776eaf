import type { SharedFlowAdding } from "../../sharing/add-shared-flow";

/** The shared flow's name is taken here: add it as a new version of that flow, or under another name. */
export function NameClash(props: { name: string; adding: SharedFlowAdding }) {
  const adding = () => props.adding;
  return (
    <fieldset class="clash" data-testid="name-clash">
      <legend>A flow named “{props.name}” is already in your library</legend>
      <div class="share-row">
        <button
          type="button"
          data-testid="import-as-version"
          disabled={adding().busy()}
          onClick={() => adding().addAsVersion()}
        >
          Add as a new version of {props.name}
        </button>
        <span class="muted">(its older versions and plays stay)</span>
      </div>
      <form
        class="share-row"
        onSubmit={(event) => {
          event.preventDefault();
          adding().addUnderNewName();
        }}
      >
        <label for="import-new-name">or add it as a new flow named</label>
        <input
          id="import-new-name"
          class="mono"
          data-testid="import-new-name"
          value={adding().newName()}
          aria-invalid={adding().nameError() ? "true" : undefined}
          onInput={(e) => adding().setNewName(e.currentTarget.value)}
        />
        <button type="submit" data-testid="import-as-new" disabled={adding().busy()}>
          Add as new flow
        </button>
        <span class="field-error" role="alert" data-testid="import-name-error">
          {adding().nameError()}
        </span>
      </form>
    </fieldset>
  );
}
