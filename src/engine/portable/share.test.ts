import { deflateSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { testEngine } from "../../test-support/test-engine";
import { HeroError } from "../errors";
import {
  crc32,
  decodeSharedFlow,
  encodeSharedFlow,
  MAX_SHARE_URL_CHARS,
  SHARE_ROUTE,
  type SharedFlow,
  shareUrlFor,
} from "./share";

const FLOW: SharedFlow = {
  name: "grüße",
  description: "Says hello in many scripts: Grüße, こんにちは, Привет, مرحبا 👋🏽",
  source: `"""Greets 🌍."""
from hero_logic import flow

@flow
def main(name: str = "Zoë 🦆"):
    return {"greeting": f"¡Hola, {name}! — 你好 🎉"}
`,
};

/** The error `fn` throws (fails if it does not throw a HeroError). */
function thrown(fn: () => unknown): HeroError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HeroError) return error;
    throw error;
  }
  throw new Error("expected an error");
}

/** The payload bytes of a share link, and a way to pack changed bytes again. */
function bytesOf(payload: string): Uint8Array {
  const binary = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
function payloadOf(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

describe("share links", () => {
  it("round-trip unicode and emoji exactly, in a URL-safe payload", () => {
    const payload = encodeSharedFlow(FLOW);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSharedFlow(payload)).toEqual(FLOW);
  });

  it("carry a long source compressed well below its size", () => {
    const body = Array.from(
      { length: 150 },
      (_, i) => `    total += flow.step(add, ${i}, name="add_${i}")  # ✓ step ${i}\n`,
    ).join("");
    const source = `from hero_logic import flow\n\n@flow\ndef main():\n    total = 0\n${body}    return {"total": total}\n`;
    const flow = { name: "long_flow", description: "", source };
    const url = shareUrlFor("https://example.org/app/index.html#/flows/long_flow", flow);
    expect(source.length).toBeGreaterThan(9_000);
    expect(url.length).toBeLessThan(source.length / 3);
    expect(url.startsWith(`https://example.org/app/index.html${SHARE_ROUTE}`)).toBe(true);
    expect(decodeSharedFlow(url.slice(url.indexOf(SHARE_ROUTE) + SHARE_ROUTE.length))).toEqual(
      flow,
    );
  });

  it("refuse to make a link over 8 KB and say to export a file", () => {
    // Random-looking text does not compress: a link for it would be too long.
    let noise = "";
    for (let i = 0; noise.length < 12_000; i++) noise += ((i * 2654435761) >>> 0).toString(36);
    const error = thrown(() =>
      shareUrlFor("https://example.org/", { name: "big", description: "", source: noise }),
    );
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/too large to share by link.*export it as a file/);
    expect(MAX_SHARE_URL_CHARS).toBe(8192);
  });

  it("reject a truncated link", () => {
    const payload = encodeSharedFlow(FLOW);
    for (let cut = 1; cut < payload.length; cut++) {
      const error = thrown(() => decodeSharedFlow(payload.slice(0, cut)));
      expect(error.code).toBe("invalid_input");
      expect(error.message).toMatch(/^This share link is damaged \(.+\)/);
      expect(error.message).not.toMatch(/characters/);
    }
    expect(thrown(() => decodeSharedFlow("")).message).toMatch(/damaged \(it is cut off\)/);
  });

  it("reject a link whose compressed bytes were altered, even where deflate would not notice", () => {
    // Every single-bit change of the compressed bytes: hundreds of them still inflate to a
    // readable flow with a slightly different text; the checksum catches those. (A flip in the
    // padding after the last block changes nothing, and decodes to the same flow.)
    const bytes = bytesOf(encodeSharedFlow(FLOW));
    let rejected = 0;
    let same = 0;
    for (let at = 5; at < bytes.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const changed = bytes.slice();
        changed[at] = changed[at]! ^ (1 << bit);
        try {
          expect(decodeSharedFlow(payloadOf(changed))).toEqual(FLOW);
          same++;
        } catch (error) {
          expect((error as Error).message).toMatch(/^This share link is damaged/);
          rejected++;
        }
      }
    }
    expect(rejected).toBeGreaterThan(800);
    expect(same).toBeLessThan(8);
  });

  it("reject characters that are not base64url, and an unknown format", () => {
    const payload = encodeSharedFlow(FLOW);
    expect(thrown(() => decodeSharedFlow(`${payload.slice(0, 10)}!${payload}`)).message).toMatch(
      /characters a share link never has/,
    );
    const bytes = bytesOf(payload);
    bytes[0] = 9;
    expect(thrown(() => decodeSharedFlow(payloadOf(bytes))).message).toMatch(/unknown format 9/);
  });

  it("reject valid data that is not a flow", () => {
    const json = strToU8(JSON.stringify({ name: "x", source: 42 }));
    const packed = deflateSync(json);
    const bytes = new Uint8Array(5 + packed.length);
    bytes[0] = 1;
    new DataView(bytes.buffer).setUint32(1, crc32(json));
    bytes.set(packed, 5);
    expect(thrown(() => decodeSharedFlow(payloadOf(bytes))).message).toMatch(
      /does not describe a flow/,
    );
  });

  it("reject oversized links and a payload that inflates beyond the limit", () => {
    expect(thrown(() => decodeSharedFlow("A".repeat(40_000))).message).toMatch(
      /This share link is too long/,
    );
    // 2 MB of spaces deflate to a couple of KB: a small link that would inflate hugely.
    const json = strToU8(
      JSON.stringify({ name: "bomb", description: "", source: " ".repeat(2e6) }),
    );
    const packed = deflateSync(json, { level: 9 });
    const bytes = new Uint8Array(5 + packed.length);
    bytes[0] = 1;
    new DataView(bytes.buffer).setUint32(1, crc32(json));
    bytes.set(packed, 5);
    const payload = payloadOf(bytes);
    expect(payload.length).toBeLessThan(8_000);
    expect(thrown(() => decodeSharedFlow(payload)).message).toMatch(/more than 512 KB of flow/);
  });
});

