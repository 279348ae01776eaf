import { describe, expect, it } from "vitest";
import { nodePyodide, nodePython } from "../../src/test-support/node-python";
import { byName, runFlow } from "./run";

const NESTED = `
"""Nested steps."""
from hero_logic import flow

@flow
def double(x: int):
    print("doubling", x)
    return x * 2

@flow
def main(n: int = 3):
    total = 0
    with flow.span("loop", size=n):
        for i in range(n):
            total += double(i)
    pair = flow.step(lambda: (1, 2), name="pair")
    return {"total": total, "pair": pair}
`;

describe("flow.step, nested @flow and flow.span", () => {
  it("records a root span, a grouping span and one step span per call", async () => {
    const { outcome, spans } = await runFlow(NESTED, { inputs: { n: 3 } });
    expect(outcome).toMatchObject({ status: "completed", output: { total: 6, pair: [1, 2] } });
    const [root] = byName(spans, "main");
    expect(root).toMatchObject({
      kind: "flow_root",
      status: "ok",
      parent_sid: null,
      source_line: 10,
    });
    const [loop] = byName(spans, "loop");
    expect(loop).toMatchObject({ kind: "step", parent_sid: root!.sid, attributes: { size: 3 } });
    const doubles = byName(spans, "double");
    expect(doubles.map((s) => [s.parent_sid, s.input, s.output, s.logs])).toEqual([
      [loop!.sid, { x: 0 }, 0, "doubling 0\n"],
      [loop!.sid, { x: 1 }, 2, "doubling 1\n"],
      [loop!.sid, { x: 2 }, 4, "doubling 2\n"],
    ]);
    expect(doubles.every((s) => s.source_file === "demo.py" && s.source_line === 15)).toBe(true);
    expect(new Set(doubles.map((s) => s.step_key)).size).toBe(3);
  });

  it("names a step's arguments in its input where the signature says them", async () => {
    const { outcome, spans } = await runFlow(`
import functools
from hero_logic import flow, instrument

def shout(word):
    return word.upper()

@functools.wraps(shout)
def loud(w):
    return shout(w)

class Service:
    def ask(self, question, *, loud=False):
        return question.upper() if loud else question

def join(sep, *parts, **options):
    return sep.join(parts)

@flow
def main():
    svc = instrument(Service(), name="svc")
    return [
        flow.step(join, "-", "a", "b", end="."),
        svc.ask("why", loud=True),
        flow.step(len, "abc"),
        flow.step(lambda: 1, name="nothing"),
        flow.step(dict, name="built", a=1),
        flow.step(loud, "hi"),
    ]
`);
    expect(outcome.status).toBe("completed");
    const input = (name: string) => byName(spans, name)[0]!.input;
    expect(input("join")).toEqual({ sep: "-", "*parts": ["a", "b"], end: "." });
    expect(input("svc.ask")).toEqual({ question: "why", loud: true });
    expect(input("len")).toEqual({ obj: "abc" });
    expect(input("nothing")).toEqual({});
    // No signature to read: the arguments as given.
    expect(input("built")).toEqual({ args: [], kwargs: { a: 1 } });
    // A wrapper names the arguments of the function it wraps, as inspect reads it.
    expect(input("shout")).toEqual({ word: "hi" });
  });

  it("replays finished steps from the cache without executing them again", async () => {
    const first = await runFlow(NESTED, { inputs: { n: 3 } });
    const again = await runFlow(NESTED, { inputs: { n: 3 }, step_cache: first.cache });
    expect(again.outcome).toMatchObject({
      status: "completed",
      output: { total: 6, pair: [1, 2] },
    });
    const doubles = byName(again.spans, "double");
    expect(doubles.every((s) => s.replayed && s.logs === "")).toBe(true);
    expect(byName(again.spans, "loop")[0]!.replayed).toBe(false);
  });

  it("keys steps by version, so a new version executes them fresh", async () => {
    const first = await runFlow(NESTED, { inputs: { n: 2 } });
    const other = await runFlow(NESTED, {
      inputs: { n: 2 },
      version_sid: "v2",
      step_cache: first.cache,
    });
    expect(byName(other.spans, "double").some((s) => s.replayed)).toBe(false);
  });

  it("gives equal siblings their own keys by occurrence, and differing arguments their own keys", async () => {
    const source = `
from hero_logic import flow
def one(x):
    return x
@flow
def main():
    return [flow.step(one, 1), flow.step(one, 1), flow.step(one, 2)]
`;
    const { spans } = await runFlow(source);
    const keys = byName(spans, "one").map((s) => s.step_key);
    expect(new Set(keys).size).toBe(3);
  });

  it("fails the step and names it when its output is not JSON", async () => {
    const source = `
from hero_logic import flow
@flow
def main():
    return flow.step(lambda: {1, 2}, name="make_set")
`;
    const { outcome, spans } = await runFlow(source);
    expect(outcome.status).toBe("failed");
    if (outcome.status !== "failed") return;
    expect(outcome.error.message).toContain(
      "step 'make_set' returned a value that is not JSON-serializable",
    );
    expect(outcome.error.message).toContain("set");
    expect(byName(spans, "make_set")[0]!.status).toBe("failed");
  });

  it("fails the play with the user's traceback and marks the failing span and its ancestors", async () => {
    const source = NESTED.replace("return x * 2", 'raise ValueError("boom")');
    const { outcome, spans } = await runFlow(source, { inputs: { n: 1 } });
    expect(outcome.status).toBe("failed");
    if (outcome.status !== "failed") return;
    expect(outcome.error.message).toBe("ValueError: boom");
    expect(outcome.error.traceback).toContain('File "demo.py", line 8, in double');
    expect(outcome.error.traceback).not.toContain("hero_logic");
    expect(byName(spans, "double")[0]).toMatchObject({ status: "failed" });
    expect(byName(spans, "loop")[0]).toMatchObject({ status: "failed" });
    expect(byName(spans, "main")[0]).toMatchObject({ status: "failed" });
  });

  it("sends a slow step's result at once, not after the computation that follows it", async () => {
    const source = `
import time
from hero_logic import flow
def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass
    return ms
@flow
def main():
    flow.step(lambda: 1, name="warm")
    flow.step(busy, 10)
    busy(50)
    return flow.step(lambda: 2, name="after")
`;
    const { raw } = await runFlow(source);
    const slow = raw.findIndex((batch) =>
      batch.some((r) => r.name === "busy" && r.status === "ok"),
    );
    const after = raw.findIndex((batch) => batch.some((r) => r.name === "after"));
    expect(slow).toBeGreaterThanOrEqual(0);
    expect(slow).toBeLessThan(after);
  });

  it("streams a long run in several batches", async () => {
    const source = `
from hero_logic import flow
def inc(i):
    return i + 1
@flow
def main():
    return sum(flow.step(inc, i) for i in range(1000))
`;
    const { outcome, spans, batches } = await runFlow(source);
    expect(outcome).toMatchObject({ status: "completed", output: 500500 });
    expect(spans).toHaveLength(1001);
    expect(batches).toBeGreaterThan(2);
  });
});

