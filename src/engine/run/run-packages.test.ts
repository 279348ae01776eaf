import { describe, expect, it } from "vitest";
import { fakeSite } from "../../test-support/fake-site";
import { testEngine } from "../../test-support/test-engine";
import { makeWheel } from "../../test-support/wheels";
import { createSiteWheels, SITE_INDEX_PATH, siteIndexEntry } from "../packages/site-wheels";

// Node's tests share one interpreter (node-python.ts): names here are used by no other test.
const base = makeWheel({ name: "rp_base", version: "1.5", init: 'BASE = "base 1.5"\n' });
const top = makeWheel({
  name: "rp_top",
  version: "2.0",
  requires: ["rp-base>=1.0,<2", 'rp-win; sys_platform == "win32"'],
  init: 'from rp_base import BASE\nVALUE = "top 2.0 on " + BASE\n',
});

const flowNeeding = (dependencies: string) => `# /// script
# dependencies = [${dependencies}]
# ///
import os
from hero_logic import flow

@flow
def main():
    # A value that cannot repeat: had the code run, its span would say so.
    print("ran", os.urandom(8).hex())
    import rp_top
    return rp_top.VALUE
`;

describe("packages installed before a run", () => {
  it("installs the declared wheel and what it requires, then runs the flow", async () => {
    const { api } = testEngine();
    await api.packages.add(base.bytes, base.filename);
    await api.packages.add(top.bytes, top.filename);
    await api.workflows.save({ name: "uses_top", source: flowNeeding('"rp-top>=2"') });
    const play = await api.plays.start("uses_top");
    const done = await api.plays.wait(play.sid);
    expect(done.status).toBe("completed");
    expect(done.output_data).toBe("top 2.0 on base 1.5");
  });

  it("fails before any code runs when a package is not added, naming it and where to add it", async () => {
    const { api } = testEngine();
    await api.packages.add(top.bytes, top.filename);
    await api.workflows.save({ name: "lacks_base", source: flowNeeding('"rp-top"') });
    const play = await api.plays.start("lacks_base");
    const done = await api.plays.wait(play.sid);
    expect(done.status).toBe("failed");
    expect(done.error?.type).toBe("MissingPackage");
    expect(done.error?.message).toContain("'rp-base'");
    expect(done.error?.message).toContain("rp-base>=1.0,<2");
    expect(done.error?.message).toContain("required by rp-top 2.0");
    expect(done.error?.message).toContain("heroLogic.packages.add");
    expect(await api.plays.spans(play.sid)).toEqual([]);
  });

  it("fails before any code runs when the added version does not meet the constraint", async () => {
    const { api } = testEngine();
    await api.packages.add(base.bytes, base.filename);
    await api.packages.add(top.bytes, top.filename);
    await api.workflows.save({ name: "wants_newer", source: flowNeeding('"rp-top>=3"') });
    const play = await api.plays.start("wants_newer");
    const done = await api.plays.wait(play.sid);
    expect(done.status).toBe("failed");
    expect(done.error?.message).toMatch(/'rp-top' 2.0 is added, but .* requires rp-top>=3/);
    expect(await api.plays.spans(play.sid)).toEqual([]);
  });

  it("installs a wheel shipped with the site, and fails before any code runs when its checksum is wrong", async () => {
    const site = makeWheel({ name: "rp_site", version: "1.0", init: 'VALUE = "from the site"\n' });
    const entry = await siteIndexEntry(site.bytes, site.filename);
    const index = JSON.stringify([entry]);
    const shippedFlow = flowNeeding('"rp-site"').replace(/rp_top/g, "rp_site");
    const good = fakeSite({ [SITE_INDEX_PATH]: index, [`wheels/${site.filename}`]: site.bytes });
    const served = testEngine({ siteWheels: createSiteWheels(good.fetchFile) });
    await served.api.workflows.save({ name: "uses_site", source: shippedFlow });
    expect(await served.api.packages.shipped()).toEqual([entry]);
    const ok = await served.api.plays.wait((await served.api.plays.start("uses_site")).sid);
    expect(ok.status).toBe("completed");
    expect(ok.output_data).toBe("from the site");

    const changed = site.bytes.slice();
    changed[changed.length - 1]! ^= 1;
    const bad = fakeSite({ [SITE_INDEX_PATH]: index, [`wheels/${site.filename}`]: changed });
    const { api } = testEngine({ siteWheels: createSiteWheels(bad.fetchFile) });
    await api.workflows.save({ name: "uses_bad_site", source: shippedFlow });
    const play = await api.plays.start("uses_bad_site");
    const done = await api.plays.wait(play.sid);
    expect(done.status).toBe("failed");
    expect(done.error?.type).toBe("BadPackage");
    expect(done.error?.message).toContain(site.filename);
    expect(done.error?.message).toContain("checksum");
    expect(await api.plays.spans(play.sid)).toEqual([]);
  });
});
