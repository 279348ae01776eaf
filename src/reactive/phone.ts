import { type Accessor, createEffect, on } from "solid-js";

/** Below this width the layout stacks (styles.css: the rail a top bar, the detail panel under the view). */
export const PHONE_QUERY = "(max-width: 767px)";

/**
 * On a phone the span detail sits under the tree or graph, out of sight: bring it into view
 * each time another span is chosen, so a tap on a row shows what it chose. Wider screens show
 * it beside the view and never scroll.
 */
export function revealOnPhone(el: HTMLElement, key: Accessor<string>): void {
  createEffect(
    on(key, () => {
      if (!window.matchMedia(PHONE_QUERY).matches) return;
      requestAnimationFrame(() => el.scrollIntoView({ block: "start", behavior: "smooth" }));
    }),
  );
}
