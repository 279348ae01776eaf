import type { PlayStatus, SpanKind, SpanStatus } from "../db/records";
import "./status-badge.css";

const ICONS: Record<PlayStatus | SpanStatus, string> = {
  ok: "✓",
  completed: "✓",
  failed: "✕",
  paused: "‖",
  waiting: "⧗",
  running: "◌",
  pending: "…",
  cancelled: "⊘",
};

/** Kind by a small glyph, the same in the tree, the graph and the detail. */
export const KIND_GLYPH: Record<SpanKind, string> = {
  flow_root: "◆",
  step: "▪",
  rpc: "⇄",
  subflow: "↳",
  other: "·",
};

/** Status by icon and colour, never colour alone. */
export function StatusIcon(props: { status: PlayStatus | SpanStatus }) {
  return (
    <span class={`status-icon s-${props.status}`} title={props.status} aria-hidden="true">
      {ICONS[props.status]}
    </span>
  );
}

export function StatusBadge(props: {
  status: PlayStatus;
  testid?: string;
  /** What the play waits for, read on from its status (" · queued: starting Python"). */
  note?: string | null;
}) {
  return (
    <span class={`badge s-${props.status}`}>
      <StatusIcon status={props.status} />
      <span data-testid={props.testid}>{props.status}</span>
      {props.note ? " " : null}
      {props.note ? (
        <span class="badge-note" data-testid="play-waiting-for">
          {props.note}
        </span>
      ) : null}
    </span>
  );
}

/** "↻ replayed", naming on hover the run that first produced the value. */
export function ReplayedMark(props: { fromRun: number | null | undefined }) {
  return (
    <span
      class="replayed-mark"
      title={
        props.fromRun
          ? `value from run ${props.fromRun}`
          : props.fromRun === 0
            ? "value from the play this one was forked from"
            : "value from the step cache"
      }
    >
      ↻ replayed
    </span>
  );
}
