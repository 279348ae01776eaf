#!/usr/bin/env node
/**
 * `npm run bench`: the runtime's figures side by side with their floors, in one Chromium run.
 * Builds the app when needed, serves dist/ on loopback, drives Debian's Chromium, prints
 * progress on stderr and one JSON line on stdout, last. Figures are straight measurements
 * (milliseconds unless named otherwise); see docs/benchmark.md for what each one means.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "@playwright/test";

const root = new URL("..", import.meta.url).pathname;
const STEPS = 10_000;
const FANOUT = 20;
const SHORT_PLAYS = 20;
// run_ms and replay_ms are medians of this many plays; the first of each is also given alone
// (first_run_ms, first_replay_ms): it includes the browser compiling the code it runs anew.
const REPEATS = 3;
const PORT = Number(process.env.BENCH_PORT) || 4175;
const base = `http://127.0.0.1:${PORT}/`;
const log = (...parts) => console.error("[bench]", ...parts);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const built = join(root, "dist/bench.html");
  const sources = Math.max(
    ...["src", "worker", "pysdk"].map((d) => newestMtime(join(root, d))),
    ...["index.html", "bench.html", "vite.config.ts", "package-lock.json"].map(
      (f) => statSync(join(root, f)).mtimeMs,
    ),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  log("building dist/ …");
  execFileSync("npx", ["vite", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}

async function serve() {
  const server = spawn(
    "npx",
    ["vite", "preview", "--port", String(PORT), "--strictPort", "--host", "127.0.0.1"],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"], detached: true },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return server;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("vite preview did not start");
}

/** The measured play whose `ms` is the median (REPEATS is odd). */
const medianOf = (plays) => [...plays].sort((a, b) => a.ms - b.ms)[Math.floor(plays.length / 2)];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value) => (value == null ? null : Math.round(value * 10) / 10);

const BENCH_STEPS = `from hero_logic import flow

def inc(i):
    return i + 1

@flow
def main(n: int = 10, pause: bool = False):
    total = 0
    for i in range(n):
        total += flow.step(inc, i)
    if pause:
        flow.pause("go")
    return {"total": total}
`;

// 40 groups of 49 distinct steps: 2,001 spans, more than the graph view shows at once.
const BENCH_GRAPH = `from hero_logic import flow

def inc(i):
    return i + 1

@flow
def main(parts: int = 40, size: int = 49):
    for j in range(parts):
        with flow.span(f"part{j}"):
            for k in range(size):
                flow.step(inc, k, name=f"s{k}")
    return {"spans": 1 + parts * (size + 1)}
`;

const BENCH_FLOOR = `import time
from hero_logic import flow

def inc(i):
    return i + 1

@flow
def main(n: int = 10):
    started = time.perf_counter()
    total = 0
    for i in range(n):
        total += inc(i)
    return {"ms": (time.perf_counter() - started) * 1000, "total": total}
`;

// One step: what a short play costs beyond Python, from plays.start until wait says completed.
const BENCH_SHORT = `import os
from hero_logic import flow

def token():
    return os.urandom(4).hex()

@flow
def main():
    return {"token": flow.step(token)}
`;

/** Measured inside the page: start → wait (→ resume → wait), in page milliseconds. */
async function timedPlay(page, name, inputs, { resume = false } = {}) {
  return page.evaluate(
    async ([flowName, flowInputs, doResume]) => {
      const api = window.heroLogic;
      const t0 = performance.now();
      const play = await api.plays.start(flowName, flowInputs);
      let done = await api.plays.wait(play.sid, { timeoutMs: 600_000 });
      const t1 = performance.now();
      if (!doResume) return { sid: play.sid, ms: t1 - t0, play: done };
      const t2 = performance.now();
      await api.plays.resume(play.sid, {});
      done = await api.plays.wait(play.sid, { timeoutMs: 600_000 });
      return { sid: play.sid, ms: performance.now() - t2, play: done, first: t1 - t0 };
    },
    [name, inputs, resume],
  );
}

