import { describe, expect, it } from "vitest";
import type { PythonWorkerApi } from "../../worker/api";
import { HeroError } from "./errors";
import { createPythonHost } from "./python-host";

const never = () => new Promise<never>(() => {});

describe("a Python host whose worker fails", () => {
  it("rejects boot and runs with a clear error instead of waiting forever", async () => {
    const api: PythonWorkerApi = { boot: never, analyze: never, run: never };
    let fail!: (error: Error) => void;
    const failure = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const host = createPythonHost(api, { failure });
    const booting = host.ready();
    fail(new Error("the Python worker failed (404); reload the page"));
    const error = await booting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeroError);
    expect((error as HeroError).code).toBe("python_unavailable");
    expect((error as HeroError).message).toContain("reload the page");
    expect(host.status()).toMatchObject({ stage: "failed" });
    await expect(
      host.run(
        {
          workflow_name: "x",
          version_sid: "v",
          source: "",
          entry: "main",
          inputs: {},
          step_cache: [],
        },
        () => {},
      ),
    ).rejects.toThrow("reload the page");
  });
});
