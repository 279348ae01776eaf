/**
 * A flow is untrusted: whatever text it produces is shown as text, it cannot reach the app's
 * stored data or forge the worker's messages, and the page runs under a Content-Security-Policy
 * that the whole app keeps to.
 */
import type { Page } from "@playwright/test";
import { encodeSharedFlow } from "../src/engine/portable/share";
import {
  expect,
  gotoRoute,
  openApp,
  openNewPlay,
  saveFlow,
  spanElements,
  test,
  uniqueName,
} from "./fixtures";

declare global {
  interface Window {
    __xss?: number;
    /** Content-Security-Policy violations seen by the page (installed by `watchCsp`). */
    __cspViolations?: string[];
  }
}

const X = "<img src=x onerror=window.__xss=1>";

/** Every place a flow puts text: docstring, fields, span names, attributes, logs, output, errors. */
const EVIL = `"""${X} is the description."""
from hero_logic import flow, Failed

X = ${JSON.stringify(X)}


@flow
def shout(text: str) -> dict:
    print(X)
    return {"html": X, "text": text}


@flow
def explode() -> None:
    raise Failed(X)


@flow(inputs=[
    {"name": "payload", "field_type": "str", "default": ${JSON.stringify(X)}, "description": ${JSON.stringify(X)}},
    {"name": "fail", "field_type": "bool", "default": False},
])
def main(payload: str = X, fail: bool = False):
    out = flow.step(shout, payload, name=X)
    try:
        explode()
    except Failed:
        pass
    with flow.span(X, note=X):
        answer = flow.pause(X, prompt=X, fields=[
            {"name": "pick", "field_type": "choice", "options": [X, "b"], "description": X},
            {"name": "note", "field_type": "text", "description": X, "required": False},
        ])
    if fail:
        raise Failed(X)
    return {"out": out, "answer": answer, "X": X}
`;

/** No script ran and no element was made from the flow's text. */
async function expectInert(page: Page): Promise<void> {
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"], [onerror]')).toHaveCount(0);
}

test("everything a flow produces is shown as text, never as HTML", async ({ appPage: page }) => {
  const name = uniqueName("xss");
  await saveFlow(page, name, EVIL);

  await gotoRoute(page, "#/flows");
  await expect(page.getByText(`${X} is the description.`).first()).toBeVisible();
  await expectInert(page);

  await gotoRoute(page, `#/flows/${name}`);
  await page.getByTestId("run-flow").click();
  const runForm = page.getByTestId("run-form");
  await expect(runForm.locator(".field-description")).toHaveText(X);
  await expect(runForm.locator('[name="payload"]')).toHaveValue(X);
  await page.getByTestId("run-submit").click();
  await expect(page.getByTestId("play-status")).toHaveText("paused");
  await expectInert(page);

  // The pause form: key, prompt, choice options and field descriptions.
  const pause = page.getByTestId("pause-form");
  await expect(page.getByText(`Waiting for you at ${X}`)).toBeVisible();
  await expect(pause.locator(".form-prompt")).toHaveText(X);
  await expect(pause.locator('[name="pick"] option', { hasText: X })).toHaveCount(1);
  await expect(pause.locator(".field-description")).toHaveText([X, X]);
  await expect(page.getByTestId("play-inputs")).toContainText(X);

  // The tree, and the detail panel of the step named X (input, output, logs).
  await expect(spanElements(page, X).first()).toBeVisible();
  await spanElements(page, X).first().click();
  await expect(page.getByTestId("span-detail")).toContainText(X);
  await expectInert(page);

  await pause.locator('[name="pick"]').selectOption(X);
  await pause.locator('[name="note"]').fill(X);
  await page.getByTestId("pause-submit").click();
  await expect(page.getByTestId("play-status")).toHaveText("completed");
  await expect(page.getByTestId("play-output")).toContainText(X);

  // The failed nested step's error, in the detail panel, and in the graph.
  const failed = page.locator('[data-status="failed"][data-span-sid]').first();
  await failed.click();
  await expect(page.getByTestId("span-detail")).toContainText(`Failed: ${X}`);
  await page.getByTestId("view-graph").click();
  await expect(page.locator(".span-graph [data-span-sid]").first()).toBeVisible();
  await expect(page.locator(".span-graph").getByText(X).first()).toBeVisible();
  await expectInert(page);

  // A play that fails with X as its error; the plays list.
  await openNewPlay(page, name, {
    inputs: { fail: true },
    start: { prefill: { [X]: { pick: "b" } } },
    settle: true,
  });
  await expect(page.getByTestId("play-status")).toHaveText("failed");
  await expect(page.getByTestId("play-error")).toContainText(X);
  await expectInert(page);
  await gotoRoute(page, "#/plays");
  await expect(page.getByRole("cell", { name, exact: true }).first()).toBeVisible();
  await expectInert(page);

  // The shared-flow page, for a flow whose name is harmless but whose text is not.
  const payload = encodeSharedFlow({ name: uniqueName("shared"), description: X, source: EVIL });
  await gotoRoute(page, `#/share/${payload}`);
  await expect(page.getByTestId("import-flow")).toBeVisible();
  await expect(page.getByText(X).first()).toBeVisible();
  await expectInert(page);
});

