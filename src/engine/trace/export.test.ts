import { beforeAll, describe, expect, it } from "vitest";
import type { Play, Span } from "../../db/records";
import { rejection, testEngine } from "../../test-support/test-engine";
import { type ChromeTrace, type TraceEvent, toChromeTrace } from "./chrome";
import type { PlayTrace } from "./collect";
import { type OtlpSpan, type TracesData, toOtlp } from "./otlp";
import { otlpProblems, roundTrip, withoutDefaults } from "./otlp-conformance";
import { traceEventProblems } from "./trace-event-conformance";

// Real plays of the shipped examples, in Node's Pyodide: a resumed pause (two runs), a nested
// failure, a fan-out of child plays, and an agent with rpc calls and a spawned sub-flow.
const env = testEngine();
const { api } = env;
const plays: Record<string, Play> = {};

async function finish(name: string, inputs?: Record<string, unknown>) {
  return api.plays.wait((await api.plays.start(name, inputs)).sid, { timeoutMs: 60_000 });
}

beforeAll(async () => {
  await env.engine.start();
  const paused = await finish("pause_resume_demo");
  await api.plays.resume(paused.sid, { ok: true, tone: "plain" });
  plays.resumed = await api.plays.wait(paused.sid, { timeoutMs: 60_000 });
  plays.failed = await finish("nested_failure");
  plays.fanOut = await finish("fan_out", { count: 3 });
  plays.agent = await finish("service_agent", { rounds: 2 });
  plays.stillPaused = await finish("pause_resume_demo");
}, 240_000);

const otlp = async (sid: string) => (await api.exportTrace(sid, { format: "otlp" })) as TracesData;
const chrome = async (sid: string) =>
  (await api.exportTrace(sid, { format: "chrome" })) as ChromeTrace;

const spansOf = (data: TracesData) => data.resourceSpans.flatMap((r) => r.scopeSpans[0]!.spans);
const attribute = (span: OtlpSpan, key: string) =>
  span.attributes.find((a) => a.key === key)?.value;

