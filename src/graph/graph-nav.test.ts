import { describe, expect, it } from "vitest";
import { createGraphNav } from "./graph-nav";

// root → a (→ a1, a2), b
const ids = ["root", "a", "a1", "a2", "b"];
const edges = [
  { id: "1", source: "root", target: "a" },
  { id: "2", source: "a", target: "a1" },
  { id: "3", source: "a", target: "a2" },
  { id: "4", source: "root", target: "b" },
];

describe("arrow keys between graph cards", () => {
  const move = createGraphNav(ids, edges);

  it("goes down to the first child and up to the parent", () => {
    expect(move("root", "ArrowDown")).toBe("a");
    expect(move("a", "ArrowDown")).toBe("a1");
    expect(move("a2", "ArrowUp")).toBe("a");
    expect(move("root", "ArrowUp")).toBe("root");
    expect(move("b", "ArrowDown")).toBe("b");
  });

  it("moves along siblings and stops at the ends", () => {
    expect(move("a", "ArrowRight")).toBe("b");
    expect(move("b", "ArrowRight")).toBe("b");
    expect(move("a2", "ArrowLeft")).toBe("a1");
    expect(move("a1", "ArrowLeft")).toBe("a1");
  });

  it("starts at the first card and jumps to either end", () => {
    expect(move(null, "ArrowDown")).toBe("root");
    expect(move("gone", "ArrowRight")).toBe("root");
    expect(move("a1", "End")).toBe("b");
    expect(move("b", "Home")).toBe("root");
  });
});
