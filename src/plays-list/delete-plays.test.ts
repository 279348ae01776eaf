import { describe, expect, it } from "vitest";
import { HeroError } from "../engine/errors";
import { deletePlays, describeDeletion } from "./delete-plays";

/** A store of plays where a child cannot go while its parent (also stored) waits for it. */
function store(plays: Record<string, { running?: boolean; waitedForBy?: string }>) {
  const left = new Set(Object.keys(plays));
  const calls: string[] = [];
  async function remove(sid: string) {
    calls.push(sid);
    if (!left.has(sid)) throw new HeroError("not_found", `no play '${sid}'`);
    const play = plays[sid]!;
    if (play.running) throw new HeroError("invalid_input", `play ${sid} is running`);
    if (play.waitedForBy && left.has(play.waitedForBy)) {
      throw new HeroError("invalid_input", `play ${play.waitedForBy} waits for ${sid}`);
    }
    left.delete(sid);
  }
  return { remove, left, calls };
}

describe("deletePlays", () => {
  it("deletes every chosen play and goes on past a refusal", async () => {
    const { remove, left } = store({ a: {}, b: { running: true }, c: {} });
    const report = await deletePlays(remove, ["a", "b", "c"]);
    expect(report).toEqual({
      deleted: ["a", "c"],
      refused: [{ sid: "b", message: "play b is running" }],
    });
    expect([...left]).toEqual(["b"]);
    expect(describeDeletion(report)).toBe(
      "Deleted 2 plays. Not deleted: 1 play (play b is running).",
    );
  });

  it("deletes a waited-for child chosen before its parent, once the parent is gone", async () => {
    const { remove, left, calls } = store({ child: { waitedForBy: "parent" }, parent: {} });
    const report = await deletePlays(remove, ["child", "parent"]);
    expect(report).toEqual({ deleted: ["parent", "child"], refused: [] });
    expect(left.size).toBe(0);
    expect(calls).toEqual(["child", "parent", "child"]);
    expect(describeDeletion(report)).toBe("Deleted 2 plays.");
  });

  it("still refuses a waited-for child whose parent was not chosen, trying it once", async () => {
    const { remove, calls } = store({ child: { waitedForBy: "parent" }, parent: {} });
    const report = await deletePlays(remove, ["child"]);
    expect(report.refused).toEqual([{ sid: "child", message: "play parent waits for child" }]);
    expect(calls).toEqual(["child"]);
  });

  it("counts a play deleted elsewhere meanwhile as deleted", async () => {
    const { remove } = store({});
    expect(await deletePlays(remove, ["gone"])).toEqual({ deleted: ["gone"], refused: [] });
  });
});
