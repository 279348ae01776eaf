import { createEffect, createSignal, For, onCleanup, Show } from "solid-js";
import { place, type TimeWindow } from "../span-views/timeline-model";

/** Narrower than this, a drag across the ruler is a click, not a stretch of time. */
const MIN_DRAG_PX = 6;

/**
 * The ticks above the bars; a drag across it zooms to the stretch of time dragged over. Tells
 * the timeline how wide its track is, for the ticks' spacing.
 */
export function TimelineRuler(props: {
  ticks: { at: number; label: string }[];
  window: TimeWindow;
  onWidth: (px: number) => void;
  onZoom: (window: TimeWindow) => void;
}) {
  let track: HTMLDivElement | undefined;
  const [band, setBand] = createSignal<{ from: number; to: number } | null>(null);
  const xOf = (event: PointerEvent) => {
    const box = track?.getBoundingClientRect();
    return box ? Math.max(0, Math.min(box.width, event.clientX - box.left)) : 0;
  };
  const timeAt = (x: number) => {
    const width = track?.getBoundingClientRect().width || 1;
    return props.window.start + (x / width) * (props.window.end - props.window.start);
  };
  const endDrag = () => {
    const dragged = band();
    setBand(null);
    if (!dragged || Math.abs(dragged.to - dragged.from) < MIN_DRAG_PX) return;
    const [from, to] = [dragged.from, dragged.to].sort((a, b) => a - b) as [number, number];
    props.onZoom({ start: timeAt(from), end: timeAt(to) });
  };
  const observer = new ResizeObserver(([entry]) => {
    if (entry) props.onWidth(entry.contentRect.width);
  });
  createEffect(() => track && observer.observe(track));
  onCleanup(() => observer.disconnect());
  return (
    <div
      class="tl-axis"
      ref={track}
      data-testid="timeline-ruler"
      title="Drag across the ruler to zoom to that stretch of time"
      onPointerDown={(event) => {
        track?.setPointerCapture(event.pointerId);
        setBand({ from: xOf(event), to: xOf(event) });
      }}
      onPointerMove={(event) => {
        const dragged = band();
        if (dragged) setBand({ ...dragged, to: xOf(event) });
      }}
      onPointerUp={endDrag}
      onPointerCancel={() => setBand(null)}
    >
      <Show when={band()}>
        {(dragged) => (
          <span
            class="tl-band"
            style={{
              left: `${Math.min(dragged().from, dragged().to)}px`,
              width: `${Math.abs(dragged().to - dragged().from)}px`,
            }}
          />
        )}
      </Show>
      <For each={props.ticks}>
        {(tick) => (
          <span
            class="tl-tick"
            style={{ left: `${place(tick.at, tick.at, props.window)?.left ?? 0}%` }}
          >
            {tick.label}
          </span>
        )}
      </For>
    </div>
  );
}
