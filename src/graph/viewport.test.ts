import { describe, expect, it } from "vitest";
import { fitView, openingView, READABLE_ZOOM } from "./viewport";

const screen = { x: 0, y: 0, width: 1000, height: 600 };

describe("how the graph opens", () => {
  it("shows a graph that fits at a readable size whole, as Fit does", () => {
    const graph = { width: 1300, height: 500 };
    expect(openingView(graph, { x: 700, y: 16, width: 200, height: 48 }, screen)).toEqual(
      fitView(graph, screen),
    );
  });

  it("opens a very wide graph readable, from the top, centred on its root card", () => {
    const graph = { width: 8000, height: 400 };
    const root = { x: 3900, y: 16, width: 200, height: 48 };
    const view = openingView(graph, root, screen);
    expect(view.k).toBe(READABLE_ZOOM);
    // The root card's centre sits in the middle of the screen.
    expect((root.x + root.width / 2) * view.k + view.x).toBeCloseTo(screen.width / 2);
    expect(fitView(graph, screen).k).toBeLessThan(READABLE_ZOOM);
  });
});
