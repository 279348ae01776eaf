import { useBeforeLeave } from "@solidjs/router";
import { type Accessor, onCleanup } from "solid-js";

/**
 * Ask before unsaved edits are thrown away: on a link or route change inside the app (a
 * confirmation; `stays(to)` names the moves that keep the editor, such as showing an older
 * version) and on closing or reloading the tab (the browser's own question).
 */
export function guardUnsavedEdits(dirty: Accessor<boolean>, stays: (to: string) => boolean) {
  useBeforeLeave((event) => {
    if (!dirty() || event.defaultPrevented) return;
    if (typeof event.to === "string" && stays(event.to)) return;
    if (!window.confirm("Leave this flow? Your unsaved changes will be lost.")) {
      event.preventDefault();
    }
  });
  const beforeUnload = (event: BeforeUnloadEvent) => {
    if (dirty()) event.preventDefault();
  };
  window.addEventListener("beforeunload", beforeUnload);
  onCleanup(() => window.removeEventListener("beforeunload", beforeUnload));
}
