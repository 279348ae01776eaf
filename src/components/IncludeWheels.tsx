import { Show } from "solid-js";
import { type WheelChoice, wheelsLabel } from "../sharing/wheel-choice";

/**
 * "Include the wheels it needs (N files, X MB)": shown only when the export needs added wheels.
 * Sits beside the one export it applies to (`testid`: its checkbox, "export-wheels" unless told).
 */
export function IncludeWheels(props: { choice: WheelChoice; testid?: string }) {
  return (
    <Show when={(props.choice.needed()?.count ?? 0) > 0 ? props.choice.needed() : null}>
      {(needed) => (
        <label class="include-wheels">
          <input
            type="checkbox"
            data-testid={props.testid ?? "export-wheels"}
            checked={props.choice.include()}
            onChange={(e) => props.choice.setInclude(e.currentTarget.checked)}
          />{" "}
          {wheelsLabel(needed())}
          <span class="hint">
            {" "}
            — so a browser without them can run it; without them, it is told what to add.
          </span>
        </label>
      )}
    </Show>
  );
}
