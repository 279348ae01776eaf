import { createRequire } from "node:module";
import { describe, expect, it, vi } from "vitest";
import type { Span } from "../db/records";
import {
  createLayoutService,
  LayoutSupersededError,
  LayoutTimeoutError,
  type LayoutWorker,
  LayoutWorkerError,
} from "./layout-service";
import { buildSpanGraph, type SpanGraphModel } from "./model";

// elkjs's in-process stand-in for its worker: the same ELK, answering through a setTimeout.
const { Worker: FakeWorker } = createRequire(import.meta.url)("elkjs/lib/elk-worker.min.js") as {
  Worker: new () => LayoutWorker;
};

function elkWorker(): LayoutWorker {
  const worker = new FakeWorker();
  worker.terminate = () => {
    worker.onmessage = () => {};
  };
  return worker;
}

/** Answers everything but layouts: a worker stuck in a layout that never ends. */
function stuckWorker(): LayoutWorker {
  const worker: LayoutWorker = {
    onmessage: null,
    postMessage(message) {
      const { id, cmd } = message as { id: number; cmd: string };
      if (cmd !== "layout")
        setTimeout(() => worker.onmessage?.({ data: { id, data: [] } } as MessageEvent));
    },
    terminate: vi.fn(),
  };
  return worker;
}

function model(stages: number, tasks: number, names = (j: number) => `task_${j}`): SpanGraphModel {
  const spans: Span[] = [];
  const add = (sid: string, parent: string | null, name: string) =>
    spans.push({
      sid,
      parent_sid: parent,
      name,
      seq: spans.length,
      status: "ok",
      kind: "step",
      started_at: spans.length,
      ended_at: spans.length + 1,
      replayed: false,
    } as Span);
  add("root", null, "main");
  for (let i = 0; i < stages; i++) {
    add(`s${i}`, "root", `stage_${i}`);
    for (let j = 0; j < tasks; j++) add(`s${i}t${j}`, `s${i}`, names(j));
  }
  return buildSpanGraph(spans, { maxNodes: 5000, now: spans.length + 1 });
}

describe("createLayoutService", () => {
  it("lays out a tree top-down with siblings in start order", async () => {
    const service = createLayoutService({ createWorker: elkWorker });
    const input = model(6, 8);
    const graph = await service.layout(input);
    expect(graph.nodes.map((n) => n.id)).toEqual(input.nodes.map((n) => n.id));
    const at = new Map(graph.nodes.map((n) => [n.id, n]));
    for (let i = 0; i < 6; i++) {
      expect(at.get(`s${i}`)!.y).toBeGreaterThan(at.get("root")!.y);
      for (let j = 1; j < 8; j++) {
        expect(at.get(`s${i}t${j}`)!.x).toBeGreaterThan(at.get(`s${i}t${j - 1}`)!.x);
      }
      if (i > 0) expect(at.get(`s${i}`)!.x).toBeGreaterThan(at.get(`s${i - 1}`)!.x);
    }
    for (const edge of graph.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2);
    expect(graph.width).toBeGreaterThan(0);
    service.dispose();
  });

  it("drops an outdated request for the newest one, and reuses a layout of the same shape", async () => {
    const createWorker = vi.fn(elkWorker);
    const service = createLayoutService({ createWorker });
    const first = service.layout(model(3, 3));
    const second = service.layout(model(3, 4));
    const third = service.layout(model(3, 5));
    await expect(first).rejects.toBeInstanceOf(LayoutSupersededError);
    await expect(second).rejects.toBeInstanceOf(LayoutSupersededError);
    const laidOut = await third;
    expect(laidOut.nodes).toHaveLength(1 + 3 + 15);
    expect(laidOut.layoutMs).toBeGreaterThan(0);

    const again = await service.layout(model(3, 5));
    expect(again.layoutMs).toBe(0);
    expect(again.nodes.map((n) => [n.x, n.y])).toEqual(laidOut.nodes.map((n) => [n.x, n.y]));
    expect(createWorker).toHaveBeenCalledTimes(1);
    service.dispose();
  });

  it("stops a layout over its time budget and starts a fresh worker next time", async () => {
    const workers: LayoutWorker[] = [];
    const service = createLayoutService({
      createWorker: () => {
        const worker = workers.length === 0 ? stuckWorker() : elkWorker();
        workers.push(worker);
        return worker;
      },
      timeoutMs: 200,
    });
    const stuck = service.layout(model(2, 2));
    await expect(stuck).rejects.toThrow(LayoutTimeoutError);
    await expect(stuck).rejects.toThrow(/longer than 0.2 s \(7 nodes\)/);
    expect(workers[0]!.terminate).toHaveBeenCalled();
    const recovered = await service.layout(model(2, 3));
    expect(recovered.nodes).toHaveLength(9);
    expect(workers).toHaveLength(2);
    service.dispose();
  });

  it("fails at once when the worker's script does not load", async () => {
    const broken: LayoutWorker = {
      onmessage: null,
      postMessage() {},
      terminate: vi.fn(),
      addEventListener(_type, listener) {
        setTimeout(() => listener(new Event("error") as ErrorEvent));
      },
    };
    const service = createLayoutService({ createWorker: () => broken });
    const failed = service.layout(model(1, 1));
    await expect(failed).rejects.toBeInstanceOf(LayoutWorkerError);
    await expect(failed).rejects.toThrow("The layout worker failed: its script did not load.");
    expect(broken.terminate).toHaveBeenCalled();
  });

  it("cancels on abort", async () => {
    const service = createLayoutService({ createWorker: elkWorker });
    const controller = new AbortController();
    const pending = service.layout(model(2, 2), { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect((await service.layout(model(2, 2))).nodes).toHaveLength(7);
    service.dispose();
  });

  it("measures layouts of about 200 and 500 nodes", async () => {
    const service = createLayoutService({ createWorker: elkWorker, timeoutMs: 30_000 });
    await service.layout(model(4, 4)); // warm-up
    for (const [stages, tasks] of [
      [20, 9],
      [50, 9],
    ] as const) {
      const input = model(stages, tasks);
      const graph = await service.layout(input);
      console.info(`ELK layout of ${input.nodes.length} nodes: ${Math.round(graph.layoutMs)} ms`);
      expect(graph.nodes).toHaveLength(1 + stages * (tasks + 1));
    }
    service.dispose();
  });
});