describe("the way batches leave Python", () => {
  it.each([
    ["as texts", false],
    ["as bytes read in place, where the worker can take them so", true],
  ])(
    "carries every batch whole %s: after the memory grew, beyond the buffer, and text UTF-8 cannot hold",
    async (_, viaBytes) => {
      const source = `
from hero_logic import flow

@flow
def main():
    small = flow.step(lambda: "ünïcode ✓", name="small")
    grown = flow.step(lambda: len(bytearray(96 * 2**20)), name="grow")
    big = flow.step(lambda: "x" * 200_000, name="big")
    lone = flow.step(lambda: "a\\ud800b", name="lone")
    after = [flow.step(lambda i=i: i, name="after") for i in range(3)]
    return {"small": small, "grown": grown, "big": len(big), "lone": [ord(c) for c in lone], "after": after}
`;
      const { outcome, spans, batches, bytesTaken } = await runFlow(source, { viaBytes });
      if (viaBytes) {
        // The big output (beyond the buffer) and the lone surrogate went as texts; the rest as bytes.
        expect(bytesTaken).toBeGreaterThan(0);
        expect(bytesTaken).toBeLessThan(batches);
      } else {
        expect(bytesTaken).toBe(0);
      }
      expect(outcome).toMatchObject({
        status: "completed",
        output: {
          small: "ünïcode ✓",
          grown: 96 * 2 ** 20,
          big: 200_000,
          lone: [97, 0xd800, 98],
          after: [0, 1, 2],
        },
      });
      expect(spans.map((s) => [s.name, s.status])).toEqual([
        ["main", "ok"],
        ["small", "ok"],
        ["grow", "ok"],
        ["big", "ok"],
        ["lone", "ok"],
        ["after", "ok"],
        ["after", "ok"],
        ["after", "ok"],
      ]);
      expect(byName(spans, "small")[0]?.output).toBe("ünïcode ✓");
      expect(byName(spans, "big")[0]?.output).toHaveLength(200_000);
    },
  );
});

