/**
 * Tests only: check a JSON value against the Trace Event Format (the JSON Object Format that
 * Perfetto and chrome://tracing read), for the events this app writes: complete events (`X`,
 * `ts` and `dur` in microseconds), metadata (`M`) and flow events (`s`, `f`). Beyond the
 * fields, it checks what a viewer needs to draw a track: complete events of one thread nest
 * (none sticks out of another it overlaps), and every arrow starts and ends inside a slice.
 */

const PHASES = new Set(["X", "M", "s", "f"]);
const METADATA = new Set([
  "process_name",
  "thread_name",
  "thread_sort_index",
  "process_sort_index",
]);

interface Slice {
  ts: number;
  end: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isTime = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;

/** Every way `value` departs from the format (empty: it conforms). */
export function traceEventProblems(value: unknown): string[] {
  const out: string[] = [];
  if (!isObject(value) || !Array.isArray(value.traceEvents)) {
    return ["a trace must be an object with a traceEvents list"];
  }
  if (
    value.displayTimeUnit !== undefined &&
    !["ms", "ns"].includes(value.displayTimeUnit as string)
  ) {
    out.push('displayTimeUnit must be "ms" or "ns"');
  }
  const slices = new Map<string, Slice[]>();
  const flows = new Map<string, { s?: [string, number]; f?: [string, number] }>();
  for (const [i, event] of (value.traceEvents as unknown[]).entries()) {
    const stop = readEvent(event, `traceEvents[${i}]`, { out, slices, flows });
    if (stop) out.push(stop);
  }
  for (const [track, list] of slices) out.push(...nestingProblems(track, list));
  for (const [key, flow] of flows) {
    if (!flow.s || !flow.f) {
      out.push(`flow ${key} lacks its ${flow.s ? "end" : "start"}`);
      continue;
    }
    for (const [track, ts] of [flow.s, flow.f]) {
      if (!(slices.get(track) ?? []).some((s) => s.ts <= ts && ts <= s.end)) {
        out.push(`flow ${key}: no slice on track ${track} encloses ${ts}`);
      }
    }
  }
  return out;
}

/** Slices of a track must nest: each lies inside the one open around it, or after it. */
function nestingProblems(track: string, list: Slice[]): string[] {
  const out: string[] = [];
  const sorted = [...list].sort((a, b) => a.ts - b.ts || b.end - a.end);
  const open: Slice[] = [];
  for (const slice of sorted) {
    while (
      open.length > 0 &&
      open[open.length - 1]!.end <= slice.ts &&
      open[open.length - 1]!.end < slice.end
    ) {
      open.pop();
    }
    const parent = open[open.length - 1];
    if (parent && slice.end > parent.end) {
      out.push(
        `track ${track}: [${slice.ts}, ${slice.end}] sticks out of [${parent.ts}, ${parent.end}]`,
      );
    }
    open.push(slice);
  }
  return out;
}

interface Seen {
  out: string[];
  slices: Map<string, Slice[]>;
  flows: Map<string, { s?: [string, number]; f?: [string, number] }>;
}

/** Check one event and note what it adds; returns the problem that stops its check, if any. */
function readEvent(event: unknown, at: string, { out, slices, flows }: Seen): string | null {
  if (!isObject(event)) return `${at}: an event must be an object`;
  if (typeof event.name !== "string") out.push(`${at}: name must be text`);
  if (!PHASES.has(event.ph as string)) return `${at}: unknown phase ${event.ph}`;
  if (!isCount(event.pid) || !isCount(event.tid)) out.push(`${at}: pid and tid must be integers`);
  const track = `${event.pid}/${event.tid}`;
  if (event.args !== undefined && !isObject(event.args)) out.push(`${at}: args must be an object`);
  if (event.ph === "M") {
    if (!METADATA.has(event.name as string)) out.push(`${at}: unknown metadata ${event.name}`);
    const args = (event.args ?? {}) as Record<string, unknown>;
    const ok = event.name?.toString().endsWith("sort_index")
      ? Number.isInteger(args.sort_index)
      : typeof args.name === "string";
    if (!ok) out.push(`${at}: metadata ${event.name} lacks its argument`);
    return null;
  }
  if (!isTime(event.ts)) return `${at}: ts must be microseconds, 0 or more`;
  const ts = event.ts as number;
  if (event.ph === "X") {
    if (!isTime(event.dur)) return `${at}: a complete event needs dur, 0 or more`;
    const list = slices.get(track) ?? [];
    list.push({ ts, end: ts + (event.dur as number) });
    slices.set(track, list);
    return null;
  }
  if (typeof event.id !== "number" && typeof event.id !== "string") {
    return `${at}: a flow event needs an id`;
  }
  if (typeof event.cat !== "string") out.push(`${at}: a flow event needs a cat`);
  if (event.ph === "f" && event.bp !== undefined && event.bp !== "e")
    out.push(`${at}: bp must be "e"`);
  const key = `${event.cat}:${event.id}`;
  const flow = flows.get(key) ?? {};
  flow[event.ph as "s" | "f"] = [track, ts];
  flows.set(key, flow);
  return null;
}
