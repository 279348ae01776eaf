import { createEffect, createSignal, createUniqueId, type JSX } from "solid-js";
import { messageOf } from "../wire/errors";

/**
 * A modal question: the browser's `<dialog>` (focus stays inside, Escape cancels). By default
 * its action is a dangerous one: Cancel has the focus when it opens, so Enter never confirms by
 * accident; a question whose action is the expected answer (consent to run) focuses it instead.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: JSX.Element;
  children: JSX.Element;
  confirmLabel: string;
  /** Said on the action while it works (default "Working…"). */
  busyLabel?: string;
  /** The button that closes without acting (default "Cancel"). */
  dismissLabel?: string;
  /** The action is what Enter does, and not styled as dangerous (default: Cancel is). */
  confirmFocused?: boolean;
  testid?: string;
  /** The dialog's own class beside `confirm-dialog`. */
  class?: string;
  confirmTestid?: string;
  dismissTestid?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  let dialog!: HTMLDialogElement;
  let cancel!: HTMLButtonElement;
  let action!: HTMLButtonElement;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  // A page may hold several (a paused play offers Cancel and Delete): ids of their own.
  const titleId = `confirm-title-${createUniqueId()}`;

  createEffect(() => {
    if (props.open && !dialog.open) {
      setError("");
      dialog.showModal();
      (props.confirmFocused ? action : cancel).focus();
    } else if (!props.open && dialog.open) {
      dialog.close();
    }
  });

  async function confirm() {
    setBusy(true);
    setError("");
    try {
      await props.onConfirm();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      class={props.class ? `confirm-dialog ${props.class}` : "confirm-dialog"}
      data-testid={props.testid}
      aria-labelledby={titleId}
      onClose={() => props.onClose()}
      onCancel={(event) => busy() && event.preventDefault()}
    >
      <h2 id={titleId}>{props.title}</h2>
      <div class="confirm-body">{props.children}</div>
      <div class="form-error" role="alert">
        {error()}
      </div>
      <div class="form-actions">
        <button
          type="button"
          ref={action}
          class={props.confirmFocused ? undefined : "danger"}
          data-testid={props.confirmTestid ?? "confirm"}
          onClick={confirm}
          disabled={busy()}
        >
          {busy() ? (props.busyLabel ?? "Working…") : props.confirmLabel}
        </button>
        <button
          type="button"
          ref={cancel}
          data-testid={props.dismissTestid}
          onClick={() => dialog.close()}
          disabled={busy()}
        >
          {props.dismissLabel ?? "Cancel"}
        </button>
      </div>
    </dialog>
  );
}
