import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";
import cfg from "./scripts/chromium.json" with { type: "json" };
const port = "4315";
const server = spawn("node", ["scripts/serve-static.mjs", "dist", "--port", port], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 1000));
const base = `http://127.0.0.1:${port}/`;
const out = "/tmp/r2/shots";
const ASKER = `from hero_logic import flow

@flow
def main(topic: str = "ducks"):
    answer = flow.pause("approve", prompt="Approve?", fields=[
        {"name": "ok", "field_type": "bool"},
        {"name": "note", "field_type": "str", "required": False},
    ])
    return {"topic": topic, "ok": answer["ok"]}
`;
async function scene(browser, label, options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${base}#/flows`);
  await page.evaluate(() => window.heroLogic.ready());
  const sids = await page.evaluate(async (src) => {
    const api = window.heroLogic;
    await api.workflows.save({ name: "approval", source: src });
    const a = await api.plays.start("approval", { topic: "herons" });
    await api.plays.wait(a.sid, { timeoutMs: 60000 });
    const b = await api.plays.start("approval", { topic: "owls" });
    await api.plays.wait(b.sid, { timeoutMs: 60000 });
    await api.plays.resume(b.sid, { ok: true, note: "looks right to me" });
    await api.plays.wait(b.sid, { timeoutMs: 60000 });
    const c = await api.plays.start("pause_resume_demo");
    await api.plays.wait(c.sid, { timeoutMs: 60000 });
    return { a: a.sid, b: b.sid };
  }, ASKER);
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/library-${label}.png`, fullPage: true });
  await page.getByTestId("new-flow-name").fill("my flow-2");
  await page.screenshot({ path: `${out}/library-name-${label}.png` });
  await page.getByTestId("new-flow-name").fill("");
  await page.getByTestId("run-card-approval").click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/run-dialog-${label}.png` });
  await page.keyboard.press("Escape");
  await page.goto(`${base}#/plays?flow=approval`);
  await page.waitForTimeout(800);
  await page.getByTestId(`choose-play-${sids.a}`).check();
  await page.getByTestId(`choose-play-${sids.b}`).check();
  await page.screenshot({ path: `${out}/plays-filter-${label}.png`, fullPage: true });
  await page.getByTestId("delete-plays").click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/plays-delete-${label}.png` });
  await page.keyboard.press("Escape");
  await page.goto(`${base}#/plays/${sids.b}`);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${out}/play-answers-${label}.png`, fullPage: true });
  await page.goto(`${base}#/plays/${sids.a}`);
  await page.waitForTimeout(800);
  await page.getByTestId("cancel-play").click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/play-cancel-${label}.png` });
  console.log(label, await page.title());
  await context.close();
}
const browser = await chromium.launch({ executablePath: cfg.path, args: cfg.args });
try {
  await scene(browser, "desktop-light", { viewport: { width: 1400, height: 900 }, colorScheme: "light" });
  await scene(browser, "phone-dark", { viewport: { width: 390, height: 844 }, colorScheme: "dark" });
} finally {
  await browser.close();
  server.kill();
}