describe("a step's input text", () => {
  it("is the same written directly for a common call as through the encoder", async () => {
    await nodePython(); // the SDK is installed
    const py = await nodePyodide();
    const differing = py.runPython(`
import json
from hero_logic._arguments import input_text, named_arguments
from hero_logic._jsonvalue import display_text

def one(x): return x
def ünï(größe, b=2): return größe
def many(a, b): return a
calls = [
    (one, (1,)), (one, (-7,)), (one, (2**80,)), (one, (True,)), (one, (None,)), (one, (1.5,)),
    (one, ('say "hi" \\\\ \\n',)), (one, ("é\\u2028\\ud800",)), (one, ([1, 2],)), (ünï, ("x",)),
    (ünï, (3,)), (many, (1, "b")), (one, ()),
]
json.dumps([repr(args) for fn, args in calls
            if input_text(fn, args, {}) != display_text(named_arguments(fn, args, {}))])
`) as string;
    expect(JSON.parse(differing)).toEqual([]);
  });
});

describe("a step's key", () => {
  it("is the key `step_key` gives, whether this interpreter computed it before or not", async () => {
    // Keys are kept (a replay asks for them again), by their text or, for one int or short str
    // argument, by (name, occurrence, argument) under the parent: a kept key must be the one
    // hashing gives, for every argument — values equal in Python but not in JSON (1, True, 1.0),
    // the same parts under another version, long arguments and lone surrogates included.
    await nodePython();
    const py = await nodePyodide();
    const keys = py.runPython(`
import json
from enum import IntEnum
from hero_logic import _steps
from hero_logic._jsonvalue import canonical_arguments
from hero_logic._memo import StepCache
from hero_logic._run import RunContext

class Size(IntEnum):
    ONE = 1

def one(x): return x
args = [1, True, 1.0, Size.ONE, "1", -5, 10**30, "é\\ud800", "x" * 100, "x" * 101, "x" * 5000,
        [1, {"a": 2}]]
def run_keys(version, given=args):
    outputs = {}
    keep = lambda s, o=None, p=None: outputs.update(json.loads(o or "{}"))
    run = RunContext(version, StepCache(), keep)
    with run:
        root = run.open("main", "flow_root", input={})
        for arg in given:
            _steps.run_step("one", one, (arg,), {})
        run.close(root, "ok", output=None)
        run.flush()
    return list(outputs)
def expected(version):
    return [_steps.step_key(version, "main#0", "one", i, canonical_arguments((a,), {}))
            for i, a in enumerate(args)]
# Each argument alone, at the same occurrence: one kept for 1 must not answer True.
alone = [run_keys("v1", [a])[0] for a in args]
alone_expected = [_steps.step_key("v1", "main#0", "one", 0, canonical_arguments((a,), {}))
                  for a in args]
json.dumps([run_keys("v1"), run_keys("v1"), expected("v1"), run_keys("v2"), expected("v2"),
            alone, alone_expected])
`) as string;
    const [first, again, expected, other, otherExpected, alone, aloneExpected] = JSON.parse(keys);
    expect(alone).toEqual(aloneExpected);
    // 1, True, 1.0 and "1" are four keys (Size.ONE is written as 1, so it is 1's).
    expect(new Set(alone.slice(0, 5)).size).toBe(4);
    expect(first).toEqual(expected);
    expect(again).toEqual(expected);
    expect(other).toEqual(otherExpected);
    expect(other).not.toEqual(expected);
  });

  it("keeps at most its bound of keys, and the keys stay right past it", async () => {
    await nodePython();
    const py = await nodePyodide();
    const result = py.runPython(`
import json
from hero_logic import _steps
from hero_logic._jsonvalue import canonical_arguments
from hero_logic._memo import StepCache
from hero_logic._run import RunContext

def one(x): return x
saved = _steps._KNOWN_KEYS_MAX
_steps._KNOWN_KEYS_MAX = 50
try:
    wrong = 0
    kept = 0
    for rnd in range(3):
        outputs = {}
        keep = lambda s, o=None, p=None: outputs.update(json.loads(o or "{}"))
        run = RunContext("v1", StepCache(), keep)
        with run:
            root = run.open("main", "flow_root", input={})
            for i in range(120):
                _steps.run_step("one", one, (i if i % 2 else f"s{i}",), {})
            run.close(root, "ok", output=None)
            run.flush()
        given = [i if i % 2 else f"s{i}" for i in range(120)]
        want = [_steps.step_key("v1", "main#0", "one", i, canonical_arguments((a,), {}))
                for i, a in enumerate(given)]
        wrong += sum(1 for a, b in zip(list(outputs), want) if a != b)
        by_parts = sum(len(known) for known in _steps._known_by_prefix.values())
        kept = max(kept, len(_steps._known_keys) + by_parts)
finally:
    _steps._KNOWN_KEYS_MAX = saved
json.dumps([wrong, kept])
`) as string;
    const [wrong, kept] = JSON.parse(result);
    expect(wrong).toBe(0);
    expect(kept).toBeLessThanOrEqual(50);
  });
});
