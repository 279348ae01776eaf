import { createSignal, onCleanup } from "solid-js";
import type { PositionedNode } from "./elk-graph";
import {
  attachPanZoom,
  bringIntoView,
  fitsReadably,
  fittedHeight,
  fitView,
  inView,
  keepInPlace,
  type Rect,
  type Viewport,
  zoomAt,
} from "./viewport";

/** The graph's screen is never lower than this, in CSS pixels (a one-card graph included). */
const MIN_SCREEN_HEIGHT = 180;

/** What the camera reads of the laid-out graph. */
export interface CameraSubject {
  nodes: readonly PositionedNode[];
  width: number;
  height: number;
}

/**
 * Where the graph's screen looks (pan and zoom) and how tall the screen is. Until the reader
 * pans, zooms or moves to a card, the view follows the graph and the screen (a panel closed, a
 * turn); after that only the reader moves it, until the next Fit.
 */
export function createGraphCamera(subject: () => CameraSubject) {
  const [view, setView] = createSignal<Viewport>({ x: 0, y: 0, k: 1 });
  const [panning, setPanning] = createSignal(false);
  let panZoom: { wasDragged: () => boolean } | undefined;
  // The screen's size, kept by a ResizeObserver: reading clientWidth would force a layout of
  // every card on the page at the worst moment (right after they were added).
  const [size, setSize] = createSignal({ width: 0, height: 0 });
  // The screen's height follows the graph (see `screenHeight`): views are made for the height
  // it is about to take, not the one it had before the graph changed.
  const screenRect = () => ({ x: 0, y: 0, width: size().width, height: screenHeight() });
  // Before the screen has a size (not yet in the page) a view waits for the first measurement.
  let pendingView: ((screen: Rect) => Viewport) | null = null;
  const showView = (make: (screen: Rect) => Viewport) => {
    pendingView = size().width === 0 ? make : null;
    if (!pendingView) setView(make(screenRect()));
  };
  let readerMoved = false;
  const moveView = (next: (view: Viewport) => Viewport) => {
    readerMoved = true;
    setView(next);
  };
  const fitToScreen = () => {
    readerMoved = false;
    showView((screen) => fitView(subject(), screen, subject().nodes[0]));
  };
  const fitsReadable = () => fitsReadably(subject(), screenRect());
  // A card the reader opened or closed, and where it was on screen: the next layout keeps it there.
  let anchor: { id: string; rect: Rect } | null = null;
  function keepAnchorInView() {
    const held = anchor;
    anchor = null;
    const node = held && subject().nodes.find((n) => n.id === held.id);
    if (!held || !node) return;
    const placed = keepInPlace(view(), held.rect, node);
    // The reader's card now sets the view: a refit (the screen growing with the graph) would
    // move it out of sight again.
    moveView(() => bringIntoView(placed, node, screenRect()));
  }
  /**
   * The screen's height: at most most of the window, and no taller than the graph needs when
   * fitted to its width (a small graph gets a small box, not a tall empty one).
   */
  function screenHeight(): number {
    const most = Math.max(MIN_SCREEN_HEIGHT, window.innerHeight * 0.7 - 40);
    if (subject().nodes.length === 0 || size().width === 0) return most;
    const needed = fittedHeight(subject(), size().width);
    return Math.round(Math.max(MIN_SCREEN_HEIGHT, Math.min(most, needed)));
  }
  /**
   * The screen changed size (a panel closed, the window turned): refit a view the reader left
   * alone while the whole graph shows readably, else keep the middle across where it was.
   */
  function onResize(before: { width: number; height: number }) {
    if (subject().nodes.length === 0 || before.width === 0) return;
    if (!readerMoved && fitsReadable()) return fitToScreen();
    // Across, the middle stays in the middle; down, the top stays (a taller box adds below).
    const { width } = size();
    setView((v) => ({ ...v, x: v.x + (width - before.width) / 2 }));
  }

  /** Pan and zoom by pointer and wheel on `screen`, and follow its size. */
  function attach(screen: HTMLElement) {
    panZoom = attachPanZoom(screen, {
      view,
      setView: (next) => moveView(() => next),
      onPanning: setPanning,
    });
    const observer = new ResizeObserver(([entry]) => {
      const before = size();
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
      if (pendingView) showView(pendingView);
      else onResize(before);
    });
    observer.observe(screen);
    onCleanup(() => observer.disconnect());
  }

  return {
    view,
    panning,
    screenHeight,
    attach,
    fitToScreen,
    /** Whether the click now arriving ends a drag (and should do nothing). */
    wasDragged: () => panZoom?.wasDragged() ?? false,
    /** The reader opens or closes `node`: the next layout keeps it where it is on screen. */
    holdInPlace(node: PositionedNode) {
      anchor = {
        id: node.id,
        rect: { x: node.x, y: node.y, width: node.width, height: node.height },
      };
    },
    /**
     * A new layout. Later layouts (a running play growing, a node opened) keep the view where
     * it is, so the cards on screen stay put, unless the reader has not moved yet and all of
     * the graph still fits at a readable size.
     */
    laidOut(first: boolean) {
      if (first || (!readerMoved && fitsReadable())) fitToScreen();
      else keepAnchorInView();
    },
    /** Pan to `node` when it is out of sight. */
    bringIntoView(node: PositionedNode) {
      if (inView(view(), node, screenRect())) return;
      moveView((v) => bringIntoView(v, node, screenRect()));
    },
    zoomToActualSize() {
      moveView((v) => zoomAt(v, 1 / v.k, size().width / 2, size().height / 2));
    },
  };
}

export type GraphCamera = ReturnType<typeof createGraphCamera>;
