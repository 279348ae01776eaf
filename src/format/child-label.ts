import type { Play, Span } from "../db/records";
import { duration } from "./format";

const LABEL_CHARS = 48;

function shortValue(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}

/**
 * A call's inputs in a few characters, `spec="parse the batch 0", style="terse"`: what tells
 * fan-out children apart where their flow's name and random sids do not.
 */
export function shortInputs(value: unknown, max = LABEL_CHARS): string {
  if (value === null || value === undefined) return "";
  const text =
    typeof value === "object" && !Array.isArray(value)
      ? Object.entries(value)
          .map(([key, item]) => `${key}=${shortValue(item)}`)
          .join(", ")
      : Array.isArray(value)
        ? value.map(shortValue).join(", ")
        : shortValue(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The label a span row shows beside its name: a child play's inputs. */
export function childLabel(span: Span, child: Play | undefined): string {
  if (!span.child_play_sid) return "";
  return shortInputs(child ? child.input_data : span.kind === "subflow" ? span.input : null);
}

/**
 * The time a span stands for: a span that starts or waits for a child play stands for the
 * child's own run (starting it takes a millisecond), else its own start to end.
 */
export function spanDuration(span: Span, child: Play | undefined, now: number): string {
  if (child?.started_at) {
    return duration(child.started_at, child.ended_at ?? now);
  }
  return duration(span.started_at, span.status === "running" ? now : span.ended_at);
}

/**
 * The stretch of time a span stands for, `[start, end]` in epoch ms: the child play's own run
 * where the span starts or waits for one that has started, else the span's own.
 */
export function spanTime(span: Span, child: Play | undefined, now: number): [number, number] {
  if (child?.started_at) return [child.started_at, child.ended_at ?? now];
  return [span.started_at, span.ended_at ?? now];
}
