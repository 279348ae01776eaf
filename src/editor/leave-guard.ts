import { useBeforeLeave } from "@solidjs/router";
import { type Accessor, onCleanup } from "solid-js";

/**
 * Ask before unsaved edits are thrown away: on a link or route change inside the app (a
 * confirmation; `stays(to)` names the moves that keep the editor, such as showing an older
 * version) and on closing or reloading the tab (the browser's own question; the draft kept
 * in localStorage survives that one).
 */
export function guardUnsavedEdits(
  dirty: Accessor<boolean>,
  stays: (to: string) => boolean,
  /** The user chose to leave inside the app, throwing the edits away. */
  onLeave?: () => void,
) {
  useBeforeLeave((event) => {
    if (!dirty() || event.defaultPrevented) return;
    if (typeof event.to === "string" && stays(event.to)) return;
    if (!window.confirm("Leave this flow? Your unsaved changes will be lost.")) {
      event.preventDefault();
    } else onLeave?.();
  });
  const beforeUnload = (event: BeforeUnloadEvent) => {
    if (dirty()) event.preventDefault();
  };
  window.addEventListener("beforeunload", beforeUnload);
  onCleanup(() => window.removeEventListener("beforeunload", beforeUnload));
}
