/**
 * Bad input, as an adversarial user gives it: each case gets a clear message where the user
 * is looking (the editor, the form field, the import button, the API's error code), and no
 * stored data changes (the whole library and every play, compared through `exportBundle`).
 */
import { writeFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { encodeSharedFlow, type SharedFlow } from "../src/engine/portable/share";
import {
  expect,
  gotoRoute,
  openNewPlay,
  saveFlow,
  setEditorText,
  test,
  uniqueName,
} from "./fixtures";

const GOOD = `from hero_logic import flow


@flow
def main(topic: str = "ducks"):
    return {"topic": topic}
`;

/** Everything stored (flows, versions, plays, runs, spans, outputs, answers), as JSON text. */
async function stored(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const { exported_at: _, ...rest } = await window.heroLogic.exportBundle();
    return JSON.stringify(rest);
  });
}

declare global {
  interface Window {
    /** `"<code>: <message>"` of the promise's error, or `"ok"` (installed by `outcomes`). */
    outcome(promise: Promise<unknown>): Promise<string>;
  }
}

/** Install `window.outcome`, which turns an API call's error into comparable text. */
async function outcomes(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.outcome = (promise) =>
      promise.then(
        () => "ok",
        (error: { code?: string; message?: string }) =>
          `${error.code ?? "no code"}: ${error.message}`,
      );
  });
}

test("Python that does not parse is refused on save and on run, naming the line", async ({
  appPage: page,
}) => {
  const name = uniqueName("broken");
  await saveFlow(page, name, GOOD);
  const broken = GOOD.replace("return {", "return {{");
  const before = await stored(page);

  await outcomes(page);
  const save = (flow: { name: string; source: string }) =>
    page.evaluate((f) => window.outcome(window.heroLogic.workflows.save(f)), flow);
  expect(await save({ name, source: broken })).toMatch(/^syntax_error: line 6: /);
  expect(await save({ name: uniqueName("new"), source: "x = 1\ndef (" })).toMatch(
    /^syntax_error: line 2: /,
  );

  await gotoRoute(page, `#/flows/${name}`);
  await setEditorText(page.getByTestId("flow-source"), broken);
  await page.getByTestId("save-flow").click();
  await expect(page.getByTestId("flow-error")).toContainText("line 6");
  await page.getByTestId("run-flow").click();
  await expect(page.getByTestId("flow-error")).toContainText("line 6");
  await expect(page.getByTestId("run-form")).toHaveCount(0);
  expect(await stored(page)).toBe(before);
});

