import { useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { goesOnHere, type Play } from "../db/records";
import { ConfirmDialog } from "./ConfirmDialog";
import { useHeroLogic } from "./engine-context";

/** Cancel, after asking: a cancelled play cannot go on (only a retry runs it again). */
export function CancelPlay(props: { play: Play }) {
  const api = useHeroLogic();
  const [asking, setAsking] = createSignal(false);
  return (
    <Show when={goesOnHere(props.play)}>
      <button type="button" data-testid="cancel-play" onClick={() => setAsking(true)}>
        Cancel
      </button>
      <ConfirmDialog
        open={asking()}
        title="Cancel this play?"
        confirmLabel="Cancel play"
        dismissLabel="Keep it"
        testid="confirm-cancel"
        onConfirm={async () => {
          await api.plays.cancel(props.play.sid);
          setAsking(false);
        }}
        onClose={() => setAsking(false)}
      >
        <p>
          Play <span class="mono">{props.play.sid}</span> stops now
          {props.play.status === "paused" ? " and its pause can no longer be answered" : ""}; its
          unfinished child plays are cancelled too. Finished steps stay recorded, and Retry can run
          it again later.
        </p>
      </ConfirmDialog>
    </Show>
  );
}

/**
 * Delete, after asking. Not while the play runs or is queued; the engine also refuses a child
 * play its parent waits for, and the dialog shows why.
 */
export function DeletePlay(props: { play: Play }) {
  const api = useHeroLogic();
  const navigate = useNavigate();
  const [asking, setAsking] = createSignal(false);
  const deletable = () =>
    Boolean(props.play.imported_at) ||
    (props.play.status !== "running" && props.play.status !== "pending");
  return (
    <Show when={deletable()}>
      <button type="button" data-testid="delete-play" onClick={() => setAsking(true)}>
        Delete
      </button>
      <ConfirmDialog
        open={asking()}
        title="Delete this play?"
        confirmLabel="Delete play"
        dismissLabel="Keep it"
        testid="confirm-delete"
        onConfirm={async () => {
          await api.plays.delete(props.play.sid);
          setAsking(false);
          navigate("/plays");
        }}
        onClose={() => setAsking(false)}
      >
        <p>
          Play <span class="mono">{props.play.sid}</span>, its runs, spans, step results and pause
          answers are removed from this browser. This cannot be undone. Its child plays, if any,
          stay.
        </p>
      </ConfirmDialog>
    </Show>
  );
}
