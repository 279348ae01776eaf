import type { Play } from "../../db/records";
import { absoluteTime, duration, relativeTime } from "../../format/format";
import { useNow } from "../../reactive/clock";

/** When the play was created, how long it took (growing while it runs), how many runs it had. */
export function PlayFacts(props: { play: Play }) {
  const now = useNow();
  return (
    <dl class="facts inline">
      <dt>created</dt>
      <dd title={absoluteTime(props.play.created_at)}>{relativeTime(props.play.created_at)}</dd>
      <dt>duration</dt>
      <dd>
        {duration(
          props.play.started_at,
          props.play.status === "running" ? now() : props.play.ended_at,
        )}
      </dd>
      <dt>runs</dt>
      <dd>{props.play.run_count}</dd>
    </dl>
  );
}
