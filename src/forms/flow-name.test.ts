import { describe, expect, it } from "vitest";
import { FLOW_NAME_RULE, flowNameProblem } from "./flow-name";

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
