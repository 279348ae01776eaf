import { For, Show } from "solid-js";
import type { Span } from "../db/records";
import { formatMs } from "../format/format";
import type { TreeRow } from "../span-views/span-tree-model";
import { place, type TimeWindow, type WaitSegment } from "../span-views/timeline-model";
import { SpanRowFrame, SpanRowLabel } from "./SpanRowLabel";

/** One row of the timeline: the tree's label, and on its track the span's bar, its duration and the waits of a play's top span. */
export function TimelineRow(props: {
  row: TreeRow;
  top: number;
  window: TimeWindow;
  /** The track's width in pixels: a wait's words show only where they fit. */
  trackPx: number;
  now: number;
  waits: WaitSegment[];
  inlineChild: boolean;
  selected: boolean;
  tabbable: boolean;
  onSelect: () => void;
  onToggle: () => void;
}) {
  const span = () => props.row.span;
  const end = () => spanEnd(span(), props.now);
  const bar = () => place(span().started_at, end(), props.window);
  return (
    <SpanRowFrame
      class="tl-row"
      row={props.row}
      inlineChild={props.inlineChild}
      selected={props.selected}
      tabbable={props.tabbable}
      style={{ transform: `translateY(${props.top}px)` }}
      onSelect={props.onSelect}
    >
      <div class="tl-label" style={{ "padding-left": `${0.3 + props.row.depth * 0.9}rem` }}>
        <SpanRowLabel row={props.row} onToggle={props.onToggle} />
      </div>
      <div class="tl-track">
        <For each={props.waits}>
          {(wait) => <WaitBar wait={wait} window={props.window} trackPx={props.trackPx} />}
        </For>
        <Show when={bar()}>
          {(at) => (
            <span
              class={`tl-bar s-${span().status}`}
              data-testid="timeline-bar"
              style={{ left: `${at().left}%`, width: `${at().width}%` }}
              title={`${span().name}: ${formatMs(end() - span().started_at)}`}
            />
          )}
        </Show>
        <span
          class="tl-duration"
          classList={{ inside: barLabelInside(bar()) }}
          style={barLabelPlace(bar())}
        >
          {formatMs(end() - span().started_at)}
        </span>
      </div>
    </SpanRowFrame>
  );
}

/** Narrower than this, a wait shows no words (its title still names it). */
const WAIT_LABEL_MIN_PX = 90;

function WaitBar(props: { wait: WaitSegment; window: TimeWindow; trackPx: number }) {
  const at = () => place(props.wait.start, props.wait.end, props.window);
  const text = () => `${props.wait.label} ${formatMs(props.wait.end - props.wait.start)}`;
  return (
    <Show when={at()}>
      {(where) => (
        <span
          class={`tl-wait tl-wait-${props.wait.kind}`}
          data-testid="timeline-wait"
          data-wait={props.wait.kind}
          style={{ left: `${where().left}%`, width: `${where().width}%` }}
          title={text()}
        >
          <Show when={(where().width * props.trackPx) / 100 >= WAIT_LABEL_MIN_PX}>
            <span class="tl-wait-label">{text()}</span>
          </Show>
        </span>
      )}
    </Show>
  );
}

/** A span still running ends now; a span never ended (cut off) is a point. */
function spanEnd(span: Span, now: number): number {
  return span.ended_at ?? (span.status === "running" ? now : span.started_at);
}

type Placed = { left: number; width: number } | null;

/** The duration sits after its bar; near the right edge before it; on a bar as wide as the track, inside it. */
function barLabelPlace(bar: Placed): Record<string, string> {
  if (!bar) return { display: "none" };
  const right = bar.left + bar.width;
  if (right <= 82) return { left: `${right}%` };
  if (bar.left >= 18) return { right: `${100 - bar.left}%`, "padding-right": "4px" };
  return { right: `${100 - right}%`, "padding-right": "4px" };
}

const barLabelInside = (bar: Placed): boolean =>
  !!bar && bar.left + bar.width > 82 && bar.left < 18;
