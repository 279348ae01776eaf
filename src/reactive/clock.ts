import { type Accessor, createSignal, onCleanup } from "solid-js";

const [now, setNow] = createSignal(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/**
 * The time as a signal ticking every second while some component on screen uses it, so the
 * durations of running spans and plays grow live. Call inside a component.
 */
export function useNow(): Accessor<number> {
  users += 1;
  if (users === 1) {
    setNow(Date.now());
    timer = setInterval(() => setNow(Date.now()), 1000);
  }
  onCleanup(() => {
    users -= 1;
    if (users === 0) clearInterval(timer);
  });
  // Never older than the moment of reading: a span that just started shows 0, not less.
  return () => Math.max(now(), Date.now());
}