describe("heroLogic.shareUrl", () => {
  const SOURCE = `from hero_logic import flow\n\n@flow\ndef main(word: str = "ünïcödé ✨"):\n    return word\n`;

  it("returns at once an absolute URL carrying the current source, name and description", async () => {
    const { api } = testEngine();
    await api.workflows.save({ name: "sparkle", source: SOURCE, description: "✨ demo" });
    const url = api.shareUrl("sparkle");
    expect(typeof url).toBe("string");
    expect(new URL(url).hash.startsWith(SHARE_ROUTE)).toBe(true);
    const payload = new URL(url).hash.slice(SHARE_ROUTE.length);
    expect(decodeSharedFlow(payload)).toEqual({
      name: "sparkle",
      description: "✨ demo",
      source: SOURCE,
    });
    // A new version is what the next link carries; the workflow's sid works too.
    const edited = `${SOURCE}# edited\n`;
    const saved = await api.workflows.save({ name: "sparkle", source: edited });
    const again = new URL(api.shareUrl(saved.sid)).hash.slice(SHARE_ROUTE.length);
    expect(decodeSharedFlow(again).source).toBe(edited);
  });

  it("throws not_found for an unknown or deleted workflow", async () => {
    const { api } = testEngine();
    expect(thrown(() => api.shareUrl("nope")).code).toBe("not_found");
    await api.workflows.save({ name: "gone", source: SOURCE });
    api.shareUrl("gone");
    await api.workflows.delete("gone");
    expect(thrown(() => api.shareUrl("gone")).code).toBe("not_found");
  });

  it("knows the workflows already stored when the engine starts", async () => {
    const first = testEngine();
    await first.api.workflows.save({ name: "stored", source: SOURCE });
    await first.db.meta.put({ key: "examples_installed", value: 1 });
    // A second engine on the same database (a new tab, a reload) learns them on start.
    const { createEngine } = await import("../engine");
    const second = createEngine(first.db, first.engine.python);
    expect(thrown(() => second.api.shareUrl("stored")).code).toBe("not_found");
    await second.start();
    expect(decodeSharedFlow(new URL(second.api.shareUrl("stored")).hash.slice(8)).source).toBe(
      SOURCE,
    );
    // …and follows what another engine writes.
    await first.api.workflows.save({ name: "later", source: `${SOURCE}# later\n` });
    await expect
      .poll(() => {
        try {
          return second.api.shareUrl("later").length > 0;
        } catch {
          return false;
        }
      })
      .toBe(true);
  });
});
