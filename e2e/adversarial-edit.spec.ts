/**
 * A flow edited while its play is parked at a pause (a resumed play then executes its steps
 * fresh, their keys contain the version, while the pause answers still apply), with an edit of a
 * random kind each time (seeded): a step added before the pause, a step's argument changed, a
 * step renamed, the pause removed, a required input added. The resumed run runs the new version
 * only: its steps execute fresh (nothing of the old version is replayed into it, and no step
 * runs under the old version again), the answer still applies, and the play's records agree;
 * an edit the play's inputs no longer fit fails it with Python's own message.
 */
import type { ConsoleMessage, Page } from "@playwright/test";
import type { Span } from "../src/db/records";
import { expect, saveFlow, test, uniqueName } from "./fixtures";
import { expectConsistent, type PlayRecords, settledRecords } from "./play-consistency";
import { seededRandom } from "./seeded";

const ITERATIONS = 10;

/** Every execution of a step says so on its worker's console, with its tag and fresh token. */
const BASE = `import os

import js
from hero_logic import flow


def token(tag: str) -> str:
    value = os.urandom(8).hex()
    js.console.log(f"adversarial-edit executed {tag} {value}")
    return value


@flow
def main():
    a = flow.step(token, "a", name="a")
    answer = flow.pause("approve", prompt="Note?", fields=[{"name": "note", "field_type": "str"}])
    b = flow.step(token, "b", name="b")
    return {"a": a, "note": answer["note"], "b": b}
`;

interface Edit {
  kind: string;
  source: string;
  /** The steps the resumed run makes, in order (name: tag it was given). */
  steps: string[];
  /** Whether the answer reaches the output (false: the new version asks nothing). */
  answered: boolean;
  /** The play fails, with this in its error; then `steps` are not checked. */
  fails?: RegExp;
}

function replaced(from: string, to: string): string {
  if (!BASE.includes(from)) throw new Error(`the base source has no ${from}`);
  return BASE.replace(from, to);
}

const EDITS: Edit[] = [
  {
    kind: "a step added before the pause",
    source: replaced(
      '    a = flow.step(token, "a", name="a")\n',
      '    flow.step(token, "z", name="z")\n    a = flow.step(token, "a", name="a")\n',
    ),
    steps: ["z:z", "a:a", "b:b"],
    answered: true,
  },
  {
    kind: "a step's argument changed",
    source: replaced('flow.step(token, "a", name="a")', 'flow.step(token, "a2", name="a")'),
    steps: ["a:a2", "b:b"],
    answered: true,
  },
  {
    kind: "a step renamed",
    source: replaced('flow.step(token, "a", name="a")', 'flow.step(token, "a", name="first")'),
    steps: ["first:a", "b:b"],
    answered: true,
  },
  {
    kind: "the pause removed",
    source: replaced(
      '    answer = flow.pause("approve", prompt="Note?", fields=[{"name": "note", "field_type": "str"}])\n',
      '    answer = {"note": "no pause"}\n',
    ),
    steps: ["a:a", "b:b"],
    answered: false,
  },
  {
    kind: "a required input added",
    source: replaced("def main():", "def main(extra: int):"),
    steps: [],
    answered: false,
    fails: /missing 1 required positional argument: 'extra'/,
  },
];

const EXECUTED = /^adversarial-edit executed (\S+) ([0-9a-f]{16})$/;

/** The tokens each tag's executions returned, as the workers' consoles say, from now on. */
function listenForExecutions(page: Page) {
  const executed: { tag: string; token: string }[] = [];
  const listener = (message: ConsoleMessage) => {
    const match = EXECUTED.exec(message.text());
    if (match?.[1] && match[2]) executed.push({ tag: match[1], token: match[2] });
  };
  page.context().on("console", listener);
  return { executed, stop: () => page.context().off("console", listener) };
}

