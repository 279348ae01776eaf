/** Pan and zoom of the graph: screen = graph × k + (x, y). */
export interface Viewport {
  x: number;
  y: number;
  k: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const ZOOM_LIMITS = { min: 0.03, max: 2 } as const;
const MARGIN = 16;

const clampZoom = (k: number) => Math.min(ZOOM_LIMITS.max, Math.max(ZOOM_LIMITS.min, k));

/** Zoom by `factor` keeping the graph point under the screen point (sx, sy) in place. */
export function zoomAt(view: Viewport, factor: number, sx: number, sy: number): Viewport {
  const k = clampZoom(view.k * factor);
  const gx = (sx - view.x) / view.k;
  const gy = (sy - view.y) / view.k;
  return { k, x: sx - gx * k, y: sy - gy * k };
}

/** The whole graph in view, never enlarged (however small that makes it): centred, from the top. */
function wholeView(graph: { width: number; height: number }, screen: Rect): Viewport {
  const k = clampZoom(
    Math.min(
      1,
      (screen.width - 2 * MARGIN) / Math.max(graph.width, 1),
      (screen.height - 2 * MARGIN) / Math.max(graph.height, 1),
    ),
  );
  return { k, x: (screen.width - graph.width * k) / 2, y: MARGIN };
}

/**
 * Smallest zoom Fit and the opening use: below it a card's 12 px name shrinks under 10 px and
 * cannot be read. The wheel still zooms out further.
 */
export const READABLE_ZOOM = 0.8;

/** Whether the whole graph shows at a readable size on `screen`. */
export function fitsReadably(graph: { width: number; height: number }, screen: Rect): boolean {
  return wholeView(graph, screen).k >= READABLE_ZOOM;
}

/**
 * Fit (and how a graph opens): the whole graph when it shows at a readable size, else that
 * size from the top, centred on `top` (the root card), for the reader to pan to the rest.
 */
export function fitView(
  graph: { width: number; height: number },
  screen: Rect,
  top?: Rect,
): Viewport {
  const whole = wholeView(graph, screen);
  if (whole.k >= READABLE_ZOOM) return whole;
  const k = READABLE_ZOOM;
  const centre = top ? top.x + top.width / 2 : graph.width / 2;
  return { k, x: screen.width / 2 - centre * k, y: MARGIN };
}

/**
 * The screen height a graph needs when it is fitted to `width` (at most that zoom, never
 * under the readable one): a small graph gets a small box instead of a tall empty one.
 */
export function fittedHeight(graph: { width: number; height: number }, width: number): number {
  const k = Math.max(READABLE_ZOOM, Math.min(1, (width - 2 * MARGIN) / Math.max(graph.width, 1)));
  return Math.ceil(graph.height * k + 2 * MARGIN);
}

/** Pan so that a card moved by a new layout (`before` → `after`) stays where it was on screen. */
export function keepInPlace(view: Viewport, before: Rect, after: Rect): Viewport {
  return {
    k: view.k,
    x: view.x + (before.x - after.x) * view.k,
    y: view.y + (before.y - after.y) * view.k,
  };
}

/** Whether a graph rectangle shows whole on screen. */
export function inView(view: Viewport, rect: Rect, screen: Rect): boolean {
  const left = rect.x * view.k + view.x;
  const top = rect.y * view.k + view.y;
  return (
    left >= 0 &&
    top >= 0 &&
    left + rect.width * view.k <= screen.width &&
    top + rect.height * view.k <= screen.height
  );
}

/**
 * Pan the least that shows a graph rectangle: along each axis where it is out of sight, to the
 * middle of the screen; an axis where it shows stays as it is (the cards around it stay put).
 */
export function bringIntoView(view: Viewport, rect: Rect, screen: Rect): Viewport {
  const centred = centreOn(view, rect, screen);
  const left = rect.x * view.k + view.x;
  const top = rect.y * view.k + view.y;
  const acrossOut = left < 0 || left + rect.width * view.k > screen.width;
  const downOut = top < 0 || top + rect.height * view.k > screen.height;
  return { k: view.k, x: acrossOut ? centred.x : view.x, y: downOut ? centred.y : view.y };
}

/** Pan so a graph rectangle sits in the middle of the screen. */
export function centreOn(view: Viewport, rect: Rect, screen: Rect): Viewport {
  return {
    k: view.k,
    x: screen.width / 2 - (rect.x + rect.width / 2) * view.k,
    y: screen.height / 2 - (rect.y + rect.height / 2) * view.k,
  };
}

export interface PanZoomTarget {
  view: () => Viewport;
  setView: (view: Viewport) => void;
  /** Told when a drag starts and ends (for the cursor). */
  onPanning?: (panning: boolean) => void;
}

/**
 * Pan by dragging anywhere in `el` (buttons excepted), zoom with the wheel around the pointer.
 * The pointer is captured only once a drag has begun, so a plain click still reaches the card
 * under it; `wasDragged` tells a click that ends a drag, which should do nothing.
 */
export function attachPanZoom(
  el: HTMLElement,
  target: PanZoomTarget,
): { wasDragged: () => boolean } {
  let drag: { id: number; sx: number; sy: number; from: Viewport } | null = null;
  let dragged = false;
  const end = () => {
    if (drag) target.onPanning?.(false);
    drag = null;
    // The click that ends a drag comes right after this; later ones are clicks again.
    setTimeout(() => {
      dragged = false;
    });
  };
  el.addEventListener("pointerdown", (e) => {
    if (e.button !== 0 || (e.target as Element).closest("button")) return;
    drag = { id: e.pointerId, sx: e.clientX, sy: e.clientY, from: target.view() };
    dragged = false;
  });
  el.addEventListener("pointermove", (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    const dx = e.clientX - drag.sx;
    const dy = e.clientY - drag.sy;
    if (!dragged && Math.hypot(dx, dy) < 4) return;
    if (!dragged) {
      el.setPointerCapture(drag.id);
      target.onPanning?.(true);
    }
    dragged = true;
    target.setView({ ...drag.from, x: drag.from.x + dx, y: drag.from.y + dy });
  });
  el.addEventListener("pointerup", end);
  el.addEventListener("pointercancel", end);
  el.addEventListener(
    "wheel",
    (e) => {
      e.preventDefault();
      const box = el.getBoundingClientRect();
      const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
      target.setView(zoomAt(target.view(), factor, e.clientX - box.left, e.clientY - box.top));
    },
    { passive: false },
  );
  return { wasDragged: () => dragged };
}
