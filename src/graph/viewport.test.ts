import { describe, expect, it } from "vitest";
import {
  bringIntoView,
  fitsReadably,
  fittedHeight,
  fitView,
  keepInPlace,
  READABLE_ZOOM,
} from "./viewport";

const screen = { x: 0, y: 0, width: 1000, height: 600 };

describe("Fit, and how the graph opens", () => {
  it("shows a graph that fits at a readable size whole, centred", () => {
    const graph = { width: 1100, height: 500 };
    const view = fitView(graph, screen, { x: 450, y: 16, width: 200, height: 48 });
    expect(view.k).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(view.k).toBeLessThanOrEqual(1);
    expect(graph.width * view.k + 2 * view.x).toBeCloseTo(screen.width);
  });

  it("never shrinks a graph below a readable size: a 7-card row stays readable and pans", () => {
    // Seven cards side by side (212 px each and the gaps) on a 900 px screen needed 59 %.
    const graph = { width: 1650, height: 170 };
    const narrow = { ...screen, width: 900 };
    expect(fitsReadably(graph, narrow)).toBe(false);
    const root = { x: 725, y: 16, width: 212, height: 48 };
    const view = fitView(graph, narrow, root);
    expect(view.k).toBe(READABLE_ZOOM);
    // The root card's centre sits in the middle of the screen.
    expect((root.x + root.width / 2) * view.k + view.x).toBeCloseTo(narrow.width / 2);
  });

  it("opens a very wide graph readable, from the top, centred on its root card", () => {
    const graph = { width: 8000, height: 400 };
    const root = { x: 3900, y: 16, width: 200, height: 48 };
    const view = fitView(graph, screen, root);
    expect(view.k).toBe(READABLE_ZOOM);
    expect((root.x + root.width / 2) * view.k + view.x).toBeCloseTo(screen.width / 2);
  });

  it("gives a small graph a box its height, not an empty screen", () => {
    expect(fittedHeight({ width: 400, height: 200 }, 1000)).toBe(232);
    // Too wide to fit at the readable size: the height at that size.
    expect(fittedHeight({ width: 4000, height: 200 }, 1000)).toBe(
      Math.ceil(200 * READABLE_ZOOM + 32),
    );
  });
});

describe("a card opened by the reader", () => {
  it("stays where it was on screen when the new layout moves it", () => {
    const view = { x: -100, y: 20, k: 0.8 };
    const before = { x: 900, y: 100, width: 212, height: 48 };
    const after = { x: 1400, y: 100, width: 212, height: 48 };
    const next = keepInPlace(view, before, after);
    expect(after.x * next.k + next.x).toBeCloseTo(before.x * view.k + view.x);
    expect(after.y * next.k + next.y).toBeCloseTo(before.y * view.k + view.y);
  });
});

describe("a card brought into view", () => {
  it("moves only along the axis where the card is out of sight", () => {
    const view = { x: 0, y: 0, k: 1 };
    // Below the screen, but across it shows: only the vertical changes.
    const below = bringIntoView(view, { x: 100, y: 900, width: 200, height: 50 }, screen);
    expect(below.x).toBe(0);
    expect(900 + 25 + below.y).toBeCloseTo(screen.height / 2);
    // Already in view: nothing moves.
    expect(bringIntoView(view, { x: 100, y: 100, width: 200, height: 50 }, screen)).toEqual(view);
  });
});