/** The runs' `token` steps (the pause is a span of kind step too). */
function steps(run: Span[] | undefined): Span[] {
  return (run ?? []).filter((s) => s.kind === "step" && s.name !== "approve");
}

/** The resumed run executed the new version, fresh, and only it. */
function expectFreshUnderNewVersion(
  label: string,
  edit: Edit,
  { play, runs, spans }: PlayRecords,
  versions: { before: string; after: string },
  note: string,
) {
  expect(
    runs.map((r) => [r.ended_by, r.version_sid]),
    `${label}: run 1 paused under the old version, run 2 ended under the new one`,
  ).toEqual([
    ["paused", versions.before],
    [play.status, versions.after],
  ]);
  expect(play.version_sid, label).toBe(versions.after);
  const run2 = spans[1] ?? [];
  for (const span of run2) {
    expect(
      { span: span.name, version: span.version_sid, replayed: span.replayed },
      `${label}: nothing of the old version comes back in the new one`,
    ).toEqual({ span: span.name, version: versions.after, replayed: false });
  }
  if (edit.fails) return;
  const made = steps(run2).map((s) => `${s.name}:${Object.values(s.input as object)[0]}`);
  expect(made, `${label}: the new version's steps`).toEqual(edit.steps);
  const output = play.output_data as Record<string, string>;
  expect(output.note, `${label}: the answer applies`).toBe(edit.answered ? note : "no pause");
}

test("a flow edited while its play is paused: the resumed run executes the new version fresh", async ({
  appPage: page,
}, testInfo) => {
  test.setTimeout(180_000);
  const random = seededRandom("adversarial-edit", testInfo);
  const seen: Record<string, number> = {};
  // Every kind comes up, in a seeded order.
  const kinds = Array.from({ length: ITERATIONS }, (_, i) => ({ i, key: random.next() }))
    .sort((x, y) => x.key - y.key)
    .map(({ i }) => EDITS[i % EDITS.length] as Edit);
  for (const [n, edit] of kinds.entries()) {
    const i = n + 1;
    const note = `note ${random.between(0, 9999)}`;
    const label = `iteration ${i} (seed ${random.seed}, ${edit.kind})`;
    const name = uniqueName("e2e_edit_paused");
    await saveFlow(page, name, BASE);
    const listening = listenForExecutions(page);
    const { sid, before } = await page.evaluate(async (flow) => {
      const { sid, version_sid } = await window.heroLogic.plays.start(flow);
      await window.heroLogic.plays.wait(sid, { timeoutMs: 60_000 });
      return { sid, before: version_sid };
    }, name);
    await saveFlow(page, name, edit.source);
    const after = await page.evaluate(
      async (flow) => (await window.heroLogic.workflows.get(flow))?.current_version_sid ?? "",
      name,
    );
    await page.evaluate(([playSid, n]) => window.heroLogic.plays.resume(playSid, { note: n }), [
      sid,
      note,
    ] as const);
    const records = await settledRecords(page, sid);
    expectConsistent(label, records);
    expect(records.play.status, label).toBe(edit.fails ? "failed" : "completed");
    if (edit.fails) expect(records.play.error?.message ?? "", label).toMatch(edit.fails);
    expectFreshUnderNewVersion(label, edit, records, { before, after }, note);

    // Every execution is a stored step of one run: no step ran under the old version again,
    // and none ran twice.
    const stored = records.spans.flatMap((run) => steps(run).map((s) => s.output as string));
    await expect
      .poll(() => listening.executed.map((e) => e.token).sort(), { message: label })
      .toEqual([...stored].sort());
    listening.stop();
    expect(
      steps(records.spans[0]).map((s) => s.name),
      `${label}: run 1`,
    ).toEqual(["a"]);
    seen[edit.kind] = (seen[edit.kind] ?? 0) + 1;
    console.log(`${label}: ${records.play.status} in ${records.play.run_count} runs`);
  }
  console.log(`adversarial-edit: ${JSON.stringify(seen)}`);
});
