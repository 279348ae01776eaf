import type { Span } from "../db/records";

/**
 * Where a span sits in its run, the same in every run of the play: the names from the root
 * down, each with its occurrence among same-named siblings ("main/loop/double#2"). Span sids
 * differ from run to run; this path does not, as long as the flow asked for the same spans.
 */
function spanPath(span: Span, bySid: ReadonlyMap<string, Span>, occurrence: Map<Span, number>) {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (let s: Span | undefined = span; s && !seen.has(s.sid); s = bySid.get(s.parent_sid ?? "")) {
    seen.add(s.sid);
    parts.push(`${s.name}#${occurrence.get(s) ?? 0}`);
  }
  return parts.reverse().join("/");
}

/** Each span's occurrence among its same-named siblings, in opening order. */
function occurrences(spans: readonly Span[]): Map<Span, number> {
  const counts = new Map<string, number>();
  const result = new Map<Span, number>();
  for (const span of [...spans].sort((a, b) => a.seq - b.seq)) {
    const key = `${span.play_sid}\u001f${span.parent_sid ?? ""}\u001f${span.name}`;
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    result.set(span, n);
  }
  return result;
}

function pathsOf(spans: readonly Span[]): Map<string, Span> {
  const bySid = new Map(spans.map((s) => [s.sid, s]));
  const occurrence = occurrences(spans);
  const byPath = new Map<string, Span>();
  for (const span of spans) {
    const path = spanPath(span, bySid, occurrence);
    if (!byPath.has(path)) byPath.set(path, span);
  }
  return byPath;
}

/**
 * The span of run `to` that stands where span `sid` stands in run `from` (same path of names
 * and occurrences), or `null` when that run has no such span: switching runs keeps the
 * selection when it can, and clears it otherwise.
 */
export function counterpartSpan(
  from: readonly Span[],
  sid: string,
  to: readonly Span[],
): string | null {
  const span = from.find((s) => s.sid === sid);
  if (!span) return null;
  if (to.some((s) => s.sid === sid)) return sid;
  const path = spanPath(span, new Map(from.map((s) => [s.sid, s])), occurrences(from));
  return pathsOf(to).get(path)?.sid ?? null;
}
