import { createSignal, For, type JSX, Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { FlowField } from "../db/records";
import { HeroError } from "../engine/errors";
import { FieldInput, initialRaw, parseRaw, type RawValue } from "./FieldInput";

/**
 * One form for run inputs and pause answers: a control per field type, defaults filled,
 * errors under each field (from parsing here or from the engine), Enter submits
 * (Ctrl+Enter in multi-line fields), Submit disabled while sending.
 */
export function FieldsForm(props: {
  fields: FlowField[];
  submitLabel: string;
  testid?: string;
  submitTestid?: string;
  prompt?: JSX.Element;
  onSubmit: (values: Record<string, unknown>) => Promise<void>;
  onCancel?: () => void;
}) {
  const [raw, setRaw] = createStore<Record<string, RawValue>>(
    Object.fromEntries(props.fields.map((f) => [key(f.name), initialRaw(f)])),
  );
  const [errors, setErrors] = createStore<Record<string, string>>({});
  const [formError, setFormError] = createSignal("");
  const [sending, setSending] = createSignal(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (sending()) return;
    const values: Record<string, unknown> = {};
    const problems: Record<string, string> = {};
    for (const field of props.fields) {
      const parsed = parseRaw(field, raw[key(field.name)] ?? "");
      if (parsed && "error" in parsed) problems[field.name] = parsed.error;
      else if (parsed) values[field.name] = parsed.value;
      else if (field.required && (field.default === null || field.default === undefined)) {
        problems[field.name] = "required";
      }
    }
    setErrors(Object.fromEntries(props.fields.map((f) => [key(f.name), problems[f.name] ?? ""])));
    setFormError("");
    if (Object.keys(problems).length > 0) return;
    setSending(true);
    try {
      await props.onSubmit(values);
    } catch (error) {
      if (error instanceof HeroError && Object.keys(error.fields).length > 0) {
        const known = new Set(props.fields.map((f) => f.name));
        const byKey = Object.entries(error.fields).map(([name, problem]) => [key(name), problem]);
        setErrors((current) => ({ ...current, ...Object.fromEntries(byKey) }));
        const other = Object.keys(error.fields).filter((name) => !known.has(name));
        if (other.length > 0) setFormError(error.message);
      } else {
        setFormError(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setSending(false);
    }
  }

  function ctrlEnter(event: KeyboardEvent) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void submit(event);
  }

  return (
    <form
      class="fields-form"
      data-testid={props.testid}
      onSubmit={submit}
      onKeyDown={ctrlEnter}
      novalidate
    >
      <Show when={props.prompt}>
        <div class="form-prompt">{props.prompt}</div>
      </Show>
      <Show when={props.fields.length === 0}>
        <p class="muted">This flow takes no inputs.</p>
      </Show>
      <For each={props.fields}>
        {(field) => {
          const helpId = `help-${field.name}`;
          return (
            <div class={`field field-${field.field_type}`}>
              <label for={`field-${field.name}`}>
                {field.name}
                <span class="field-type">{field.field_type}</span>
                <Show when={!field.required}>
                  <span class="muted"> (optional)</span>
                </Show>
              </label>
              <FieldInput
                field={field}
                value={raw[key(field.name)] ?? ""}
                invalid={Boolean(errors[key(field.name)])}
                describedBy={helpId}
                onInput={(value) => {
                  setRaw(key(field.name), value);
                  if (field.field_type === "json") {
                    const parsed = parseRaw(field, value);
                    setErrors(key(field.name), parsed && "error" in parsed ? parsed.error : "");
                  }
                }}
              />
              <Show when={field.description}>
                <div class="field-description">{field.description}</div>
              </Show>
              <div class="field-error" id={helpId} role="alert">
                {errors[key(field.name)] ?? ""}
              </div>
            </div>
          );
        }}
      </For>
      <div class="form-error" role="alert">
        {formError()}
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" data-testid={props.submitTestid} disabled={sending()}>
          {sending() ? "Sending…" : props.submitLabel}
        </button>
        <Show when={props.onCancel}>
          <button type="button" onClick={() => props.onCancel?.()}>
            Cancel
          </button>
        </Show>
      </div>
    </form>
  );
}

/**
 * The store key of a field. Field names come from the flow's source: a bare `constructor` or
 * `toString` would meet `Object.prototype`'s members inside the Solid store and never show.
 */
function key(name: string): string {
  return `field:${name}`;
}
