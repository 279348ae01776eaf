import type { SpanKind, SpanStatus } from "../db/records";

export type GraphNodeKind = "span" | "group" | "more";

/** A count of what hides below a closed node; `hidden` is every span below it. */
export interface Badge {
  kind: "failed" | "paused" | "running" | "hidden";
  count: number;
}

/** One card of the graph, sized before layout. */
export interface GraphNode {
  /** A span's sid; `group:<parent>:<name>:<first seq>` for groups; `more:<parent>` for the rest. */
  id: string;
  kind: GraphNodeKind;
  /** Set on span nodes only: a group stands for many spans. */
  spanSid?: string;
  /** The play a span node's span belongs to (another one for a child play drawn inline). */
  playSid?: string;
  /** The child play a subflow span started. */
  childPlaySid?: string;
  label: string;
  /** A span that starts or waits for a child play: the child's inputs, short (as in the tree). */
  childLabel?: string;
  /**
   * Set when `durationMs` is the child play's own run: the span's own time (starting a child
   * takes a millisecond or two).
   */
  ownMs?: number;
  /** A group's or a "more" node's is the worst of its spans: failed > running > paused > … */
  status: SpanStatus;
  spanKind: SpanKind;
  /** A group is replayed when all its members are. */
  replayed: boolean;
  /** For a replayed span: the run that first produced its value. */
  replayedFromRun?: number | null;
  /** A span's duration (so far, while running); the time a group's members cover. */
  durationMs: number | null;
  /** Shortest and longest member (groups). */
  durationRange?: [number, number];
  /** Members of a group; spans a "more" node stands for. */
  count?: number;
  /** Where the node sits in the run's time, as fractions of the run. */
  timeline?: [number, number];
  /** Something to open or close: children, group members, more siblings. */
  expandable: boolean;
  expanded: boolean;
  /** Open, but left closed because the graph reached its node cap. */
  truncated: boolean;
  badges: Badge[];
  /** Depth in the drawn graph (roots 0). */
  depth: number;
  width: number;
  height: number;
}