/** Log where each run of a play spent its time (the engine's performance measures). */
async function logPhases(page, label, playSid) {
  const runs = await page.evaluate((sid) => {
    const byRun = {};
    for (const entry of performance.getEntriesByType("measure")) {
      if (!entry.name.startsWith("hero_logic:run:") || entry.detail?.play !== sid) continue;
      byRun[entry.detail.run] ??= {};
      byRun[entry.detail.run][entry.name.slice("hero_logic:run:".length)] = entry.duration;
      if (entry.detail.warm) byRun[entry.detail.run].warm = true;
    }
    return byRun;
  }, playSid);
  for (const [runNo, phases] of Object.entries(runs)) {
    const { warm, ...timed } = phases;
    const text = Object.entries(timed)
      .map(([phase, ms]) => `${phase} ${Math.round(ms)} ms`)
      .join(", ");
    log(`  ${label}, run ${runNo}${warm ? " (warm)" : ""}: ${text}`);
  }
}

/**
 * `play_latency_ms`: the median of SHORT_PLAYS one-step plays, one after the other, on a worker
 * that has run the flow already, from `plays.start` until `plays.wait` returns `completed`.
 * stderr breaks a play down (median of each): `call` until `plays.start` returned, each of the
 * engine's `hero_logic:play:*` measures of the play (see src/engine/run/timing.ts), and `wake` from
 * the end of the last one (the completion stored) until `wait` returned.
 */
async function playLatency(page) {
  const plays = await page.evaluate(async (count) => {
    const api = window.heroLogic;
    const timed = async () => {
      const idb = { ...window.__idb };
      const t0 = performance.now();
      const play = await api.plays.start("bench_short", {});
      const t1 = performance.now();
      const done = await api.plays.wait(play.sid, { timeoutMs: 60_000 });
      const t2 = performance.now();
      if (done.status !== "completed") throw new Error(`short play ${done.status}`);
      const transactions = window.__idb.transactions - idb.transactions;
      return {
        sid: play.sid,
        t0,
        t1,
        t2,
        transactions,
        requests: window.__idb.requests - idb.requests,
      };
    };
    // The first binds a worker to the flow; the next ones settle what runs after a play.
    for (let i = 0; i < 3; i++) await timed();
    const results = [];
    for (let i = 0; i < count; i++) results.push(await timed());
    const measures = performance.getEntriesByType("measure");
    return results.map((r) => {
      const own = measures.filter(
        (m) => m.name.startsWith("hero_logic:") && m.detail?.play === r.sid,
      );
      // The fine phases where the build has them, else the run's coarse ones.
      const fine = own.filter((m) => m.name.startsWith("hero_logic:play:"));
      const phases = (fine.length > 0 ? fine : own).map((m) => ({
        name: m.name.slice(m.name.indexOf(":", "hero_logic:".length) + 1),
        start: m.startTime,
        end: m.startTime + m.duration,
      }));
      return { ...r, phases };
    });
  }, SHORT_PLAYS);
  const totals = plays.map((p) => p.t2 - p.t0);
  const phases = new Map([["call", plays.map((p) => p.t1 - p.t0)]]);
  for (const play of plays) {
    for (const phase of play.phases) {
      if (!phases.has(phase.name)) phases.set(phase.name, []);
      phases.get(phase.name).push(phase.end - phase.start);
    }
  }
  // From the last phase's end (the completion stored) until `wait` returned.
  phases.set(
    "wake",
    plays.map((p) => p.t2 - Math.max(p.t1, ...p.phases.map((m) => m.end))),
  );
  const ms = (value) => `${round(value)} ms`;
  log(
    `  ${plays.length} plays: median ${ms(median(totals))}, ${ms(Math.min(...totals))}–${ms(Math.max(...totals))}`,
  );
  log(
    `  IndexedDB in the page from start to wait (medians): ${median(plays.map((p) => p.transactions))} transactions, ${median(plays.map((p) => p.requests))} requests`,
  );
  log(
    `  where a play's time goes (medians): ${[...phases]
      .map(([name, values]) => `${name} ${ms(median(values))}`)
      .join(", ")}`,
  );
  return median(totals);
}

async function longTasksMax(page, phase = "") {
  const max = await page.evaluate(() => {
    const longest = Math.max(0, ...window.__longTasks);
    window.__longTasks = [];
    return longest;
  });
  if (phase) log(`  longest main-thread task during ${phase}: ${Math.round(max)} ms`);
  return max;
}

