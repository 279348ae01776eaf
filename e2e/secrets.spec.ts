/**
 * Secrets: a person stores one in Settings (by keyboard), a flow prints it, returns it, passes it
 * to a step and fails with it in a message; every record the app keeps or hands out shows
 * `«secret:NAME»`, never the value. Replacing and deleting it work from the same section.
 */
import type { Page } from "@playwright/test";
import { expect, gotoRoute, saveFlow, settledPlay, test, uniqueName } from "./fixtures";

const SOURCE = (name: string) => `import json
from hero_logic import flow, secret, Failed

@flow
def sign(key):
    print("signing with", key)
    return {"auth": f"Bearer {key}", "body": json.dumps({"key": key})}

@flow
def main(mode: str = "ok"):
    key = secret("${name}")
    print("the key is", key)
    signed = sign(key)
    if mode == "fail":
        raise Failed(f"the server refused {key}")
    return {"key": key, "signed": signed}
`;

/** Everything a script or a person can take out of the app about the play, as one text. */
function everyRecord(page: Page, sid: string): Promise<string> {
  return page.evaluate(async (s) => {
    const api = window.heroLogic;
    const records = await Promise.all([
      api.plays.get(s),
      api.plays.spans(s),
      api.exportBundle(),
      api.exportTrace(s, { format: "chrome" }),
      api.exportTrace(s, { format: "otlp" }),
    ]);
    return JSON.stringify(records);
  }, sid);
}

async function runPlay(page: Page, flow: string, mode: string) {
  const sid = await page.evaluate(
    async ([f, m]) => (await window.heroLogic.plays.start(f, { mode: m })).sid,
    [flow, mode] as const,
  );
  return settledPlay(page, sid);
}

test("a secret set in Settings reaches the flow and never a stored record", async ({
  appPage: page,
}) => {
  const name = `E2E_KEY_${Date.now()}`;
  const value = `sk-e2e-${Math.random().toString(36).slice(2)}"ü`;
  const mark = `«secret:${name}»`;

  await gotoRoute(page, "#/settings");
  const section = page.getByTestId("secrets-section");
  await section.getByTestId("secret-name").focus();
  await page.keyboard.type(name);
  await page.keyboard.press("Tab");
  await expect(section.getByTestId("secret-value")).toBeFocused();
  await expect(section.getByTestId("secret-value")).toHaveAttribute("type", "password");
  await page.keyboard.type(value);
  await page.keyboard.press("Enter");
  const row = section.locator(`[data-testid="secret-row"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  await expect(section.getByTestId("secret-value")).toHaveValue("");
  expect(await page.content()).not.toContain("sk-e2e-");
  const listed = await page.evaluate(() => window.heroLogic.secrets.list());
  expect(JSON.stringify(listed)).not.toContain("sk-e2e-");

  const flow = uniqueName("secret_flow");
  await saveFlow(page, flow, SOURCE(name));
  const done = await runPlay(page, flow, "ok");
  expect(done.status).toBe("completed");
  expect(done.output_data).toMatchObject({ key: mark, signed: { auth: `Bearer ${mark}` } });
  const failed = await runPlay(page, flow, "fail");
  expect(failed.status).toBe("failed");
  expect(failed.error?.message).toContain(`the server refused ${mark}`);
  for (const play of [done, failed]) {
    const records = await everyRecord(page, play.sid);
    expect(records).not.toContain("sk-e2e-");
    expect(records).toContain(mark);
  }
  // The play's page shows the mark where the value was printed.
  await gotoRoute(page, `#/plays/${done.sid}`);
  await expect(page.getByTestId("play-status")).toBeVisible();
  await expect(page.getByText(mark).first()).toBeVisible();
  expect(await page.content()).not.toContain("sk-e2e-");

  // Replace it by keyboard, then delete it after the question: a run then names where to set it.
  await gotoRoute(page, "#/settings");
  await row.getByTestId("secret-replace").click();
  await expect(section.getByTestId("secret-value")).toBeFocused();
  await page.keyboard.type("sk-e2e-replaced");
  await page.keyboard.press("Enter");
  await expect(section.getByTestId("secret-saved")).toHaveText(`Saved ${name}.`);
  await row.getByTestId("secret-delete").click();
  const dialog = page.getByTestId("secret-delete-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("confirm").click();
  await expect(row).toHaveCount(0);
  const missing = await runPlay(page, flow, "ok");
  expect(missing.status).toBe("failed");
  expect(missing.error?.message).toContain(`the secret ${name} is not set`);
  expect(missing.error?.message).toContain("Settings → Secrets");
});
