import { describe, expect, it } from "vitest";
import { rejection, testEngine } from "../test-support/test-engine";
import { EXAMPLES } from "./examples";

describe("example flows", () => {
  it("ship the examples: a pause, prefill, a service, an agent, a fan-out, a nested failure, an HTTP API", () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([
      "fan_out",
      "github_zen",
      "hello_steps",
      "nested_failure",
      "pause_resume_demo",
      "pause_resume_prefill",
      "service_agent",
      "service_code_gen",
    ]);
  });

  it.each(Object.keys(EXAMPLES))(
    "%s has a description, and a default and a description for every input",
    async (name) => {
      const { api, engine } = testEngine();
      await engine.start();
      const workflow = (await api.workflows.get(name))!;
      expect(workflow.description.length).toBeGreaterThan(40);
      for (const field of workflow.inputs) {
        expect(field.default, `${name}.${field.name}`).not.toBeNull();
        expect(field.description, `${name}.${field.name}`).not.toBe("");
      }
    },
  );

  it("run with one click each, deterministically, ending as their descriptions say", async () => {
    const { api, engine } = testEngine();
    await engine.start();
    // github_zen calls the network: it is refused until allowed, and the tests do not go online.
    expect((await rejection(api.plays.start("github_zen"))).code).toBe("needs_grant");
    const expected: Record<string, string> = {
      fan_out: "completed",
      hello_steps: "completed",
      nested_failure: "failed",
      pause_resume_demo: "paused",
      pause_resume_prefill: "completed",
      service_agent: "completed",
      service_code_gen: "completed",
    };
    const outputs: Record<string, unknown> = {};
    for (const [name, status] of Object.entries(expected)) {
      const play = await api.plays.wait((await api.plays.start(name)).sid, { timeoutMs: 30_000 });
      expect(play.status, `${name}: ${play.error?.message}`).toBe(status);
      outputs[name] = play.output_data;
    }
    expect(outputs.fan_out).toEqual({ children: 8, lines: 16 });
    expect(outputs.service_agent).toMatchObject({ functions: 6 });
    expect(outputs.pause_resume_prefill).toMatchObject({ note: "approved by prefill" });
    // Deterministic: a second run gives the same outputs.
    for (const name of ["service_agent", "fan_out", "service_code_gen"]) {
      const again = await api.plays.wait((await api.plays.start(name)).sid, { timeoutMs: 30_000 });
      expect(again.output_data).toEqual(outputs[name]);
    }
  });
});
