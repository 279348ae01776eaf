#!/usr/bin/env node
/**
 * Renders the PNG icons of the web app manifest from public/icon.svg with Debian's Chromium
 * (no image tool needed). Run it after changing the SVG: `node scripts/render-icons.mjs`.
 * The maskable icon fills its square and keeps the glyph inside the central safe zone.
 */
import { readFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import launch from "./chromium.json" with { type: "json" };

const publicDir = new URL("../public/", import.meta.url);
const svg = readFileSync(new URL("icon.svg", publicDir), "utf8");
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;

const icons = [
  { file: "icon-192.png", size: 192, maskable: false },
  { file: "icon-512.png", size: 512, maskable: false },
  { file: "apple-touch-icon.png", size: 180, maskable: true },
  { file: "icon-maskable-512.png", size: 512, maskable: true },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || launch.path,
  args: launch.args,
});
try {
  const page = await browser.newPage();
  for (const { file, size, maskable } of icons) {
    await page.setViewportSize({ width: size, height: size });
    // Maskable: the accent colour to the edges, the glyph scaled into the inner 80 %.
    const inner = maskable ? Math.round(size * 0.8) : size;
    await page.setContent(
      `<body style="margin:0;display:grid;place-items:center;width:${size}px;height:${size}px;` +
        `background:${maskable ? "#4f6bed" : "transparent"}">` +
        `<img src="${dataUrl}" width="${inner}" height="${inner}"></body>`,
    );
    await page.locator("img").evaluate((img) => img.decode());
    await page.screenshot({ path: new URL(file, publicDir).pathname, omitBackground: !maskable });
    console.log(`public/${file} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
