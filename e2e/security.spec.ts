/**
 * A flow is untrusted: whatever text it produces is shown as text, it cannot reach the app's
 * stored data or forge the worker's messages, and the page runs under a Content-Security-Policy
 * that the whole app keeps to.
 */
import type { Page } from "@playwright/test";
import { encodeSharedFlow } from "../src/engine/share";
import {
  expect,
  gotoRoute,
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
