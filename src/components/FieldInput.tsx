import { For, Match, Switch } from "solid-js";
import type { FlowField } from "../db/records";
import type { RawValue } from "../forms/field-parse";

/** The control for one field type; the element carries `name` = field name. */
export function FieldInput(props: {
  field: FlowField;
  id: string;
  value: RawValue;
  invalid: boolean;
  describedBy: string;
  errorId: string;
  onInput: (value: RawValue) => void;
}) {
  const common = () => ({
    name: props.field.name,
    id: props.id,
    "aria-invalid": props.invalid,
    "aria-describedby": props.describedBy,
    "aria-errormessage": props.invalid ? props.errorId : undefined,
    required: props.field.required && props.field.field_type !== "bool",
  });
  return (
    <Switch>
      <Match when={props.field.field_type === "bool"}>
        <input
          type="checkbox"
          {...common()}
          checked={props.value === true}
          onChange={(e) => props.onInput(e.currentTarget.checked)}
        />
      </Match>
      <Match when={props.field.field_type === "text" || props.field.field_type === "json"}>
        <textarea
          {...common()}
          class={props.field.field_type === "json" ? "mono" : undefined}
          rows={props.field.field_type === "json" ? 5 : 3}
          value={props.value as string}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      </Match>
      <Match when={props.field.field_type === "choice"}>
        <select
          {...common()}
          value={props.value as string}
          onChange={(e) => props.onInput(e.currentTarget.value)}
        >
          <option value="" disabled={props.field.required}>
            {props.field.required ? "Choose…" : "(none)"}
          </option>
          {/* `selected` per option: the select's own value is set before its options exist. */}
          <For each={props.field.options}>
            {(option) => (
              <option value={option} selected={option === props.value}>
                {option}
              </option>
            )}
          </For>
        </select>
      </Match>
      <Match when={props.field.field_type === "int" || props.field.field_type === "float"}>
        {/* Text, not type="number": that control turns "1,5" or "NaN" into "" in silence, so
            the form could neither show what was typed nor say what is wrong with it. */}
        <input
          type="text"
          inputMode={props.field.field_type === "int" ? "numeric" : "decimal"}
          autocomplete="off"
          {...common()}
          value={props.value as string}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      </Match>
      <Match when={true}>
        <input
          type="text"
          {...common()}
          value={props.value as string}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      </Match>
    </Switch>
  );
}
