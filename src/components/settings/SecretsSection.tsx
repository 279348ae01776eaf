import { createSignal, For, Show } from "solid-js";
import type { SecretInfo } from "../../engine/secrets/secrets";
import { absoluteTime, relativeTime } from "../../format/format";
import { createLive } from "../../reactive/live";
import { messageOf } from "../../wire/errors";
import { ConfirmDialog } from "../ConfirmDialog";
import { useHeroLogic } from "../engine-context";
import "./secrets.css";

/**
 * The secrets flows read with `secret("NAME")`: their names, a form that adds or replaces one
 * (the value typed into a password field and never shown again), and deletion after a question.
 */
export function SecretsSection() {
  const api = useHeroLogic();
  const secrets = createLive(
    () => null,
    () => api.secrets.list(),
  );
  const [deleting, setDeleting] = createSignal<string | null>(null);
  let nameInput!: HTMLInputElement;
  let valueInput!: HTMLInputElement;

  function replace(name: string) {
    nameInput.value = name;
    valueInput.focus();
  }

  return (
    <section class="settings-section" data-testid="secrets-section" aria-labelledby="secrets-title">
      <h2 id="secrets-title">Secrets</h2>
      <p class="muted">
        Values flows read with <code class="mono">secret("NAME")</code>, such as API keys. Every run
        gets them; wherever a play stores what it did, a value shows as{" "}
        <code class="mono">«secret:NAME»</code>. They are never exported or shared.
      </p>
      <Show
        when={(secrets.value() ?? []).length > 0}
        fallback={
          <p class="muted" data-testid="secrets-empty">
            No secrets yet.
          </p>
        }
      >
        <ul class="secret-list">
          <For each={secrets.value()}>
            {(secret) => (
              <SecretRow
                secret={secret}
                onReplace={() => replace(secret.name)}
                onDelete={() => setDeleting(secret.name)}
              />
            )}
          </For>
        </ul>
      </Show>
      <SecretForm
        nameRef={(el) => {
          nameInput = el;
        }}
        valueRef={(el) => {
          valueInput = el;
        }}
      />
      <ConfirmDialog
        open={deleting() !== null}
        title={`Delete the secret ${deleting() ?? ""}?`}
        confirmLabel="Delete secret"
        testid="secret-delete-dialog"
        onConfirm={async () => {
          const name = deleting();
          if (name) await api.secrets.delete(name);
          setDeleting(null);
        }}
        onClose={() => setDeleting(null)}
      >
        <p>Flows that read it fail until it is set again.</p>
      </ConfirmDialog>
    </section>
  );
}

function SecretRow(props: { secret: SecretInfo; onReplace: () => void; onDelete: () => void }) {
  return (
    <li class="secret-row" data-testid="secret-row" data-name={props.secret.name}>
      <span class="mono secret-name">{props.secret.name}</span>
      <span class="muted" title={absoluteTime(props.secret.updated_at)}>
        set {relativeTime(props.secret.updated_at)}
      </span>
      <button type="button" data-testid="secret-replace" onClick={() => props.onReplace()}>
        Replace<span class="visually-hidden"> {props.secret.name}</span>
      </button>
      <button
        type="button"
        class="danger"
        data-testid="secret-delete"
        onClick={() => props.onDelete()}
      >
        Delete<span class="visually-hidden"> {props.secret.name}</span>
      </button>
    </li>
  );
}

/** Add a secret, or replace the value of one of the same name. */
function SecretForm(props: {
  nameRef: (el: HTMLInputElement) => void;
  valueRef: (el: HTMLInputElement) => void;
}) {
  const api = useHeroLogic();
  const [error, setError] = createSignal("");
  const [saved, setSaved] = createSignal("");

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    setError("");
    setSaved("");
    try {
      await api.secrets.set(name, String(data.get("value") ?? ""));
      form.reset();
      setSaved(`Saved ${name}.`);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <form
      class="secret-form"
      data-testid="secret-form"
      aria-label="Add or replace a secret"
      onSubmit={save}
    >
      <label>
        Name
        <input
          ref={props.nameRef}
          name="name"
          class="mono"
          placeholder="EXAMPLE_KEY"
          autocomplete="off"
          spellcheck={false}
          required
          data-testid="secret-name"
        />
      </label>
      <label>
        Value
        <input
          ref={props.valueRef}
          name="value"
          type="password"
          autocomplete="new-password"
          required
          data-testid="secret-value"
        />
      </label>
      <button type="submit" class="primary" data-testid="secret-save">
        Save secret
      </button>
      <p class="form-error" role="alert" data-testid="secret-error">
        {error()}
      </p>
      <p class="muted" role="status" data-testid="secret-saved">
        {saved()}
      </p>
    </form>
  );
}