describe("exportTrace as OTLP/JSON", () => {
  it("conforms to the opentelemetry-proto definitions and survives the binary encoding", async () => {
    for (const [name, play] of Object.entries(plays)) {
      expect(play.status, name).not.toBe("running");
      const data = await otlp(play.sid);
      expect(otlpProblems(data), name).toEqual([]);
      expect(roundTrip(data), name).toEqual(withoutDefaults(data));
    }
  });

  it("gives each play one trace under a span for the whole play; ids are hex and unique", async () => {
    const data = await otlp(plays.fanOut!.sid);
    expect(data.resourceSpans).toHaveLength(4);
    const traceIds = new Set<string>();
    const spanIds = new Set<string>();
    for (const resource of data.resourceSpans) {
      const spans = resource.scopeSpans[0]!.spans;
      const traceId = spans[0]!.traceId;
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      traceIds.add(traceId);
      const roots = spans.filter((s) => s.parentSpanId === undefined);
      expect(roots).toHaveLength(1);
      const ids = new Set(spans.map((s) => s.spanId));
      for (const span of spans) {
        expect(span.traceId).toBe(traceId);
        expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
        if (span.parentSpanId) expect(ids.has(span.parentSpanId)).toBe(true);
        expect(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano)).toBe(true);
        spanIds.add(`${traceId}/${span.spanId}`);
      }
    }
    expect(traceIds.size).toBe(4);
    expect(spanIds.size).toBe(spansOf(data).length);
    // The same play exports with the same ids again.
    expect(spansOf(await otlp(plays.fanOut!.sid)).map((s) => s.spanId)).toEqual(
      spansOf(data).map((s) => s.spanId),
    );
  });

  it("links each child play's trace to the span that started it, and back", async () => {
    const data = await otlp(plays.fanOut!.sid);
    const all = spansOf(data);
    const byId = new Map(all.map((s) => [`${s.traceId}/${s.spanId}`, s]));
    const childRoots = data.resourceSpans.slice(1).map((r) => r.scopeSpans[0]!.spans[0]!);
    for (const root of childRoots) {
      expect(root.kind).toBe(5);
      const [link] = root.links!;
      const starter = byId.get(`${link!.traceId}/${link!.spanId}`)!;
      expect(starter, "the span that started the child").toBeDefined();
      const childSid = attribute(root, "hero_logic.play_sid")!.stringValue;
      expect(attribute(starter, "hero_logic.child_play_sid")?.stringValue).toBe(childSid);
      expect(starter.links?.[0]).toMatchObject({ traceId: root.traceId, spanId: root.spanId });
    }
  });

  it("marks a failed span with status 2, its message and an exception event", async () => {
    const spans = spansOf(await otlp(plays.failed!.sid));
    const failed = spans.filter((s) => attribute(s, "hero_logic.status")?.stringValue === "failed");
    expect(failed.length).toBeGreaterThan(0);
    for (const span of failed) {
      expect(span.status.code).toBe(2);
      expect(span.status.message).toMatch(/\S/);
      expect(span.events?.[0]?.name).toBe("exception");
    }
    const play = spans[0]!;
    expect(play.status).toMatchObject({ code: 2 });
    expect(play.status.message).toContain(plays.failed!.error!.message);
    const ok = spans.find((s) => attribute(s, "hero_logic.status")?.stringValue === "ok")!;
    expect(ok.status).toEqual({ code: 1 });
  });

  it("carries input, output and step key as attributes, the kind and times in nanoseconds", async () => {
    const sid = plays.resumed!.sid;
    const spans = spansOf(await otlp(sid));
    const stored = [
      ...(await api.plays.spans(sid, { runNo: 1 })),
      ...(await api.plays.spans(sid, { runNo: 2 })),
    ];
    const step = stored.find((s) => s.kind === "step" && s.step_key && !s.replayed)!;
    const exported = spans.find(
      (s) =>
        attribute(s, "hero_logic.span_sid")?.stringValue === step.sid &&
        attribute(s, "hero_logic.run_no")?.intValue === String(step.run_no),
    )!;
    expect(exported.name).toBe(step.name);
    expect(exported.kind).toBe(1);
    expect(exported.startTimeUnixNano).toBe(
      String(BigInt(Math.round(step.started_at * 1000)) * 1000n),
    );
    expect(attribute(exported, "hero_logic.step_key")).toEqual({ stringValue: step.step_key });
    expect(JSON.parse(attribute(exported, "hero_logic.input")!.stringValue!)).toEqual(step.input);
    expect(JSON.parse(attribute(exported, "hero_logic.output")!.stringValue!)).toEqual(step.output);
    // Run 2 replays run 1's steps: they say so, and from which run.
    const replayed = spans.filter((s) => attribute(s, "hero_logic.replayed")?.boolValue);
    expect(replayed.length).toBeGreaterThan(0);
    expect(attribute(replayed[0]!, "hero_logic.replayed_from_run")).toEqual({ intValue: "1" });
    // The wait between the runs is a span of its own.
    const names = spans.map((s) => s.name);
    expect(names).toContain("paused at approve");
    const agent = spansOf(await otlp(plays.agent!.sid));
    expect(
      agent.some((s) => s.kind === 3 && attribute(s, "hero_logic.kind")?.stringValue === "rpc"),
    ).toBe(true);
  });

  it("exports a paused play as it stands, its wait running until the export", async () => {
    const spans = spansOf(await otlp(plays.stillPaused!.sid));
    const wait = spans.find((s) => s.name === "paused at approve")!;
    expect(BigInt(wait.endTimeUnixNano)).toBe(BigInt(spans[0]!.endTimeUnixNano));
    expect(spans[0]!.status).toEqual({ code: 0 });
  });

  it("has a checker that refuses what OTLP/JSON forbids", async () => {
    const good = await otlp(plays.resumed!.sid);
    const bent = (edit: (span: Record<string, unknown>) => void) => {
      const copy = structuredClone(good) as unknown as TracesData;
      edit(copy.resourceSpans[0]!.scopeSpans[0]!.spans[1] as unknown as Record<string, unknown>);
      return otlpProblems(copy);
    };
    expect(bent((s) => (s.trace_id = s.traceId))[0]).toMatch(/no field with this JSON name/);
    expect(
      bent((s) => (s.spanId = Buffer.from(s.spanId as string, "hex").toString("base64")))[0],
    ).toMatch(/hex/);
    expect(bent((s) => (s.spanId = (s.spanId as string).toUpperCase()))[0]).toMatch(/hex/);
    expect(bent((s) => (s.kind = "SPAN_KIND_INTERNAL"))[0]).toMatch(/integers/);
    expect(bent((s) => (s.startTimeUnixNano = 1.7e18))[0]).toMatch(/decimal integer/);
    expect(
      bent((s) => (s.attributes = [{ key: "k", value: { stringValue: "a", boolValue: true } }]))[0],
    ).toMatch(/more than one/);
  });
});

