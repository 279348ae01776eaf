import { describe, expect, it } from "vitest";
import { byName, nestedFlow, runFlow } from "./run";

describe("runtime faults inside a flow", () => {
  it.each([
    ["raise SystemExit", "SystemExit"],
    ["raise SystemExit(3)", "SystemExit: 3"],
    ["sys.exit()", "SystemExit"],
    ["sys.exit('bye')", "SystemExit: bye"],
    ["raise KeyboardInterrupt", "KeyboardInterrupt"],
    ["raise ValueError('bad value')", "ValueError: bad value"],
  ])("%s in a nested step fails the play with the user's traceback", async (statement, message) => {
    const { outcome, spans } = await runFlow(nestedFlow(`    ${statement}`));
    expect(outcome.status).toBe("failed");
    if (outcome.status !== "failed") return;
    expect(outcome.error.message).toBe(message);
    expect(outcome.error.traceback).toContain('File "demo.py", line 7, in inner');
    expect(outcome.error.traceback).not.toContain("hero_logic");
    expect(byName(spans, "inner")[0]).toMatchObject({ status: "failed" });
    expect(byName(spans, "group")[0]).toMatchObject({ status: "failed" });
  });

  it.each([
    ["raise SystemExit", "SystemExit"],
    ["sys.exit(2)", "SystemExit: 2"],
    ["raise KeyboardInterrupt", "KeyboardInterrupt"],
  ])("%s in the flow body itself fails the play", async (statement, message) => {
    const source = `
from hero_logic import flow
import sys

@flow
def main():
    ${statement}
`;
    const { outcome, spans } = await runFlow(source);
    expect(outcome).toMatchObject({ status: "failed", error: { message } });
    expect(byName(spans, "main")[0]).toMatchObject({ status: "failed" });
  });

  it("fails with the user's traceback when the exception's own __str__ raises", async () => {
    const source = nestedFlow(`    class Odd(Exception):
        def __str__(self):
            raise ValueError("no text")
    raise Odd()`);
    const { outcome } = await runFlow(source);
    expect(outcome).toMatchObject({
      status: "failed",
      recycle: false,
      error: { type: "Odd", message: "Odd: <exception str() failed>" },
    });
    if (outcome.status === "failed") expect(outcome.error.traceback).toContain("raise Odd()");
  });

  it("fails an instrument()ed call that raises, naming the method in the span", async () => {
    const source = `
from hero_logic import flow, instrument

class Svc:
    def boom(self, x):
        raise RuntimeError(f"boom {x}")

@flow
def main():
    return instrument(Svc(), name="svc").boom(7)
`;
    const { outcome, spans } = await runFlow(source);
    expect(outcome).toMatchObject({ status: "failed", error: { message: "RuntimeError: boom 7" } });
    if (outcome.status === "failed") expect(outcome.error.traceback).toContain("in boom");
    expect(byName(spans, "svc.boom")[0]).toMatchObject({ kind: "rpc", status: "failed" });
  });

  it("fails on unbounded recursion with a clear RecursionError, and the worker runs on", async () => {
    const source = `
from hero_logic import flow

def down(n):
    return down(n + 1)

@flow
def main():
    return flow.step(down, 0, name="deep")
`;
    const { outcome } = await runFlow(source);
    expect(outcome).toMatchObject({ status: "failed", error: { type: "RecursionError" } });
    const after = await runFlow(nestedFlow("    return 42"));
    expect(after.outcome).toMatchObject({ status: "completed", output: 42 });
  });

  it("fails a recursion under a raised recursion limit with RecursionError, and the runtime lives", async () => {
    const { outcome } = await runFlow(
      nestedFlow("    sys.setrecursionlimit(20_000)\n    f = lambda n: f(n + 1)\n    f(0)"),
    );
    expect(outcome).toMatchObject({
      status: "failed",
      recycle: false,
      error: {
        type: "RecursionError",
        message: "RecursionError: maximum recursion depth exceeded",
      },
    });
    if (outcome.status === "failed") {
      expect(outcome.error.traceback).toContain("[Previous line repeated");
      expect(outcome.error.traceback.length).toBeLessThan(5000);
    }
    const after = await runFlow(nestedFlow("    return 42"));
    expect(after.outcome).toMatchObject({ status: "completed", output: 42 });
  });

  it.each([
    ['b"x" * (2**31 - 1)', "MemoryError"],
    // A size wasm32 cannot even express fails before allocating.
    ['b"x" * 10**12', "OverflowError: cannot fit 'int' into an index-sized integer"],
  ])("fails the allocation %s with %s, and the worker runs on", async (expr, message) => {
    const { outcome } = await runFlow(nestedFlow(`    return len(${expr})`));
    expect(outcome).toMatchObject({ status: "failed", error: { message } });
    const after = await runFlow(nestedFlow("    return 42"));
    expect(after.outcome).toMatchObject({ status: "completed", output: 42 });
  });
});

