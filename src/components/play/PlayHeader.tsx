import { A } from "@solidjs/router";
import { Show } from "solid-js";
import type { Play, Workflow } from "../../db/records";
import { StatusBadge } from "../Status";

/** The play's flow (a link to it), its sid and its status with what it waits for. */
export function PlayHeader(props: {
  play: Play;
  workflow: Workflow | undefined;
  waitNote: string | null;
}) {
  return (
    <header class="page-header">
      <h1>
        <Show when={props.workflow} fallback={<span>(deleted flow)</span>}>
          {(wf) => (
            <A href={`/flows/${wf().name}`} class="mono">
              {wf().name}
            </A>
          )}
        </Show>{" "}
        <span class="muted mono">· play {props.play.sid}</span>
      </h1>
      <div class="actions">
        <StatusBadge
          status={props.play.status}
          testid="play-status"
          note={badgeNote(props.play.status, props.waitNote)}
        />
      </div>
    </header>
  );
}

/** The wait on the badge, read on from the status: "waiting" "for 3 child plays", "pending" "· queued: …". */
function badgeNote(status: string, note: string | null): string | null {
  if (!note) return null;
  return note.startsWith(`${status} `) ? note.slice(status.length + 1) : `· ${note}`;
}