test("a source without one clear @flow entry says why, and an entry that is not callable fails its play", async ({
  appPage: page,
}) => {
  await outcomes(page);
  const name = uniqueName("entries");
  await saveFlow(page, name, GOOD);
  const before = await stored(page);
  const save = (source: string) =>
    page.evaluate(
      ([n, s]) => window.outcome(window.heroLogic.workflows.save({ name: n, source: s })),
      [name, source] as const,
    );
  const twoEntries = `from hero_logic import flow\n\n@flow\ndef one():\n    return 1\n\n@flow\ndef two():\n    return 2\n`;
  expect(await save("def main():\n    return 1\n")).toBe(
    "no_entry: no @flow function found: decorate the entry function with @flow",
  );
  expect(await save(twoEntries)).toMatch(
    /^ambiguous_entry: several @flow functions could be the entry \(one, two\)/,
  );

  await gotoRoute(page, `#/flows/${name}`);
  await setEditorText(page.getByTestId("flow-source"), twoEntries);
  await page.getByTestId("save-flow").click();
  await expect(page.getByTestId("flow-error")).toContainText(
    "several @flow functions could be the entry",
  );
  expect(await stored(page)).toBe(before);

  // The parser cannot know that `flow` is rebound: the play fails and says what happened.
  await setEditorText(page.getByTestId("flow-source"), GOOD); // nothing left unsaved
  const rebound = `flow = 42\n\n\n@flow\ndef main():\n    return 1\n`;
  await saveFlow(page, name, rebound);
  const sid = await openNewPlay(page, name, { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("failed");
  await expect(page.getByTestId("play-error")).toContainText("not callable");
  expect(await page.evaluate((s) => window.heroLogic.plays.get(s), sid)).toMatchObject({
    status: "failed",
  });
});

const INPUTS = `from hero_logic import flow


@flow(inputs=[
    {"name": "count", "field_type": "int"},
    {"name": "mode", "field_type": "choice", "options": ["fast", "slow"]},
    {"name": "data", "field_type": "json", "required": False},
    {"name": "constructor", "field_type": "str"},
])
def main(count, mode, constructor, data=None):
    answer = flow.pause("approve", prompt="How many?", fields=[
        {"name": "n", "field_type": "int"},
        {"name": "pick", "field_type": "choice", "options": ["a", "b"]},
    ])
    return answer
`;
const GOOD_INPUTS = { count: 1, mode: "fast", constructor: "c" };

test("wrong start inputs are refused per field, in the run form and by plays.start", async ({
  appPage: page,
}) => {
  await outcomes(page);
  const name = uniqueName("inputs");
  await saveFlow(page, name, INPUTS);
  const before = await stored(page);
  const start = (inputs: unknown, options: unknown = {}) =>
    page.evaluate(
      ([n, i, o]) => window.outcome(window.heroLogic.plays.start(n, i as never, o as never)),
      [name, inputs, options] as const,
    );
  const cases: [unknown, string][] = [
    [
      { ...GOOD_INPUTS, count: "3" },
      "invalid_input: invalid inputs: count: expected a whole number",
    ],
    [
      { ...GOOD_INPUTS, count: 2.5 },
      "invalid_input: invalid inputs: count: expected a whole number",
    ],
    [
      { ...GOOD_INPUTS, count: 2 ** 64 },
      "invalid_input: invalid inputs: count: too large to keep exactly (at most ±9007199254740991)",
    ],
    [{ mode: "fast" }, "invalid_input: invalid inputs: count: required; constructor: required"],
    [{ ...GOOD_INPUTS, extra: 1 }, "invalid_input: invalid inputs: extra: unknown field"],
    [
      { ...GOOD_INPUTS, mode: "medium" },
      "invalid_input: invalid inputs: mode: expected one of fast, slow",
    ],
    [null, "invalid_input: inputs must be an object of field values"],
    [[1], "invalid_input: inputs must be an object of field values"],
    ["count=1", "invalid_input: inputs must be an object of field values"],
  ];
  for (const [inputs, expected] of cases)
    expect(await start(inputs), JSON.stringify(inputs)).toBe(expected);
  expect(await start(GOOD_INPUTS, { timeoutMs: -1 })).toMatch(/^invalid_input: timeoutMs must be/);
  expect(await start(GOOD_INPUTS, { prefill: 5 })).toMatch(/^invalid_input: prefill must map/);
  expect(await start(GOOD_INPUTS, { versionSid: "zzzz" })).toMatch(/^not_found: /);

  await gotoRoute(page, `#/flows/${name}`);
  await page.getByTestId("run-flow").click();
  const form = page.getByTestId("run-form");
  const fieldError = (field: string) =>
    form.locator(".field", { has: page.locator(`[name="${field}"]`) }).locator(".field-error");
  await form.locator('[name="count"]').fill("2.5");
  await form.locator('[name="data"]').fill('{"a": ');
  await expect(fieldError("data")).toContainText("invalid JSON");
  await page.getByTestId("run-submit").click();
  await expect(fieldError("count")).toHaveText("expected a whole number");
  await expect(fieldError("constructor")).toHaveText("required");
  await form.locator('[name="count"]').fill("99999999999999999999");
  await form.locator('[name="data"]').fill("[1, 2]");
  await form.locator('[name="constructor"]').fill("c");
  await form.locator('[name="mode"]').selectOption("fast");
  await page.getByTestId("run-submit").click();
  await expect(fieldError("count")).toContainText("too large to keep exactly");
  await expect(fieldError("data")).toHaveText("");
  await expect(page).toHaveURL(new RegExp(`#/flows/${name}$`));
  expect(await stored(page)).toBe(before);
});

test("wrong resume payloads are refused in the pause form and by resume; the play stays paused", async ({
  appPage: page,
}) => {
  await outcomes(page);
  const name = uniqueName("payloads");
  await saveFlow(page, name, INPUTS);
  const sid = await openNewPlay(page, name, { inputs: GOOD_INPUTS, settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("paused");
  const before = await stored(page);
  const resume = (payload: unknown) =>
    page.evaluate(([s, p]) => window.outcome(window.heroLogic.plays.resume(s, p as never)), [
      sid,
      payload,
    ] as const);
  const cases: [unknown, string][] = [
    [
      { n: "x", pick: "a" },
      "invalid_input: invalid answer to 'approve': n: expected a whole number",
    ],
    [{ n: 1, pick: "z" }, "invalid_input: invalid answer to 'approve': pick: expected one of a, b"],
    [{}, "invalid_input: invalid answer to 'approve': n: required; pick: required"],
    [{ n: 1, pick: "a", x: 1 }, "invalid_input: invalid answer to 'approve': x: unknown field"],
    [null, "invalid_input: answer to 'approve' must be an object of field values"],
    ["yes", "invalid_input: answer to 'approve' must be an object of field values"],
  ];
  for (const [payload, expected] of cases) {
    expect(await resume(payload), JSON.stringify(payload)).toBe(expected);
  }

  const form = page.getByTestId("pause-form");
  await form.locator('[name="n"]').fill("1.5");
  await page.getByTestId("pause-submit").click();
  await expect(
    form.locator(".field", { has: page.locator('[name="n"]') }).locator(".field-error"),
  ).toHaveText("expected a whole number");
  await expect(page.getByTestId("play-status")).toHaveText("paused");
  expect(await stored(page)).toBe(before);
});

test("resuming a play that is not paused says so and changes nothing", async ({
  appPage: page,
}) => {
  await outcomes(page);
  const name = uniqueName("not_paused");
  await saveFlow(page, name, GOOD);
  const sid = await openNewPlay(page, name, { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed");
  const before = await stored(page);
  expect(
    await page.evaluate((s) => window.outcome(window.heroLogic.plays.resume(s, {})), sid),
  ).toBe(`not_paused: play ${sid} is completed, not paused`);
  expect(await stored(page)).toBe(before);
});

test("every API member given an unknown or malformed sid or name says not_found or invalid_input", async ({
  appPage: page,
}) => {
  await outcomes(page);
  const name = uniqueName("known");
  await saveFlow(page, name, GOOD);
  const sid = await openNewPlay(page, name, { settle: true });
  const before = await stored(page);
  const results = await page.evaluate(
    async ([known, knownPlay]) => {
      const h = window.heroLogic;
      const u = "nope0000";
      const calls: Record<string, () => unknown> = {
        "workflows.versions": () => h.workflows.versions(u),
        "workflows.delete": () => h.workflows.delete(u),
        "workflows.rename": () => h.workflows.rename(u, "other_name"),
        "plays.start": () => h.plays.start(u),
        "plays.resume": () => h.plays.resume(u, {}),
        "plays.cancel": () => h.plays.cancel(u),
        "plays.wait": () => h.plays.wait(u),
        "plays.get": () => h.plays.get(u),
        "plays.delete": () => h.plays.delete(u),
        "plays.runs": () => h.plays.runs(u),
        "plays.spans": () => h.plays.spans(u),
        "plays.spans(runNo)": () => h.plays.spans(knownPlay, { runNo: 7 }),
        "plays.list(workflow)": () => h.plays.list({ workflow: u }),
        "exportBundle(plays)": () => h.exportBundle({ plays: [u] }),
        "exportBundle(workflows)": () => h.exportBundle({ workflows: [u] }),
        shareUrl: async () => h.shareUrl(u),
        // Not text at all: a clear refusal, not a TypeError from the database.
        "plays.get(undefined)": () => h.plays.get(undefined as never),
        "plays.get({})": () => h.plays.get({} as never),
        "workflows.get({})": () => h.workflows.get({} as never),
        "workflows.versions(null)": () => h.workflows.versions(null as never),
        "workflows.save(null)": () => h.workflows.save(null as never),
        "workflows.save(description)": () =>
          h.workflows.save({ name: known, source: "x", description: 5 as never }),
        "plays.wait(until)": () => h.plays.wait(knownPlay, { until: "completed" as never }),
        "plays.wait(timeoutMs)": () => h.plays.wait(knownPlay, { timeoutMs: -5 }),
      };
      const out: Record<string, string> = {};
      for (const [label, call] of Object.entries(calls)) {
        out[label] = await window.outcome(Promise.resolve().then(call));
      }
      out["workflows.get"] = String(await h.workflows.get(u));
      return out;
    },
    [name, sid] as const,
  );
  expect(results).toEqual({
    "workflows.versions": "not_found: no workflow 'nope0000'",
    "workflows.delete": "not_found: no workflow 'nope0000'",
    "workflows.rename": "not_found: no workflow 'nope0000'",
    "plays.start": "not_found: no workflow 'nope0000'",
    "plays.resume": "not_found: no play 'nope0000'",
    "plays.cancel": "not_found: no play 'nope0000'",
    "plays.wait": "not_found: no play 'nope0000'",
    "plays.get": "not_found: no play 'nope0000'",
    "plays.delete": "not_found: no play 'nope0000'",
    "plays.runs": "not_found: no play 'nope0000'",
    "plays.spans": "not_found: no play 'nope0000'",
    "plays.spans(runNo)": `not_found: play ${sid} has no run 7; it has runs 1 to 1`,
    "plays.list(workflow)": "not_found: no workflow 'nope0000'",
    "exportBundle(plays)": "not_found: no play 'nope0000'",
    "exportBundle(workflows)": "not_found: no workflow 'nope0000'",
    shareUrl: "not_found: no workflow 'nope0000'",
    "plays.get(undefined)": "invalid_input: play sid must be text, not undefined",
    "plays.get({})": "invalid_input: play sid must be text, not a object",
    "workflows.get({})": "invalid_input: workflow name or sid must be text, not a object",
    "workflows.versions(null)": "invalid_input: workflow name or sid must be text, not null",
    "workflows.save(null)": "invalid_input: save takes { name, source, description? }",
    "workflows.save(description)": "invalid_input: description must be text",
    "plays.wait(until)":
      'invalid_input: until must be a list of pending, running, paused, waiting, completed, failed, cancelled; not "completed"',
    "plays.wait(timeoutMs)":
      "invalid_input: timeoutMs must be a number of milliseconds from 0 to 2147483647 (about 24 days), or Infinity",
    "workflows.get": "undefined",
  });

  // The pages say so too.
  await gotoRoute(page, "#/plays/nope0000");
  await expect(page.getByRole("heading", { name: "No play “nope0000”" })).toBeVisible();
  await gotoRoute(page, "#/flows/nope0000");
  await expect(page.getByRole("heading", { name: "No flow named “nope0000”" })).toBeVisible();
  expect(await stored(page)).toBe(before);
});

test("options of the wrong type, range or name are refused by every API member, not ignored", async ({
  appPage: page,
}) => {
  await outcomes(page);
  const name = uniqueName("options");
  await saveFlow(page, name, INPUTS);
  const before = await stored(page);
  const results = await page.evaluate(
    async ([flow, inputs]) => {
      const h = window.heroLogic;
      const any = (value: unknown) => value as never;
      const throwing = {
        get status() {
          throw new Error("a getter that throws");
        },
      };
      const trap = new Proxy(
        {},
        {
          ownKeys() {
            throw new Error("a Proxy that throws");
          },
        },
      );
      const calls: Record<string, () => unknown> = {
        "plays.list(bogus)": () => h.plays.list({ status: any("bogus") }),
        "plays.list(string)": () => h.plays.list(any("paused")),
        "plays.list(limit)": () => h.plays.list(any({ limit: -1 })),
        "plays.list(getter)": () => h.plays.list(any(throwing)),
        "plays.list(parent)": () => h.plays.list({ parent: "nope0000" }),
        "workflows.list(filter)": () =>
          (h.workflows.list as (o: unknown) => unknown)({ name: flow }),
        "plays.start(string)": () => h.plays.start(flow, inputs, any("x")),
        "plays.start(max_children)": () => h.plays.start(flow, inputs, any({ max_children: 2 })),
        "plays.start(Infinity)": () => h.plays.start(flow, inputs, { timeoutMs: Infinity }),
        "plays.start(huge timeout)": () => h.plays.start(flow, inputs, { timeoutMs: 1e12 }),
        "plays.start(maxChildren)": () => h.plays.start(flow, inputs, { maxChildren: 1e6 }),
        "plays.start(versionSid)": () => h.plays.start(flow, inputs, { versionSid: any(7) }),
        "plays.start(Proxy)": () => h.plays.start(flow, inputs, any(trap)),
        "plays.start(prefill)": () =>
          h.plays.start(flow, inputs, { prefill: { approve: { n: () => 1 } } }),
        "plays.wait(empty until)": () => h.plays.wait("nope0000", { until: [] }),
        "plays.wait(typo)": () => h.plays.wait("nope0000", any({ timeout: 5 })),
        "plays.spans(number)": () => h.plays.spans("nope0000", any(1)),
        "exportBundle(string)": () => h.exportBundle(any({ workflows: flow })),
        "shareUrl(undefined)": async () => h.shareUrl(any(undefined)),
      };
      const out: Record<string, string> = {};
      for (const [label, call] of Object.entries(calls)) {
        out[label] = await window.outcome(Promise.resolve().then(call));
      }
      return out;
    },
    [name, GOOD_INPUTS] as const,
  );
  const statuses = "pending, running, paused, waiting, completed, failed, cancelled";
  const startShape = "{ prefill?, versionSid?, timeoutMs?, maxChildren?, cassette? }";
  const timeout =
    "invalid_input: timeoutMs must be a positive number of milliseconds, at most 2147483647 (about 24 days)";
  expect(results).toEqual({
    "plays.list(bogus)": `invalid_input: status must be one of ${statuses}, or a list of them; not "bogus"`,
    "plays.list(string)":
      "invalid_input: plays.list takes an object { status?, workflow?, parent? }, not a string",
    "plays.list(limit)":
      "invalid_input: plays.list has no option 'limit' (it takes status, workflow, parent)",
    "plays.list(getter)":
      "invalid_input: plays.list options could not be read: a getter that throws",
    "plays.list(parent)": "not_found: no play 'nope0000'",
    "workflows.list(filter)": "invalid_input: workflows.list takes no options",
    "plays.start(string)": `invalid_input: plays.start takes an object ${startShape}, not a string`,
    "plays.start(max_children)":
      "invalid_input: plays.start has no option 'max_children' (it takes prefill, versionSid, timeoutMs, maxChildren, cassette)",
    "plays.start(Infinity)": timeout,
    "plays.start(huge timeout)": timeout,
    "plays.start(maxChildren)":
      "invalid_input: maxChildren must be a whole number from 0 to 1000 (the engine's cap)",
    "plays.start(versionSid)": "invalid_input: versionSid must be text, not a number",
    "plays.start(Proxy)":
      "invalid_input: plays.start options could not be read: a Proxy that throws",
    "plays.start(prefill)":
      "invalid_input: prefill must map pause names to objects of field values (JSON): approve.n is a function",
    "plays.wait(empty until)":
      "invalid_input: until must name at least one status: an empty list would wait forever",
    "plays.wait(typo)":
      "invalid_input: plays.wait has no option 'timeout' (it takes timeoutMs, until)",
    "plays.spans(number)": "invalid_input: plays.spans takes an object { runNo? }, not a number",
    "exportBundle(string)":
      "invalid_input: exportBundle's workflows must be a list of workflow names or sids, not a string",
    "shareUrl(undefined)": "invalid_input: workflow name or sid must be text, not undefined",
  });
  expect(await stored(page)).toBe(before);
});

test("two resumes of one pause in the same instant: exactly one wins, the other is told not_paused", async ({
  appPage: page,
}) => {
  await outcomes(page);
  const name = uniqueName("double_resume");
  await saveFlow(page, name, INPUTS);
  const sid = await openNewPlay(page, name, { inputs: GOOD_INPUTS, settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("paused");
  const outcomes2 = await page.evaluate(
    (s) =>
      Promise.all([
        window.outcome(window.heroLogic.plays.resume(s, { n: 1, pick: "a" })),
        window.outcome(window.heroLogic.plays.resume(s, { n: 2, pick: "b" })),
      ]),
    sid,
  );
  expect(outcomes2.filter((o) => o === "ok")).toHaveLength(1);
  expect(outcomes2.filter((o) => o.startsWith("not_paused: "))).toHaveLength(1);
  await expect(page.getByTestId("play-status")).toHaveText("completed");
  const play = await page.evaluate((s) => window.heroLogic.plays.get(s), sid);
  expect(play.run_count).toBe(2);
  expect([
    { n: 1, pick: "a" },
    { n: 2, pick: "b" },
  ]).toContainEqual(play.output_data);
});

test("calls made while Python is still booting wait for it, and bad ones are refused at once", async ({
  freshContext,
}) => {
  const { page } = await freshContext({ waitForPython: false });
  const result = await page.evaluate(async (source) => {
    const h = window.heroLogic;
    let booted = false;
    const ready = h.ready().then(() => {
      booted = true;
    });
    const calledBeforeReady = !booted;
    const refused = await h.plays.list({ status: "bogus" as never }).then(
      () => "ok",
      (error: { code: string }) => error.code,
    );
    const refusedBeforeReady = !booted;
    const saved = await h.workflows.save({ name: "early_bird", source });
    const started = await h.plays.start("early_bird", { topic: "owls" });
    const done = await h.plays.wait(started.sid, { timeoutMs: 120_000 });
    await ready;
    return {
      refused,
      refusedBeforeReady,
      calledBeforeReady,
      saved: saved.name,
      status: done.status,
      output: done.output_data,
    };
  }, GOOD);
  expect(result).toEqual({
    refused: "invalid_input",
    refusedBeforeReady: true,
    calledBeforeReady: true,
    saved: "early_bird",
    status: "completed",
    output: { topic: "owls" },
  });
});

test("a file too large to import is refused by its size, before it is read", async ({
  appPage: page,
}) => {
  await gotoRoute(page, "#/flows");
  const before = await stored(page);
  // A 250 MB file as the picker hands it over, whose content cannot be read: only a refusal
  // that comes from its size alone can name its size.
  const reads = await page.evaluate(() => {
    const file = new File(["{}"], "disk-image.json", { type: "application/json" });
    const state = { reads: 0 };
    const unreadable = () => {
      state.reads += 1;
      return Promise.reject(new Error("this file cannot be read"));
    };
    Object.defineProperties(file, {
      size: { value: 250 * 1024 * 1024 },
      text: { value: unreadable },
      arrayBuffer: { value: unreadable },
      stream: { value: unreadable },
    });
    const input = document.querySelector<HTMLInputElement>('[data-testid="import-bundle-file"]')!;
    Object.defineProperty(input, "files", { configurable: true, get: () => [file] });
    input.dispatchEvent(new Event("change", { bubbles: true }));
    // The handler took the file synchronously; the page's input is its own again.
    delete (input as { files?: unknown }).files;
    (window as unknown as { importReads: typeof state }).importReads = state;
    return state.reads;
  });
  expect(reads).toBe(0);
  await expect(page.getByTestId("import-error")).toHaveText(
    "disk-image.json was not imported. This is not a hero_logic bundle that can be imported: it is too large (250.0 MB; at most 200.0 MB)",
  );
  expect(
    await page.evaluate(
      () => (window as unknown as { importReads: { reads: number } }).importReads.reads,
    ),
  ).toBe(0);
  expect(await stored(page)).toBe(before);
});

test("a foreign, empty or oversized file chosen with Import… is refused in place and changes nothing", async ({
  appPage: page,
}, testInfo) => {
  await gotoRoute(page, "#/flows");
  const before = await stored(page);
  const cases: [string, string | Buffer, string][] = [
    [
      "package.json",
      JSON.stringify({ name: "x", version: "1.0.0" }),
      'its format is null, not "hero_logic.bundle"',
    ],
    ["empty.json", "", "the file is not valid JSON"],
    [
      "picture.json",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]),
      "the file is not valid JSON",
    ],
    [
      "foreign.json",
      JSON.stringify({ format: "hero_logic.bundle", version: 1, workflows: "all of them" }),
      "exported_at",
    ],
    [
      "huge.json",
      Buffer.alloc(201 * 1024 * 1024, 0x20),
      "it is too large (201.0 MB; at most 200.0 MB)",
    ],
  ];
  for (const [file, content, expected] of cases) {
    const path = testInfo.outputPath(file);
    await writeFile(path, content);
    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser"),
      page.getByTestId("import-bundle").click(),
    ]);
    await chooser.setFiles(path);
    await expect(page.getByTestId("import-error")).toContainText(`${file} was not imported.`);
    await expect(page.getByTestId("import-error")).toContainText(expected);
  }
  expect(await stored(page)).toBe(before);
});

test("a share link that decodes but carries a bad name or broken Python is refused on Add", async ({
  appPage: page,
}) => {
  const before = await stored(page);
  const cases: [SharedFlow, string][] = [
    [{ name: "bad name!", description: "", source: GOOD }, 'invalid workflow name "bad name!"'],
    [{ name: "", description: "", source: GOOD }, 'invalid workflow name ""'],
    [{ name: uniqueName("shared_broken"), description: "", source: "x = (\n" }, "line 1: "],
    [
      { name: uniqueName("shared_entryless"), description: "", source: "x = 1\n" },
      "no @flow function found",
    ],
  ];
  for (const [flow, expected] of cases) {
    await gotoRoute(page, "#/flows");
    await gotoRoute(page, `#/share/${encodeSharedFlow(flow)}`);
    await page.getByTestId("import-flow").click();
    await expect(page.getByTestId("import-error")).toContainText(expected);
  }
  expect(await stored(page)).toBe(before);
});
