import { createSignal, createUniqueId, For, type JSX, onMount, Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { FlowField } from "../db/records";
import { HeroError } from "../engine/errors";
import { initialRaw, parseFields, parseRaw, type RawValue } from "../forms/field-parse";
import { messageOf } from "../wire/errors";
import { FieldInput } from "./FieldInput";

/**
 * One form for run inputs and pause answers: a control per field type, defaults filled,
 * errors under each field (from parsing here or from the engine), Enter submits
 * (Ctrl/Cmd+Enter in multi-line fields), Submit disabled while sending and for good once
 * sent (a second Enter must not start a second play or answer the next pause). A refused
 * submit keeps what was typed and moves the focus to the first field in error.
 */
export function FieldsForm(props: {
  fields: FlowField[];
  submitLabel: string;
  testid?: string;
  submitTestid?: string;
  prompt?: JSX.Element;
  /** What the fields show at first, by field name (a field not named shows its default). */
  values?: Record<string, unknown>;
  /** Focus the first field when the form appears (it was opened on purpose). */
  autofocus?: boolean;
  onSubmit: (values: Record<string, unknown>) => Promise<void>;
  onCancel?: () => void;
  /** Why the form cannot be sent at all any more (checked before the fields), or null. */
  refusal?: () => string | null;
  /** Told when someone types into the form (true) and when its answer went out (false). */
  onDirty?: (dirty: boolean) => void;
}) {
  const [raw, setRaw] = createStore<Record<string, RawValue>>(
    Object.fromEntries(
      props.fields.map((f) => [
        key(f.name),
        props.values && Object.hasOwn(props.values, f.name)
          ? initialRaw(f, props.values[f.name])
          : initialRaw(f),
      ]),
    ),
  );
  const [errors, setErrors] = createStore<Record<string, string>>({});
  const [formError, setFormError] = createSignal("");
  const [sending, setSending] = createSignal(false);
  const [sent, setSent] = createSignal(false);
  // Ids from the form, not the field names: two forms may share a page, and a name with a
  // space would split `aria-describedby` in two.
  const formId = createUniqueId();
  const idOf = (index: number, part: string) => `${formId}-${part}-${index}`;
  let formElement!: HTMLFormElement;

  onMount(() => {
    if (!props.autofocus) return;
    if (props.fields.length > 0) focusField(0);
    else formElement.querySelector<HTMLElement>("button[type=submit]")?.focus();
  });

  function focusField(index: number) {
    const control = formElement.querySelector<HTMLElement>(`#${CSS.escape(idOf(index, "field"))}`);
    control?.focus();
  }

  function showProblems(problems: Record<string, string>) {
    setErrors(Object.fromEntries(props.fields.map((f) => [key(f.name), problems[f.name] ?? ""])));
    const first = props.fields.findIndex((f) => problems[f.name]);
    if (first >= 0) focusField(first);
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (sending() || sent()) return;
    const refused = props.refusal?.() ?? null;
    if (refused) {
      setFormError(refused);
      return;
    }
    const { values, problems } = parseFields(props.fields, (field) => raw[key(field.name)] ?? "");
    setFormError("");
    showProblems(problems);
    if (Object.keys(problems).length > 0) return;
    setSending(true);
    props.onDirty?.(false);
    try {
      await props.onSubmit(values);
      setSent(true);
    } catch (error) {
      props.onDirty?.(true);
      if (error instanceof HeroError && Object.keys(error.fields).length > 0) {
        const known = new Set(props.fields.map((f) => f.name));
        const other = Object.keys(error.fields).filter((name) => !known.has(name));
        if (other.length > 0) setFormError(error.message);
        showProblems(error.fields);
      } else {
        setFormError(messageOf(error));
      }
    } finally {
      setSending(false);
    }
  }

  function keyDown(event: KeyboardEvent) {
    if (submitsOnEnter(event)) void submit(event);
  }

  return (
    <form
      class="fields-form"
      data-testid={props.testid}
      onSubmit={submit}
      onKeyDown={keyDown}
      ref={formElement}
      novalidate
    >
      <Show when={props.prompt}>
        <div class="form-prompt">{props.prompt}</div>
      </Show>
      <Show when={props.fields.length === 0}>
        <p class="muted">This flow takes no inputs.</p>
      </Show>
      <For each={props.fields}>
        {(field, index) => (
          <FieldRow
            field={field}
            ids={{
              field: idOf(index(), "field"),
              error: idOf(index(), "error"),
              description: idOf(index(), "description"),
            }}
            value={raw[key(field.name)] ?? ""}
            error={errors[key(field.name)] ?? ""}
            onInput={(value) => {
              setRaw(key(field.name), value);
              props.onDirty?.(true);
              // JSON is checked as it is typed; another field's message, now out of
              // date, goes until the next submit checks it again.
              const parsed = field.field_type === "json" ? parseRaw(field, value) : null;
              setErrors(key(field.name), parsed && "error" in parsed ? parsed.error : "");
            }}
          />
        )}
      </For>
      <div class="form-error" role="alert">
        {formError()}
      </div>
      <div class="form-actions">
        <button
          type="submit"
          class="primary"
          data-testid={props.submitTestid}
          disabled={sending() || sent()}
        >
          {sending() ? "Sending…" : sent() ? "Sent" : props.submitLabel}
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

/** One field: its label, its control, its description and the message under it. */
function FieldRow(props: {
  field: FlowField;
  ids: { field: string; error: string; description: string };
  value: RawValue;
  error: string;
  onInput: (value: RawValue) => void;
}) {
  const field = () => props.field;
  return (
    <div class={`field field-${field().field_type}`}>
      <label for={props.ids.field}>
        {field().name}
        <span class="field-type">{field().field_type}</span>
        <Show when={!field().required}>
          <span class="muted"> (optional)</span>
        </Show>
      </label>
      <FieldInput
        field={field()}
        id={props.ids.field}
        value={props.value}
        invalid={Boolean(props.error)}
        describedBy={
          field().description ? `${props.ids.error} ${props.ids.description}` : props.ids.error
        }
        errorId={props.ids.error}
        onInput={props.onInput}
      />
      <Show when={field().description}>
        <div class="field-description" id={props.ids.description}>
          {field().description}
        </div>
      </Show>
      {/* Read out with the field when the focus lands on it (aria-describedby); an
          alert each would talk over one another, and over typing in a JSON field. */}
      <div class="field-error" id={props.ids.error}>
        {props.error}
      </div>
    </div>
  );
}

/**
 * Enter submits from any single-line control (a select or a checkbox too: browsers differ
 * there); in a textarea it is a new line, so Ctrl/Cmd+Enter submits. On a button, Enter
 * is the button's own.
 */
function submitsOnEnter(event: KeyboardEvent): boolean {
  if (event.key !== "Enter" || event.isComposing) return false;
  const target = event.target as HTMLElement;
  if (target instanceof HTMLButtonElement) return false;
  return event.ctrlKey || event.metaKey || !(target instanceof HTMLTextAreaElement);
}

/**
 * The store key of a field. Field names come from the flow's source: a bare `constructor` or
 * `toString` would meet `Object.prototype`'s members inside the Solid store and never show.
 */
function key(name: string): string {
  return `field:${name}`;
}
