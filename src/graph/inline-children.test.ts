import { describe, expect, it } from "vitest";
import { runBuilder } from "../test-support/span-fixtures";
import { inlineChildPlays, withInlineChildren } from "./inline-children";
import { buildSpanGraph } from "./model";

/** A parent run whose subflow span `sub` started play `child`, which started `grandchild`. */
function family() {
  const parent = runBuilder("parent");
  parent.add("root", null, "main");
  parent.add("sub", "root", "invoke:child", { kind: "subflow", child_play_sid: "child" });
  parent.add("after", "root", "report");
  const child = runBuilder("child");
  child.add("c-root", null, "child_main");
  child.add("c-step", "c-root", "work");
  child.add("c-sub", "c-root", "invoke:grandchild", {
    kind: "subflow",
    child_play_sid: "grandchild",
  });
  const grandchild = runBuilder("grandchild");
  grandchild.add("g-root", null, "grandchild_main");
  return { parent: parent.spans, child: child.spans, grandchild: grandchild.spans };
}

describe("child plays drawn inline", () => {
  it("hangs the child's top span under the subflow span that started it", () => {
    const { parent, child } = family();
    const merged = withInlineChildren(parent, new Map([["sub", child]]));
    expect(merged).toHaveLength(parent.length + child.length);
    expect(merged.find((s) => s.sid === "c-root")?.parent_sid).toBe("sub");
    expect(merged.find((s) => s.sid === "c-step")?.parent_sid).toBe("c-root");
    // The stored records are not changed.
    expect(child[0]!.parent_sid).toBeNull();

    const graph = buildSpanGraph(merged, { expanded: new Set(["sub"]), now: 0 });
    const edge = graph.edges.find((e) => e.target === "c-root");
    expect(edge?.source).toBe("sub");
  });

  it("opens grandchildren in any order the lists come in", () => {
    const { parent, child, grandchild } = family();
    const merged = withInlineChildren(
      parent,
      new Map([
        ["c-sub", grandchild],
        ["sub", child],
      ]),
    );
    expect(merged.find((s) => s.sid === "g-root")?.parent_sid).toBe("c-sub");
  });

  it("leaves out children of subflow spans the run does not have", () => {
    const { parent, grandchild } = family();
    expect(withInlineChildren(parent, new Map([["c-sub", grandchild]]))).toHaveLength(
      parent.length,
    );
  });

  it("lists the expanded subflow spans with their child plays", () => {
    const { parent, child } = family();
    const spans = [...parent, ...child];
    expect(inlineChildPlays(spans, (sid) => sid === "sub" || sid === "root")).toEqual(
      new Map([["sub", "child"]]),
    );
    expect(inlineChildPlays(spans, () => true)).toEqual(
      new Map([
        ["sub", "child"],
        ["c-sub", "grandchild"],
      ]),
    );
  });
});
