import { type Accessor, createEffect, createMemo, createSignal, on, onCleanup } from "solid-js";

/**
 * The first items of `items`, growing by `perFrame` each animation frame until all show: a
 * list of hundreds is then built in steps and never blocks the page for long.
 */
export function createSlices<T>(items: Accessor<readonly T[]>, perFrame: number): Accessor<T[]> {
  const [shownCount, setShownCount] = createSignal(perFrame);
  let frame = 0;
  createEffect(
    on(
      () => items().length,
      (total) => {
        cancelAnimationFrame(frame);
        const grow = () => {
          setShownCount((n) => Math.min(total, n + perFrame));
          if (shownCount() < total) frame = requestAnimationFrame(grow);
        };
        if (shownCount() < total) frame = requestAnimationFrame(grow);
      },
    ),
  );
  onCleanup(() => cancelAnimationFrame(frame));
  return createMemo(() =>
    shownCount() >= items().length ? (items() as T[]) : items().slice(0, shownCount()),
  );
}
