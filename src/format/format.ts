import { previewJsonText } from "./json-preview";

/** "3 min ago" style relative time. */
export function relativeTime(ms: number | null | undefined, now = Date.now()): string {
  if (!ms) return "—";
  const seconds = Math.round((now - ms) / 1000);
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(ms).toLocaleDateString();
}

export function absoluteTime(ms: number | null | undefined): string {
  return ms ? new Date(ms).toLocaleString() : "";
}

/** A duration between two times, as `formatMs` writes it. */
export function duration(start: number | null | undefined, end: number | null | undefined): string {
  if (!start) return "";
  return formatMs((end ?? Date.now()) - start);
}

/** Milliseconds for a fixed-width column: 0.4 ms, 12 ms, 1.2 s, 3 min 4 s. */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null) return "";
  if (ms < 0.01) return "<0.01 ms";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A JSON value indented; from `json`, its text as Python wrote it, when there is one (exact). */
export function prettyJson(value: unknown, json?: string): string {
  if (json !== undefined) return previewJsonText(json, Number.POSITIVE_INFINITY).text;
  if (value === undefined) return "";
  return JSON.stringify(value, null, 2);
}