describe("step outputs that are not JSON", () => {
  it.each([
    ["{1, 2}", "a set at value"],
    ["object()", "a object at value"],
    ["float('nan')", "nan at value"],
    ["[1, float('inf')]", "inf at value[1]"],
    ["b'raw'", "a bytes at value"],
    ["(lambda d: (d.__setitem__('me', d), d)[1])({})", "a reference cycle at value['me']"],
    ["{(1, 2): 'tuple key'}", "a tuple key at value"],
    ["[1, 10**5000]", "an integer of more than 4,300 digits at value[1]"],
  ])("%s fails the play naming the step and the problem", async (expr, problem) => {
    const { outcome, spans } = await runFlow(nestedFlow(`    return ${expr}`));
    expect(outcome.status).toBe("failed");
    if (outcome.status !== "failed") return;
    expect(outcome.error.message).toContain("step 'inner' returned a value that is not JSON");
    expect(outcome.error.message).toContain(problem);
    expect(byName(spans, "inner")[0]).toMatchObject({ status: "failed" });
  });
});

describe("a flow that prints megabytes", () => {
  it("keeps each span's logs bounded: head, a marker naming what was dropped, tail", async () => {
    const source = `
from hero_logic import flow

@flow
def chatty():
    print("first line")
    for i in range(30_000):
        print(f"line {i:05d} " + "x" * 90)
    print("x" * 1_000_000)
    print("last line")
    return "done"

@flow
def main():
    return chatty()
`;
    const { outcome, spans } = await runFlow(source);
    expect(outcome).toMatchObject({ status: "completed", output: "done" });
    const logs = byName(spans, "chatty")[0]!.logs;
    expect(logs.length).toBeLessThan(101_000);
    expect(logs.startsWith("first line\nline 00000 ")).toBe(true);
    expect(logs.endsWith("x\nlast line\n")).toBe(true);
    // Everything printed: 11 + 30,000 × 102 + 1,000,001 + 10 characters; 100,000 kept.
    const dropped = 11 + 30_000 * 102 + 1_000_001 + 10 - 100_000;
    expect(logs).toContain(`\n… ${dropped.toLocaleString("en-US")} more characters dropped …\n`);
  });

  it("stops keeping prints once the whole run printed more than its budget", async () => {
    const source = `
from hero_logic import flow

@flow
def chatty(i):
    print("y" * 60_000)
    return i

@flow
def main():
    return sum(chatty(i) for i in range(200))
`;
    const { outcome, spans } = await runFlow(source);
    expect(outcome).toMatchObject({ status: "completed", output: 19_900 });
    const logs = byName(spans, "chatty").map((s) => s.logs);
    const kept = logs.reduce((sum, text) => sum + text.length, 0);
    expect(kept).toBeLessThan(5_100_000);
    expect(logs.at(-1)).toBe("\n… 60,001 more characters dropped …\n");
  });
});

// Last in this file: the shared Pyodide keeps the memory it grew for the rest of the file.
describe("a run that grows the worker's memory", () => {
  it("asks for the worker to be replaced, which a normal run does not", async () => {
    const normal = await runFlow(nestedFlow("    return 1"));
    expect(normal.outcome).toMatchObject({ status: "completed", recycle: false });
    const greedy = await runFlow(nestedFlow("    return len(bytearray(600 * 2**20))"));
    expect(greedy.outcome).toMatchObject({ status: "completed", output: 600 * 2 ** 20 });
    expect(greedy.outcome.recycle).toBe(true);
  });
});
