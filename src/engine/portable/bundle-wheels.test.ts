import { describe, expect, it } from "vitest";
import { rejection, testEngine } from "../../test-support/test-engine";
import { makeWheel } from "../../test-support/wheels";
import type { Bundle } from "./bundle";

const BASE = makeWheel({ name: "bw_base", version: "1.0", init: 'BASE = "base 1.0"\n' });
const TOP = makeWheel({
  name: "bw_top",
  version: "2.0",
  requires: ["bw_base>=1"],
  init: 'from bw_base import BASE\nVALUE = "top 2.0 on " + BASE\n',
});

const FLOW = `# /// script
# dependencies = ["bw_top"]
# ///
from hero_logic import flow
import bw_top

@flow
def main():
    return {"value": bw_top.VALUE}
`;

/** An engine with both wheels added and a flow that needs them. */
async function exporter() {
  const env = testEngine();
  await env.api.packages.add(BASE.bytes, BASE.filename);
  await env.api.packages.add(TOP.bytes, TOP.filename);
  await env.api.workflows.save({ name: "uses_top", source: FLOW });
  return env;
}

/** A bundle as a file carries it: through JSON text. */
const throughJson = (bundle: Bundle): Bundle => JSON.parse(JSON.stringify(bundle));

async function nothingStored(env: ReturnType<typeof testEngine>) {
  expect(await env.api.workflows.list()).toEqual([]);
  expect(await env.api.packages.list()).toEqual([]);
}

describe("bundles carry the wheels their flows need, when asked", () => {
  it("round trip: exported with { wheels: true }, imported into a browser without them, it runs", async () => {
    const from = await exporter();
    const plain = await from.api.exportBundle({ workflows: ["uses_top"] });
    expect(plain.wheels).toBeUndefined();
    const bundle = throughJson(
      await from.api.exportBundle({ workflows: ["uses_top"] }, { wheels: true }),
    );
    expect(bundle.wheels?.map((w) => [w.name, w.version, w.filename, w.size])).toEqual([
      ["bw-top", "2.0", TOP.filename, TOP.bytes.byteLength],
      ["bw-base", "1.0", BASE.filename, BASE.bytes.byteLength],
    ]);

    const to = testEngine();
    const report = await to.api.importBundle(bundle);
    expect(report.packages).toEqual({ added: ["bw-top", "bw-base"], skipped: [] });
    expect(report.missing_packages).toEqual([]);
    expect((await to.api.packages.list()).map((p) => [p.name, p.sha256])).toEqual(
      (await from.api.packages.list()).map((p) => [p.name, p.sha256]),
    );
    const started = await to.api.plays.start("uses_top");
    const play = await to.api.plays.wait(started.sid, { timeoutMs: 60_000 });
    expect(play.status).toBe("completed");
    expect(play.output_data).toEqual({ value: "top 2.0 on base 1.0" });

    // Again: the same wheels are here in the same versions, so they are skipped.
    const again = await to.api.importBundle(bundle);
    expect(again.packages).toEqual({ added: [], skipped: ["bw-top", "bw-base"] });
  }, 120_000);

  it("without the wheels, the import names what the flows lack here", async () => {
    const from = await exporter();
    const to = testEngine();
    const report = await to.api.importBundle(
      await from.api.exportBundle({ workflows: ["uses_top"] }),
    );
    expect(report.workflows.added).toEqual(["uses_top"]);
    expect(report.missing_packages).toEqual(["bw-top"]);
    await to.api.packages.add(TOP.bytes, TOP.filename);
    const later = await to.api.importBundle(
      await from.api.exportBundle({ workflows: ["uses_top"] }),
    );
    // What bw_top requires is missing now.
    expect(later.missing_packages).toEqual(["bw-base"]);
  }, 120_000);

  it("a carried wheel that is not a wheel refuses the whole import; nothing is stored", async () => {
    const bundle = throughJson(
      await (await exporter()).api.exportBundle({ workflows: ["uses_top"] }, { wheels: true }),
    );
    bundle.wheels![1]!.data = btoa("not a zip at all");
    const to = testEngine();
    const refused = await rejection(to.api.importBundle(bundle));
    expect(refused.code).toBe("invalid_input");
    expect(refused.message).toContain(`the wheel ${BASE.filename} it carries is refused`);
    expect(refused.message).toContain("not a zip archive");
    await nothingStored(to);
  }, 120_000);

  it("a carried wheel unlike its entry (another SHA-256, a foreign platform) refuses the import", async () => {
    const exported = throughJson(
      await (await exporter()).api.exportBundle({ workflows: ["uses_top"] }, { wheels: true }),
    );
    const to = testEngine();
    const altered = structuredClone(exported);
    altered.wheels![0]!.sha256 = "0".repeat(64);
    const unlike = await rejection(to.api.importBundle(altered));
    expect(unlike.message).toMatch(/the bundle says bw-top 2\.0, .* but it is bw-top 2\.0/);
    const foreign = makeWheel({ name: "bw_top", version: "2.0", tags: "cp314-cp314-win_amd64" });
    const elsewhere = structuredClone(exported);
    elsewhere.wheels![0]!.filename = foreign.filename;
    const refused = await rejection(to.api.importBundle(elsewhere));
    expect(refused.message).toContain("which this browser's Python cannot load");
    await nothingStored(to);
  }, 120_000);

  it("a carried wheel of a package added here in another version refuses the import, naming both", async () => {
    const bundle = await (await exporter()).api.exportBundle(
      { workflows: ["uses_top"] },
      { wheels: true },
    );
    const to = testEngine();
    const older = makeWheel({ name: "bw_base", version: "0.9" });
    await to.api.packages.add(older.bytes, older.filename);
    const refused = await rejection(to.api.importBundle(bundle));
    expect(refused.code).toBe("invalid_input");
    expect(refused.message).toContain(`it carries ${BASE.filename}`);
    expect(refused.message).toContain(`'bw-base' 0.9 (${older.filename}) is added here`);
    expect(refused.message).toContain("delete it first");
    expect(await to.api.workflows.list()).toEqual([]);
    expect((await to.api.packages.list()).map((p) => [p.name, p.version])).toEqual([
      ["bw-base", "0.9"],
    ]);
  }, 120_000);

  it("exportBundle's options are checked", async () => {
    const { api } = testEngine();
    expect((await rejection(api.exportBundle({}, { wheels: "yes" } as never))).message).toContain(
      "wheels must be true or false",
    );
    expect((await rejection(api.exportBundle({}, { wheel: true } as never))).message).toContain(
      "no option 'wheel'",
    );
  });
});

describe("a share link names the packages this browser lacks", () => {
  it("missing_packages: what the header declares, then what its wheels require, until all are here", async () => {
    const from = await exporter();
    const url = from.api.shareUrl("uses_top");
    expect(from.api.readShareUrl(url).missing_packages).toEqual([]);
    const to = testEngine();
    const link = to.api.readShareUrl(url);
    expect(link).toMatchObject({ name: "uses_top", source: FLOW, missing_packages: ["bw-top"] });
    await to.api.packages.add(TOP.bytes, TOP.filename);
    expect(to.api.readShareUrl(url).missing_packages).toEqual(["bw-base"]);
    await to.api.packages.add(BASE.bytes, BASE.filename);
    expect(to.api.readShareUrl(url).missing_packages).toEqual([]);
    await to.api.packages.delete("bw_base");
    expect(to.api.readShareUrl(url).missing_packages).toEqual(["bw-base"]);
  }, 120_000);
});
