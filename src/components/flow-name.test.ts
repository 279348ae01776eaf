import { describe, expect, it } from "vitest";
import { FLOW_NAME_RULE, flowNameProblem } from "./flow-name";
import { titleWithWaiting } from "./page-title";

describe("flowNameProblem", () => {
  it("accepts what the engine accepts", () => {
    for (const name of ["my_flow", "_x", "Flow2", "a".repeat(64)]) {
      expect(flowNameProblem(name)).toBeNull();
    }
  });

  it("says what is wrong with a name and what a name may be", () => {
    expect(flowNameProblem("my-flow")).toBe(`“-” cannot be part of a name. ${FLOW_NAME_RULE}`);
    expect(flowNameProblem("my flow!")).toBe(
      `A space and “!” cannot be part of a name. ${FLOW_NAME_RULE}`,
    );
    expect(flowNameProblem("2nd")).toBe(`It starts with a digit. ${FLOW_NAME_RULE}`);
    expect(flowNameProblem("a".repeat(65))).toBe(`It has 65 characters. ${FLOW_NAME_RULE}`);
    expect(flowNameProblem("")).toBe(`Give the flow a name. ${FLOW_NAME_RULE}`);
    expect(flowNameProblem("café")).toBe(`“é” cannot be part of a name. ${FLOW_NAME_RULE}`);
  });
});

describe("titleWithWaiting", () => {
  it("puts the number of waiting plays in front of the title, once", () => {
    expect(titleWithWaiting("hero_logic — flows", 2)).toBe("(2) hero_logic — flows");
    expect(titleWithWaiting("(2) hero_logic — flows", 3)).toBe("(3) hero_logic — flows");
    expect(titleWithWaiting("(3) hero_logic — flows", 0)).toBe("hero_logic — flows");
  });
});
