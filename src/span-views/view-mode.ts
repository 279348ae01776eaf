import { createSignal, onMount } from "solid-js";
import { warmUpLayout } from "../graph/layout";

export type ViewMode = "tree" | "graph" | "timeline";

const VIEW_KEY = "hero_logic.view";

/**
 * How a run's spans are drawn: the view the reader chose last (kept across visits), and why
 * the graph gave way to the tree when it could not be laid out.
 */
export function createViewMode() {
  const [mode, setMode] = createSignal<ViewMode>(storedMode());
  // The tree is on view: ready the graph's layout worker, so switching to the graph is quick.
  onMount(() => mode() === "tree" && warmUpLayout());
  const [fallback, setFallback] = createSignal("");
  return {
    mode,
    fallback,
    choose(next: ViewMode) {
      setFallback("");
      setMode(next);
      localStorage.setItem(VIEW_KEY, next);
    },
    /** The graph failed with `message`: show the tree for now, without forgetting the choice. */
    fallBack(message: string) {
      setFallback(message);
      setMode("tree");
    },
  };
}

export type ViewModeState = ReturnType<typeof createViewMode>;

/** The view last chosen (tree, graph or timeline), tree at first. */
function storedMode(): ViewMode {
  const stored = localStorage.getItem(VIEW_KEY);
  return stored === "graph" || stored === "timeline" ? stored : "tree";
}
