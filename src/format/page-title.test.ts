import { describe, expect, it } from "vitest";
import { titleWithWaiting } from "./page-title";

describe("titleWithWaiting", () => {
  it("puts the number of waiting plays in front of the title, once", () => {
    expect(titleWithWaiting("hero_logic — flows", 2)).toBe("(2) hero_logic — flows");
    expect(titleWithWaiting("(2) hero_logic — flows", 3)).toBe("(3) hero_logic — flows");
    expect(titleWithWaiting("(3) hero_logic — flows", 0)).toBe("hero_logic — flows");
  });
});
