import { describe, expect, it } from "vitest";
import { byName, runFlow } from "./run";

const FLOW = `from hero_logic import flow, secret

@flow
def main(name: str = "API_KEY"):
    return secret(name)
`;

describe("secret()", () => {
  it("returns the value the run's request carries", async () => {
    const { outcome } = await runFlow(FLOW, { secrets: { API_KEY: "k-123" } });
    expect(outcome).toMatchObject({ status: "completed", output: "k-123" });
  });

  it("fails naming a missing secret and where to set it", async () => {
    const { outcome, spans } = await runFlow(FLOW, { secrets: { OTHER: "x" } });
    expect(outcome.status).toBe("failed");
    if (outcome.status !== "failed") return;
    expect(outcome.error.type).toBe("SecretMissingError");
    expect(outcome.error.message).toContain("the secret API_KEY is not set");
    expect(outcome.error.message).toContain("Settings → Secrets");
    expect(byName(spans, "main")[0]?.status).toBe("failed");
  });

  it("refuses a name that is not one", async () => {
    const { outcome } = await runFlow(FLOW, { inputs: { name: "api key" } });
    expect(outcome.status === "failed" && outcome.error.type).toBe("ValueError");
  });

  it("fails inside a step as that step's error", async () => {
    const inStep = `from hero_logic import flow, secret

@flow
def read():
    return secret("NOPE")

@flow
def main():
    return read()
`;
    const { spans } = await runFlow(inStep);
    expect(byName(spans, "read")[0]?.error?.type).toBe("SecretMissingError");
  });
});
