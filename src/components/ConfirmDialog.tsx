import { createEffect, createSignal, createUniqueId, type JSX } from "solid-js";
import { messageOf } from "../wire/errors";

/**
 * A modal question with a dangerous action: the browser's `<dialog>` (focus stays inside,
 * Escape cancels). Cancel has the focus when it opens, so Enter never confirms by accident.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: JSX.Element;
  confirmLabel: string;
  /** The button that closes without acting (default "Cancel"). */
  dismissLabel?: string;
  testid?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  let dialog!: HTMLDialogElement;
  let cancel!: HTMLButtonElement;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  // A page may hold several (a paused play offers Cancel and Delete): ids of their own.
  const titleId = `confirm-title-${createUniqueId()}`;

  createEffect(() => {
    if (props.open && !dialog.open) {
      setError("");
      dialog.showModal();
      cancel.focus();
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
      class="confirm-dialog"
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
          class="danger"
          data-testid="confirm"
          onClick={confirm}
          disabled={busy()}
        >
          {busy() ? "Working…" : props.confirmLabel}
        </button>
        <button type="button" ref={cancel} onClick={() => dialog.close()} disabled={busy()}>
          {props.dismissLabel ?? "Cancel"}
        </button>
      </div>
    </dialog>
  );
}
