import type { Span } from "../db/records";

/** What sits under one parent in the graph: a span, or a run of same-named siblings. */
export type SiblingItem =
  | { type: "span"; span: Span }
  | { type: "group"; id: string; name: string; members: Span[] };

export interface GroupingRules {
  /** Shortest run of same-named siblings drawn as one node. */
  groupMin: number;
  /** Group ids the reader opened: their members show one by one, under the group node. */
  expanded: { has(id: string): boolean };
  /** Spans that stay out of any closed group (opened ones, the selection). */
  keepApart: (span: Span) => boolean;
}

/**
 * The id of a group: parent, name and the first member's `seq`, so it survives the run
 * growing longer while the play goes on.
 */
export function groupId(parentKey: string, name: string, firstSeq: number): string {
  return `group:${parentKey}:${name}:${firstSeq}`;
}

/** Split siblings (in start order) into maximal runs of the same name. */
function sameNameRuns(siblings: readonly Span[]): Span[][] {
  const runs: Span[][] = [];
  for (const span of siblings) {
    const last = runs.at(-1);
    if (last && last[0]!.name === span.name) last.push(span);
    else runs.push([span]);
  }
  return runs;
}

/**
 * The items drawn under `parentKey`. A run of at least `groupMin` same-named siblings becomes
 * one group; in a closed group, a span kept apart splits the run around itself.
 */
export function siblingItems(
  parentKey: string,
  siblings: readonly Span[],
  rules: GroupingRules,
): SiblingItem[] {
  const items: SiblingItem[] = [];
  const pushRun = (run: Span[]) => {
    if (run.length >= rules.groupMin) {
      const name = run[0]!.name;
      items.push({ type: "group", id: groupId(parentKey, name, run[0]!.seq), name, members: run });
    } else for (const span of run) items.push({ type: "span", span });
  };
  for (const run of sameNameRuns(siblings)) {
    if (run.length < rules.groupMin) {
      pushRun(run);
      continue;
    }
    if (rules.expanded.has(groupId(parentKey, run[0]!.name, run[0]!.seq))) {
      pushRun(run);
      continue;
    }
    let segment: Span[] = [];
    for (const span of run) {
      if (rules.keepApart(span)) {
        pushRun(segment);
        segment = [];
        items.push({ type: "span", span });
      } else segment.push(span);
    }
    pushRun(segment);
  }
  return items;
}