/** Navigate the app to a route and wait until `selector` is painted (two frames later). */
async function openRoute(page, route, selector) {
  return page.evaluate(
    async ([hash, css]) => {
      const t0 = performance.now();
      location.hash = hash;
      while (!document.querySelector(css)) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    },
    [route, selector],
  );
}

/**
 * A first visit: a fresh browser context (empty HTTP cache, storage and service worker), from
 * navigation until `heroLogic.ready()` resolves, and the bytes of the response bodies it
 * received by then, page and workers (the service worker's precache starts only after ready).
 */
async function firstVisit(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const sizes = [];
  let counting = true;
  context.on("requestfinished", (request) => {
    if (counting) sizes.push(request.sizes().then((s) => s.responseBodySize));
  });
  try {
    const page = await context.newPage();
    await page.goto(`${base}#/flows`);
    const ms = await page.evaluate(() => window.heroLogic.ready().then(() => performance.now()));
    counting = false;
    const bytes = (await Promise.all(sizes)).reduce((sum, n) => sum + n, 0);
    return { ms, bytes };
  } finally {
    await context.close();
  }
}

async function main() {
  buildIfNeeded();
  const server = await serve();
  const launch = JSON.parse(readFileSync(join(root, "scripts/chromium.json"), "utf8"));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || launch.path,
    args: [...launch.args, "--enable-precise-memory-info", "--js-flags=--expose-gc"],
  });
  const figures = { steps: STEPS };
  try {
    log("first_visit_ms and first_visit_bytes (fresh profile, empty cache, median of 3)");
    const visits = [];
    for (let i = 0; i < 3; i++) visits.push(await firstVisit(browser));
    figures.first_visit_ms = median(visits.map((visit) => visit.ms));
    figures.first_visit_bytes = median(visits.map((visit) => visit.bytes));

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
      }).observe({ type: "longtask", buffered: true });
      // IndexedDB work in the page (a machine's load changes times, not these counts).
      window.__idb = { transactions: 0, requests: 0 };
      const open = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (...args) {
        window.__idb.transactions += 1;
        return open.apply(this, args);
      };
      const requests = ["get", "getAll", "getAllKeys", "getKey", "count", "openCursor"];
      for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
        for (const name of [...requests, "openKeyCursor", "put", "add", "delete", "clear"]) {
          const method = proto[name];
          if (typeof method !== "function") continue;
          proto[name] = function (...args) {
            window.__idb.requests += 1;
            return method.apply(this, args);
          };
        }
      }
    });
    const benchScript = /src="([^"]+bench[^"]+\.js)"/.exec(
      readFileSync(join(root, "dist/bench.html"), "utf8"),
    )[1];

    log("first visit: boot, examples, bench flows");
    let page = await context.newPage();
    await page.goto(`${base}#/flows`);
    await page.evaluate(() => window.heroLogic.ready());
    await page.evaluate(
      async ([steps, floor, graph, short]) => {
        await window.heroLogic.workflows.save({ name: "bench_steps", source: steps });
        await window.heroLogic.workflows.save({ name: "bench_floor", source: floor });
        await window.heroLogic.workflows.save({ name: "bench_graph", source: graph });
        await window.heroLogic.workflows.save({ name: "bench_short", source: short });
      },
      [BENCH_STEPS, BENCH_FLOOR, BENCH_GRAPH, BENCH_SHORT],
    );
    await page.close();

    log("boot_ms and bare_pyodide_ms (warm HTTP cache, median of 3 each)");
    const boots = [];
    const bares = [];
    const paints = [];
    for (let i = 0; i < 3; i++) {
      page = await context.newPage();
      await page.goto(`${base}#/flows`);
      boots.push(await page.evaluate(() => window.heroLogic.ready().then(() => performance.now())));
      paints.push(
        await page.evaluate(
          () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
        ),
      );
      await page.addScriptTag({
        type: "module",
        url: `${base}${benchScript.replace(/^\.?\//, "")}`,
      });
      await page.waitForFunction(() => window.heroBench);
      bares.push(await page.evaluate(() => window.heroBench.barePyodide()));
      if (i < 2) await page.close();
    }
    figures.boot_ms = median(boots);
    figures.bare_pyodide_ms = median(bares);
    figures.first_paint_ms = median(paints);

    log(`play_latency_ms: ${SHORT_PLAYS} one-step plays on a warm worker`);
    figures.play_latency_ms = await playLatency(page);
    await longTasksMax(page);

    log("python_floor_ms");
    const floor = await timedPlay(page, "bench_floor", { n: STEPS });
    figures.python_floor_ms = floor.play.output_data.ms;
    await longTasksMax(page);

    log(`run_ms: ${STEPS} steps, median of ${REPEATS} plays`);
    // On a worker that ran the flow already, as play_latency_ms: the figure is the cost of the
    // steps, not of a worker's start (the pool's workers are bound to the flows before).
    await timedPlay(page, "bench_steps", { n: 10 });
    const runs = [];
    for (let i = 0; i < REPEATS; i++) {
      const run = await timedPlay(page, "bench_steps", { n: STEPS });
      if (run.play.status !== "completed") throw new Error(`bench play ${run.play.status}`);
      runs.push(run);
      await logPhases(page, "run", run.sid);
    }
    const run = medianOf(runs);
    figures.run_ms = run.ms;
    figures.first_run_ms = runs[0].ms;
    figures.per_step_us = (run.ms * 1000) / STEPS;
    let longTask = await longTasksMax(page, "the runs");

    log("raw_idb_ms");
    figures.raw_idb_ms = await page.evaluate((n) => window.heroBench.rawIdb(n), STEPS);
    await longTasksMax(page);

    log(`replay_ms: resume after ${STEPS} steps, median of ${REPEATS} plays`);
    const replays = [];
    for (let i = 0; i < REPEATS; i++) {
      const inputs = { n: STEPS, pause: true };
      const replay = await timedPlay(page, "bench_steps", inputs, { resume: true });
      if (replay.play.status !== "completed") throw new Error(`bench play ${replay.play.status}`);
      replays.push(replay);
      await logPhases(page, "replay", replay.sid);
    }
    figures.replay_ms = medianOf(replays).ms;
    figures.first_replay_ms = replays[0].ms;
    await longTasksMax(page);

    log(`fanout_ms: ${FANOUT} children`);
    const fanout = await timedPlay(page, "fan_out", { count: FANOUT });
    figures.fanout_ms = fanout.ms;
    figures.fanout_parent_runs = fanout.play.run_count;
    await longTasksMax(page);

    const graphPlay = await timedPlay(page, "bench_graph", {});
    figures.graph_spans = graphPlay.play.output_data.spans;
    await longTasksMax(page);

    log("tree_open_ms: a play of 10,000 spans");
    await openRoute(page, "#/plays", "table, .empty");
    figures.tree_open_ms = await openRoute(page, `#/plays/${run.sid}`, "[data-span-sid]");
    longTask = Math.max(longTask, await longTasksMax(page, "the tree opening"));
    figures.heap_mb = await page.evaluate(() => {
      window.gc?.();
      return performance.memory.usedJSHeapSize / 2 ** 20;
    });

    log(`graph_open_ms: a play of ${figures.graph_spans} spans, graph view`);
    await openRoute(page, "#/plays", "table, .empty");
    await page.evaluate(() => {
      localStorage.setItem("hero_logic.view", "graph");
      performance.clearMeasures("hero_logic:layout");
    });
    figures.graph_open_ms = await openRoute(
      page,
      `#/plays/${graphPlay.sid}`,
      ".span-graph [data-span-sid]",
    );
    const layout = await page.evaluate(() => {
      const [entry] = performance.getEntriesByName("hero_logic:layout");
      return entry ? { ms: entry.duration, nodes: entry.detail.nodes } : null;
    });
    figures.layout_nodes = layout?.nodes ?? null;
    figures.layout_ms = layout?.ms ?? null;
    await page.evaluate(() => localStorage.setItem("hero_logic.view", "tree"));
    figures.long_task_max_ms = Math.max(longTask, await longTasksMax(page, "the graph opening"));
  } finally {
    await browser.close();
    process.kill(-server.pid);
  }
  const line = Object.fromEntries(
    Object.entries(figures).map(([k, v]) => [k, typeof v === "number" ? round(v) : v]),
  );
  console.log(JSON.stringify(line));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