describe("exportTrace in the Trace Event Format", () => {
  it("conforms: complete events in microseconds that nest per track, arrows inside slices", async () => {
    for (const [name, play] of Object.entries(plays)) {
      expect(traceEventProblems(await chrome(play.sid)), name).toEqual([]);
    }
  });

  it("draws one track per play, each child play linked from the span that started it", async () => {
    const trace = await chrome(plays.fanOut!.sid);
    const threads = trace.traceEvents.filter((e) => e.name === "thread_name");
    expect(threads.map((e) => e.args?.name)).toEqual([
      `fan_out · play ${plays.fanOut!.sid}`,
      ...(await api.plays.list({ parent: plays.fanOut!.sid }))
        .sort((a, b) => a.created_at - b.created_at)
        .map((child) => `service_code_gen · play ${child.sid}`),
    ]);
    const starts = trace.traceEvents.filter((e) => e.ph === "s");
    const ends = trace.traceEvents.filter((e) => e.ph === "f");
    expect(starts).toHaveLength(3);
    expect(new Set(ends.map((e) => e.tid))).toEqual(new Set([2, 3, 4]));
    expect(starts.every((e) => e.tid === 1)).toBe(true);
    // The parent's wait for its children is drawn on its track.
    const waits = trace.traceEvents.filter((e) => e.cat === "wait" && e.tid === 1);
    expect(waits.map((e) => e.name)).toContain("waiting for 3 child plays");
  });

  it("puts each span at its start and length in microseconds, with what it did in args", async () => {
    const sid = plays.failed!.sid;
    const trace = await chrome(sid);
    const stored = await api.plays.spans(sid);
    const slices = trace.traceEvents.filter(
      (e): e is TraceEvent & { ts: number; dur: number } => e.ph === "X" && e.cat !== "wait",
    );
    expect(slices).toHaveLength(stored.length);
    for (const span of stored) {
      const slice = slices.find((e) => e.args?.span_sid === span.sid)!;
      expect(slice.name).toBe(span.name);
      expect(slice.ts).toBe(Math.round(span.started_at * 1000));
      expect(slice.dur).toBe(Math.round(span.ended_at! * 1000) - slice.ts);
      expect(slice.args?.status).toBe(span.status);
      if (span.error) expect(slice.args?.error).toContain(span.error.message);
    }
    const queued = trace.traceEvents.find((e) => e.cat === "wait" && e.name === "queued");
    expect(queued?.ts).toBe(Math.round(plays.failed!.created_at * 1000));
  });

  it("has a checker that refuses tracks that do not nest and arrows to nowhere", () => {
    const x = (ts: number, dur: number) => ({ name: "a", ph: "X", pid: 1, tid: 1, ts, dur });
    expect(traceEventProblems({ traceEvents: [x(0, 10), x(5, 10)] })[0]).toMatch(/sticks out/);
    expect(traceEventProblems({ traceEvents: [x(0, 10), x(2, 3), x(10, 0), x(10, 5)] })).toEqual(
      [],
    );
    const arrow = { name: "c", cat: "c", pid: 1, tid: 2, id: 1, ts: 3 };
    expect(
      traceEventProblems({
        traceEvents: [x(0, 10), { ...arrow, ph: "s", tid: 1 }, { ...arrow, ph: "f" }],
      })[0],
    ).toMatch(/no slice/);
    expect(
      traceEventProblems({ traceEvents: [{ name: "a", ph: "X", pid: 1, tid: 1, ts: 1 }] })[0],
    ).toMatch(/dur/);
  });
});

