import { describe, expect, it } from "vitest";
import type { RuntimeStatus } from "../engine/run/python-host";
import { bootProgressView } from "./boot-progress";

const status = (stage: RuntimeStatus["stage"], progress?: RuntimeStatus["progress"]) => ({
  stage,
  error: null,
  info: null,
  progress,
});

describe("bootProgressView", () => {
  it("says the bytes of the download received of those expected", () => {
    const view = bootProgressView(
      status("downloading-snapshot", { received: 1_500_000, expected: 6_000_000 }),
    );
    expect(view).toEqual({
      step: 0,
      text: "Downloading Python: 1.5 of 6.0 MB",
      fraction: 0.25,
    });
  });

  it("has no measure when the host does not say how much comes", () => {
    const view = bootProgressView(
      status("downloading-snapshot", { received: 2_000_000, expected: null }),
    );
    expect(view).toEqual({ step: 0, text: "Downloading Python: 2.0 MB", fraction: null });
  });

  it("names the later steps without a measure", () => {
    expect(bootProgressView(status("loading-runtime"))).toMatchObject({ step: 1, fraction: null });
    expect(bootProgressView(status("isolating"))).toMatchObject({ step: 2, fraction: null });
    expect(bootProgressView(status("not-started")).step).toBe(0);
  });
});
