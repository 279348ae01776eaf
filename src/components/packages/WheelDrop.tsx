import { createSignal, For, Show } from "solid-js";
import { messageOf } from "../../wire/errors";
import { useHeroLogic } from "../engine-context";

/** What became of one file given to the page. */
interface Outcome {
  filename: string;
  added: string | null;
  refusal: string | null;
}

/**
 * Where wheels come in: a zone that takes files dropped on it and a button that opens the file
 * chooser (one or more `.whl`). Each file is added on its own; each refusal is shown beside its
 * file with the reason the check gave, and nothing of a refused file is stored.
 */
export function WheelDrop() {
  const api = useHeroLogic();
  const [outcomes, setOutcomes] = createSignal<Outcome[]>([]);
  const [over, setOver] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let input!: HTMLInputElement;

  async function take(files: File[]) {
    if (files.length === 0) return;
    setBusy(true);
    const results: Outcome[] = [];
    // One at a time, in the order given: two wheels of one package, the second is refused.
    for (const file of files) results.push(await addOne(file));
    setOutcomes(results);
    setBusy(false);
  }

  async function addOne(file: File): Promise<Outcome> {
    try {
      const info = await api.packages.add(file, file.name);
      return { filename: file.name, added: `${info.name} ${info.version}`, refusal: null };
    } catch (failure) {
      return { filename: file.name, added: null, refusal: refusalOf(failure, file.name) };
    }
  }

  return (
    <section
      class="wheel-drop"
      classList={{ over: over() }}
      data-testid="packages-drop"
      aria-labelledby="wheel-drop-title"
      onDragEnter={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragOver={(event) => {
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        void take([...(event.dataTransfer?.files ?? [])]);
      }}
    >
      <h2 id="wheel-drop-title">Add wheels</h2>
      <p class="muted">Drop .whl files here, or choose them.</p>
      <input
        ref={input}
        type="file"
        accept=".whl"
        multiple
        // The button below opens it: a file input cannot be given a label that looks like one.
        hidden
        data-testid="packages-add-input"
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          // Cleared, so choosing the same file again (after deleting it) is seen.
          event.currentTarget.value = "";
          void take(files);
        }}
      />
      <button type="button" class="primary" disabled={busy()} onClick={() => input.click()}>
        {busy() ? "Adding…" : "Add wheels…"}
      </button>
      <Show when={outcomes().length > 0}>
        <ul class="wheel-outcomes" aria-live="polite">
          <For each={outcomes()}>{(outcome) => <OutcomeLine outcome={outcome} />}</For>
        </ul>
      </Show>
    </section>
  );
}

function OutcomeLine(props: { outcome: Outcome }) {
  return (
    <Show
      when={props.outcome.refusal}
      fallback={
        <li class="wheel-added" data-testid="package-added" data-file={props.outcome.filename}>
          <span aria-hidden="true">✓</span> Added {props.outcome.added}
          <span class="muted mono"> {props.outcome.filename}</span>
        </li>
      }
    >
      <li class="wheel-refused" data-testid="package-error" data-file={props.outcome.filename}>
        <span aria-hidden="true">✕</span> <span class="mono">{props.outcome.filename}</span> not
        added: {props.outcome.refusal}
      </li>
    </Show>
  );
}

/** The check's reason without the file name it starts with (shown beside it already). */
function refusalOf(failure: unknown, filename: string): string {
  const message = messageOf(failure);
  const prefix = `${filename}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
