import { Show } from "solid-js";
import { ConfirmDialog } from "../ConfirmDialog";

/** Asks before a flow leaves the library, saying what happens to its versions and plays. */
export function DeleteFlowDialog(props: {
  open: boolean;
  name: string;
  versions: number;
  plays: number;
  /** Its plays that have not finished: deleting the flow cancels them. */
  unfinished: number;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const keptPlays = (n: number) =>
    `Its ${n} play${n === 1 ? " stays" : "s stay"} readable, with the versions they ran.`;
  return (
    <ConfirmDialog
      open={props.open}
      title={`Delete ${props.name}?`}
      confirmLabel="Delete flow"
      testid="delete-dialog"
      onConfirm={props.onConfirm}
      onClose={props.onClose}
    >
      <p>
        The flow and its {props.versions} version
        {props.versions === 1 ? "" : "s"} leave the library.
        <Show when={props.plays > 0}> {keptPlays(props.plays)}</Show>
        <Show when={props.unfinished > 0}>
          {" "}
          <strong data-testid="delete-cancels">
            {props.unfinished} unfinished play{props.unfinished === 1 ? " is" : "s are"} cancelled.
          </strong>
        </Show>
      </p>
    </ConfirmDialog>
  );
}
