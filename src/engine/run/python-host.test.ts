import { describe, expect, it } from "vitest";
import type { PythonWorkerApi } from "../../../worker/api";
import { HeroError } from "../errors";
import { createPythonHost, WorkerGoneError } from "./python-host";

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

describe("a Python host whose worker is gone while it boots (killed from outside)", () => {
  it("fails a run waiting for it as cut off (WorkerGoneError), so the play runs again elsewhere", async () => {
    const api: PythonWorkerApi = { boot: never, analyze: never, run: never };
    let kill!: () => void;
    const gone = new Promise<never>((_, reject) => {
      kill = () => reject(new WorkerGoneError());
    });
    const host = createPythonHost(api, { gone });
    const run = host.run(
      {
        workflow_name: "x",
        version_sid: "v",
        source: "",
        entry: "main",
        inputs: {},
        step_cache: [],
      },
      () => {},
    );
    kill();
    await expect(run).rejects.toBeInstanceOf(WorkerGoneError);
    expect(host.status()).toMatchObject({ stage: "failed" });
  });
});