const INTRUDER = `from hero_logic import flow
import js
from pyodide.code import run_js
from pyodide.ffi import to_js


def reach(get):
    try:
        value = get()
    except Exception as e:
        return type(e).__name__
    return "absent" if value is None else "REACHED"


def forge(message):
    # From Python: the page's policy, which the worker inherits, refuses run_js (eval).
    js.postMessage(to_js(message, dict_converter=js.Object.fromEntries))


@flow
def main():
    seen = {
        "indexedDB": reach(lambda: js.indexedDB.open("hero_logic")),
        "caches": reach(lambda: js.caches.keys()),
        "Worker": reach(lambda: js.Worker.new("data:text/javascript,1")),
        "BroadcastChannel": reach(lambda: js.BroadcastChannel.new("hero_logic")),
        "locks": reach(lambda: js.navigator.locks.request("x", lambda _: None)),
        "privateFileSystem": reach(lambda: js.navigator.storage.getDirectory()),
        "storageBuckets": reach(lambda: js.navigator.storageBuckets.open("default")),
        "fileSystem": reach(lambda: js.webkitRequestFileSystem(0, 1024, None)),
        "eval": reach(lambda: run_js("1")),
    }
    # Messages shaped like the worker's Comlink replies and stage reports, with guessed ids.
    for guess in ["1", "0", "", "run", "0-0-0-0"]:
        forge({"id": guess, "type": "RETURN", "value": {"type": "RAW", "value": {
            "status": "completed", "output": "forged", "output_json": '"forged"', "batches": 0,
            "journal": ""}}})
        forge({"id": guess, "type": "HANDLER", "name": "throw", "value": {"isError": True, "value": {}}})
    forge({"type": "APPLY", "path": ["boot"], "argumentList": []})
    forge("loading-runtime")
    forge({"spans": "[[1,2,3]]", "outputs": "{}"})
    return {"seen": seen, "forged": True}
`;

test("a flow cannot reach stored data, and messages it forges are ignored", async ({
  appPage: page,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // Another play whose stored records must not change.
  const bystander = uniqueName("bystander");
  await saveFlow(
    page,
    bystander,
    `from hero_logic import flow\n\n\n@flow\ndef main():\n    return flow.pause("ok", fields=[{"name": "yes", "field_type": "bool"}])\n`,
  );
  const other = await openNewPlay(page, bystander, { settle: true });
  const otherRecords = () =>
    page.evaluate(async (sid) => {
      const { exported_at: _, ...rest } = await window.heroLogic.exportBundle({ plays: [sid] });
      return JSON.stringify(rest);
    }, other);
  const before = await otherRecords();

  const name = uniqueName("intruder");
  await saveFlow(page, name, INTRUDER);
  await openNewPlay(page, name, { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed");
  const output = JSON.parse((await page.getByTestId("play-output").textContent()) ?? "");
  // Each attempt raised (a removed global is None in Python: AttributeError or TypeError when
  // used; JsException where a worker reports it differently, or eval refused by the policy);
  // none reached its target.
  const refused = expect.stringMatching(/^(AttributeError|TypeError|JsException)$/);
  expect(output).toEqual({
    seen: {
      indexedDB: refused,
      caches: refused,
      Worker: refused,
      BroadcastChannel: refused,
      locks: refused,
      privateFileSystem: refused,
      storageBuckets: refused,
      fileSystem: refused,
      eval: refused,
    },
    forged: true,
  });
  expect(await otherRecords()).toBe(before);
  expect(errors).toEqual([]);

  // The worker that received the forgeries still runs plays as before.
  await gotoRoute(page, `#/plays/${other}`);
  await page.getByTestId("pause-form").locator('[name="yes"]').check();
  await page.getByTestId("pause-submit").click();
  await expect(page.getByTestId("play-status")).toHaveText("completed");
});

test("the app keeps to its Content-Security-Policy: booting, editing, running, the graph, sharing", async ({
  page,
}) => {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  // A violation inside a worker is only reported on its console.
  const workerViolations: string[] = [];
  page.context().on("console", (message) => {
    if (message.worker() && /Content Security Policy/i.test(message.text())) {
      workerViolations.push(message.text());
    }
  });
  await openApp(page, "#/flows");
  // The Python workers start from blob: URLs, so the page's policy holds in them too.
  expect(
    page.workers().filter((worker) => worker.url().startsWith("blob:")).length,
  ).toBeGreaterThan(0);
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute("content");
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("'wasm-unsafe-eval'");
  // Only connect-src admits other origins: what network grants may allow (https, and plain
  // http on loopback); the worker's request bridge sends only to the origins granted.
  const directives = Object.fromEntries(
    (policy ?? "").split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources.join(" ")];
    }),
  );
  expect(directives["connect-src"]).toBe("'self' https: http://localhost:* http://127.0.0.1:*");
  for (const [name, sources] of Object.entries(directives)) {
    if (name !== "connect-src") expect(sources, name).not.toMatch(/https?:|'unsafe-eval'|\*/);
  }

  await gotoRoute(page, "#/flows/pause_resume_demo");
  await expect(page.locator(".cm-content")).toBeVisible();
  await page.getByTestId("share-flow").click();
  const url = await page.getByTestId("share-url").inputValue();
  await page.keyboard.press("Escape");
  const sid = await openNewPlay(page, "pause_resume_demo", { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("paused");
  await page.getByTestId("view-graph").click();
  await expect(page.locator(".span-graph [data-span-sid]").first()).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-play").click(),
  ]);
  expect(download.suggestedFilename()).toContain(".json");
  await page.goto(url);
  await expect(page.getByTestId("import-flow")).toBeVisible();
  expect(sid).toBeTruthy();
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(workerViolations).toEqual([]);
});