describe("a play still running, and clocks that disagree", () => {
  // Node's Pyodide runs on the test's own thread, so a play caught mid-step is made up here.
  const span = (sid: string, parent: string | null, at: [number, number | null], name = sid) =>
    ({
      sid,
      parent_sid: parent,
      seq: 0,
      name,
      kind: parent ? "step" : "flow_root",
      status: at[1] === null ? "running" : "ok",
      started_at: at[0],
      ended_at: at[1],
      input: [],
      output: null,
      error: null,
      logs: "",
      source_file: "spinning.py",
      source_line: 9,
      step_key: parent ? `key-${sid}` : null,
      replayed: false,
      attributes: {},
      child_play_sid: null,
      play_sid: "spin0001",
      run_no: 1,
      version_sid: "v",
      replayed_from_run: null,
      replayed_from_span: null,
    }) as Span;
  const t0 = 1_796_000_000_000;
  const running: PlayTrace = {
    exported_at: t0 + 5000,
    root: undefined as never,
    plays: [
      {
        workflow: "spinning",
        play: {
          sid: "spin0001",
          status: "running",
          created_at: t0,
          run_count: 1,
          ended_at: null,
          parent_play_sid: null,
          input_data: {},
          error: null,
        } as unknown as Play,
        runs: [
          {
            run_no: 1,
            record: null,
            spans: [
              span("root", null, [t0 + 100, null], "main"),
              span("quick", "root", [t0 + 110.5, t0 + 120.25]),
              // Closed by the page's clock, a little past its parent's end as the worker saw it.
              span("late", "quick", [t0 + 115, t0 + 121]),
              span("spin", "root", [t0 + 130, null]),
            ],
          },
        ],
      },
    ],
  };
  running.root = running.plays[0]!;

  it("ends open spans at the export and keeps each slice inside its parent", async () => {
    const trace = toChromeTrace(running);
    expect(traceEventProblems(trace)).toEqual([]);
    const slice = (name: string) => trace.traceEvents.find((e) => e.name === name)!;
    expect(slice("spin").args?.status).toBe("running (still open)");
    expect(slice("spin").ts! + slice("spin").dur!).toBe((t0 + 5000) * 1000);
    expect(slice("quick")).toMatchObject({ ts: (t0 + 110.5) * 1000, dur: 9750 });
    expect(slice("late").ts! + slice("late").dur!).toBe((t0 + 120.25) * 1000);
    expect(slice("queued")).toMatchObject({ ts: t0 * 1000, dur: 100_000, cat: "wait" });
  });

  it("exports it as OTLP too: open spans unset, ending at the export", async () => {
    const data = await toOtlp(running);
    expect(otlpProblems(data)).toEqual([]);
    expect(roundTrip(data)).toEqual(withoutDefaults(data));
    const spans = spansOf(data);
    const spin = spans.find((s) => s.name === "spin")!;
    expect(spin.status).toEqual({ code: 0 });
    expect(spin.endTimeUnixNano).toBe(String(BigInt(t0 + 5000) * 1_000_000n));
    expect(spans[0]!.endTimeUnixNano).toBe(spin.endTimeUnixNano);
    expect(spans.find((s) => s.name === "quick")!.startTimeUnixNano).toBe(
      String(BigInt(t0 + 110) * 1_000_000n + 500_000n),
    );
  });
});

describe("exportTrace's arguments", () => {
  it("refuses an unknown play, a missing or unknown format and unknown options", async () => {
    const refused = async (promise: Promise<unknown>) => {
      const error = await rejection(promise);
      return `${error.code}: ${error.message}`;
    };
    const sid = plays.failed!.sid;
    expect(await refused(api.exportTrace("nope", { format: "otlp" }))).toBe(
      "not_found: no play 'nope'",
    );
    expect(await refused(api.exportTrace(sid, undefined as never))).toMatch(
      /^invalid_input: exportTrace takes .* not no format$/,
    );
    expect(await refused(api.exportTrace(sid, { format: "perfetto" } as never))).toMatch(
      /not "perfetto"/,
    );
    expect(await refused(api.exportTrace(sid, { format: "otlp", pretty: true } as never))).toMatch(
      /has no option 'pretty'/,
    );
    expect(await refused(api.exportTrace(42 as never, { format: "otlp" }))).toMatch(
      /play sid must be text/,
    );
  });
});
