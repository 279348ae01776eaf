import { createSignal } from "solid-js";
import { type DeletionReport, deletePlays } from "../plays-list/delete-plays";
import { ConfirmDialog } from "./ConfirmDialog";
import { useHeroLogic } from "./engine-context";

/**
 * "Delete chosen (N)" for the plays list, after asking. Refusals (a running play, a child its
 * parent waits for) do not stop the others; `onDone` gets what went and what did not.
 */
export function DeleteChosenPlays(props: {
  chosen: string[];
  onDone: (report: DeletionReport) => void;
}) {
  const api = useHeroLogic();
  const [asking, setAsking] = createSignal(false);
  const count = () => props.chosen.length;
  return (
    <>
      <button
        type="button"
        data-testid="delete-plays"
        disabled={count() === 0}
        onClick={() => setAsking(true)}
      >
        Delete chosen ({count()})
      </button>
      <ConfirmDialog
        open={asking()}
        title={`Delete ${count()} play${count() === 1 ? "" : "s"}?`}
        confirmLabel="Delete"
        dismissLabel="Keep them"
        testid="confirm-delete-plays"
        onConfirm={async () => {
          const report = await deletePlays((sid) => api.plays.delete(sid), props.chosen);
          setAsking(false);
          props.onDone(report);
        }}
        onClose={() => setAsking(false)}
      >
        <p>
          Their runs, spans, step results and pause answers are removed from this browser. This
          cannot be undone. A play that is running or queued, or a child play its parent waits for,
          is not deleted.
        </p>
      </ConfirmDialog>
    </>
  );
}
