import { createSignal, onMount } from "solid-js";
import { messageOf } from "../../wire/errors";

/**
 * The flow's name as an input: Enter renames, Escape gives up. Errors (a clash, a bad name)
 * show under it and keep the form open.
 */
export function RenameForm(props: {
  name: string;
  onRename: (newName: string) => Promise<void>;
  onCancel: () => void;
}) {
  let input!: HTMLInputElement;
  const [value, setValue] = createSignal(props.name);
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  onMount(() => input.select());

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError("");
    try {
      await props.onRename(value().trim());
    } catch (failure) {
      setError(messageOf(failure));
      input.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      class="rename-form"
      data-testid="rename-form"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === "Escape") props.onCancel();
      }}
    >
      <label for="rename-flow" class="visually-hidden">
        New name for {props.name}
      </label>
      <input
        id="rename-flow"
        ref={input}
        name="name"
        class="mono"
        value={value()}
        onInput={(event) => setValue(event.currentTarget.value)}
        aria-invalid={Boolean(error())}
        aria-describedby="rename-error"
        spellcheck={false}
        autocomplete="off"
      />
      <button type="submit" class="primary" data-testid="rename-submit" disabled={busy()}>
        {busy() ? "Renaming…" : "Rename"}
      </button>
      <button type="button" onClick={() => props.onCancel()} disabled={busy()}>
        Cancel
      </button>
      <div class="field-error" id="rename-error" role="alert">
        {error()}
      </div>
    </form>
  );
}
