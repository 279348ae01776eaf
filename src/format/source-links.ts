/**
 * Links from a play back to its code: the editor at a line of the version the play ran
 * (`#/flows/<name>?version=<sid>&line=N`), for a span's source and for traceback frames.
 */

/** The editor's address for `line` of flow `flowName`, at `versionSid` when known. */
export function sourceHref(flowName: string, line: number, versionSid?: string | null): string {
  const version = versionSid ? `version=${encodeURIComponent(versionSid)}&` : "";
  return `/flows/${encodeURIComponent(flowName)}?${version}line=${line}`;
}

/** A piece of a traceback: plain text, or a frame's `File "x.py", line N` that links. */
export type TracebackPart = { text: string; line?: number };

const FRAME = /File "([^"\n]+)", line (\d+)/g;

/**
 * Cut a Python traceback into text and the frames in `ownFile` (the flow's own file, which
 * the editor can open); frames in other files (the standard library, other flows) stay text.
 */
export function tracebackParts(traceback: string, ownFile: string | null): TracebackPart[] {
  const parts: TracebackPart[] = [];
  let at = 0;
  for (const match of traceback.matchAll(FRAME)) {
    if (!ownFile || match[1] !== ownFile) continue;
    if (match.index > at) parts.push({ text: traceback.slice(at, match.index) });
    parts.push({ text: match[0], line: Number(match[2]) });
    at = match.index + match[0].length;
  }
  if (at < traceback.length) parts.push({ text: traceback.slice(at) });
  return parts;
}
