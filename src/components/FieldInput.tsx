import { For, Match, Switch } from "solid-js";
import type { FlowField } from "../db/records";

/** Raw form state of one field: text for text-like controls, a boolean for checkboxes. */
export type RawValue = string | boolean;

export function initialRaw(field: FlowField): RawValue {
  const value = field.default;
  if (field.field_type === "bool") return value === true;
  if (value === null || value === undefined) return "";
  if (field.field_type === "json") return JSON.stringify(value, null, 2);
  return String(value);
}

/** Turn a raw control value into the typed value, or a message for the field. */
export function parseRaw(
  field: FlowField,
  raw: RawValue,
): { value: unknown } | { error: string } | null {
  if (typeof raw === "boolean") return { value: raw };
  if (raw.trim() === "") return null;
  switch (field.field_type) {
    case "int": {
      if (!/^[-+]?\d+$/.test(raw.trim())) return { error: "expected a whole number" };
      const value = Number.parseInt(raw, 10);
      // Past this a number has lost digits: the flow would get another number than typed.
      return Number.isSafeInteger(value)
        ? { value }
        : { error: `too large to keep exactly (at most ±${Number.MAX_SAFE_INTEGER})` };
    }
    case "float": {
      const number = Number(raw);
      return Number.isFinite(number) ? { value: number } : { error: "expected a number" };
    }
    case "json":
      try {
        return { value: JSON.parse(raw) };
      } catch (error) {
        return { error: `invalid JSON: ${(error as Error).message}` };
      }
    default:
      return { value: raw };
  }
}

/** The control for one field type; the element carries `name` = field name. */
export function FieldInput(props: {
  field: FlowField;
  value: RawValue;
  invalid: boolean;
  describedBy: string;
  onInput: (value: RawValue) => void;
}) {
  const common = () => ({
    name: props.field.name,
    id: `field-${props.field.name}`,
    "aria-invalid": props.invalid,
    "aria-describedby": props.describedBy,
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
        <input
          type="number"
          step={props.field.field_type === "int" ? "1" : "any"}
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
