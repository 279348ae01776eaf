/**
 * Packages (issue 18): wheels added through `heroLogic.packages` are installed, with what they
 * require, into the interpreter of a flow version that declares them in its PEP 723 header,
 * before its code runs; from IndexedDB, so offline too. A requirement no added wheel meets fails
 * the play before any of its code runs, naming it; a flow without the header never sees them.
 */
import type { Page } from "@playwright/test";
import type { HeroError } from "../src/engine/errors";
import { makeWheel, type WheelSpec } from "../src/test-support/wheels";
import {
  BOOT_TIMEOUT_MS,
  expect,
  gotoRoute,
  playSpans,
  saveFlow,
  settledPlay,
  test,
  uniqueName,
  waitForReady,
} from "./fixtures";
import { waitForOfflineReady } from "./offline-helpers";

/** Add a wheel built here through the page's API; the refusal's code and message if refused. */
function addWheel(page: Page, spec: WheelSpec): Promise<{ code: string; message: string } | null> {
  const { bytes, filename } = makeWheel(spec);
  return addBytes(page, [...bytes], filename);
}

function addBytes(page: Page, bytes: number[], filename: string) {
  return page.evaluate(
    async ([data, name]) => {
      try {
        await window.heroLogic.packages.add(new Uint8Array(data), name);
        return null;
      } catch (error) {
        const { code, message } = error as HeroError;
        return { code, message };
      }
    },
    [bytes, filename] as const,
  );
}

function startPlay(page: Page, flow: string): Promise<string> {
  return page.evaluate(async (name) => (await window.heroLogic.plays.start(name)).sid, flow);
}

/** Two packages, the top one requiring the base one (module names are the package names). */
function pair(prefix: string) {
  const base = `${prefix}_base`;
  const top = `${prefix}_top`;
  return {
    base,
    top,
    baseWheel: { name: base, version: "1.5", init: 'BASE = "base 1.5"\n' },
    topWheel: {
      name: top,
      version: "2.0",
      requires: [`${base}>=1.0,<2`],
      init: `from ${base} import BASE\nVALUE = "top 2.0 on " + BASE\n`,
    },
  };
}

const declaring = (dependencies: string, module: string) => `# /// script
# dependencies = [${dependencies}]
# ///
import os
from hero_logic import flow

@flow
def main():
    print("ran", os.urandom(8).hex())
    import ${module}
    return ${module}.VALUE
`;

test("added wheels are installed for a flow that declares them, and it runs offline after a reload", async ({
  freshContext,
}) => {
  const { context, page } = await freshContext();
  await waitForOfflineReady(page);
  const { top, baseWheel, topWheel } = pair("pk");
  expect(await addWheel(page, baseWheel)).toBeNull();
  expect(await addWheel(page, topWheel)).toBeNull();
  const listed = await page.evaluate(() => window.heroLogic.packages.list());
  expect(listed.map((p) => [p.name, p.version])).toEqual([
    ["pk-base", "1.5"],
    ["pk-top", "2.0"],
  ]);
  const flow = uniqueName("uses_packages");
  await saveFlow(page, flow, declaring(`"${top}>=2"`, top));

  await gotoRoute(page, `#/flows/${flow}`);
  await expect(page.getByTestId("declared-dependencies")).toHaveText(`${top}>=2`);

  const online = await settledPlay(page, await startPlay(page, flow));
  expect(online.status).toBe("completed");
  expect(online.output_data).toBe("top 2.0 on base 1.5");

  await context.setOffline(true);
  await page.reload();
  await waitForReady(page, BOOT_TIMEOUT_MS);
  const offline = await settledPlay(page, await startPlay(page, flow));
  expect(offline.error).toBeNull();
  expect(offline.status).toBe("completed");
  expect(offline.output_data).toBe("top 2.0 on base 1.5");
});

test("a dependency not added, or a version not met, fails the play before any of its code runs", async ({
  appPage: page,
}) => {
  const { base, top, topWheel } = pair(uniqueName("pk"));
  expect(await addWheel(page, topWheel)).toBeNull();

  const lacking = uniqueName("lacks_base");
  await saveFlow(page, lacking, declaring(`"${top}"`, top));
  const missing = await settledPlay(page, await startPlay(page, lacking));
  expect(missing.status).toBe("failed");
  expect(missing.error?.type).toBe("MissingPackage");
  const baseName = base.replace(/_/g, "-");
  expect(missing.error?.message).toContain(`'${baseName}'`);
  expect(missing.error?.message).toContain(`${baseName}>=1.0,<2`);
  expect(missing.error?.message).toContain("heroLogic.packages.add");
  expect(missing.error?.message).toContain("Packages page");
  expect(await playSpans(page, missing.sid)).toEqual([]);
  await gotoRoute(page, `#/plays/${missing.sid}`);
  await expect(page.getByText(`'${baseName}'`).first()).toBeVisible();

  const newer = uniqueName("wants_newer");
  await saveFlow(page, newer, declaring(`"${top}>=3"`, top));
  const unmet = await settledPlay(page, await startPlay(page, newer));
  expect(unmet.status).toBe("failed");
  expect(unmet.error?.message).toContain("2.0 is added");
  expect(unmet.error?.message).toContain(`${top.replace(/_/g, "-")}>=3`);
  expect(await playSpans(page, unmet.sid)).toEqual([]);
});

test("a flow without the header cannot import an added package; one with it can", async ({
  appPage: page,
}) => {
  const name = uniqueName("solo");
  expect(await addWheel(page, { name, version: "1.0" })).toBeNull();
  const withHeader = uniqueName("declares");
  await saveFlow(page, withHeader, declaring(`"${name}"`, name));
  const declared = await settledPlay(page, await startPlay(page, withHeader));
  expect(declared.status).toBe("completed");
  expect(declared.output_data).toBe(`${name} 1.0`);

  const without = uniqueName("declares_none");
  await saveFlow(page, without, declaring("", name).split("\n").slice(3).join("\n"));
  const plain = await settledPlay(page, await startPlay(page, without));
  expect(plain.status).toBe("failed");
  expect(plain.error?.type).toBe("ModuleNotFoundError");
  expect(plain.error?.message).toContain("'# /// script' header");
});

test("bad wheels and bad headers are refused, saying why, and nothing is stored", async ({
  appPage: page,
}) => {
  const name = uniqueName("bad");
  const before = await page.evaluate(() => window.heroLogic.packages.list());
  const refusals = [
    await addBytes(
      page,
      [...new TextEncoder().encode("not a zip")],
      `${name}-1.0-py3-none-any.whl`,
    ),
    await addWheel(page, { name, version: "1.0", tags: "cp311-cp311-manylinux_2_17_x86_64" }),
    await addWheel(page, { name, version: "1.0", metaName: "someone_else" }),
    await addWheel(page, { name, version: "1.0", metaVersion: "9.9" }),
    await addBytes(page, [...makeWheel({ name, version: "1.0" }).bytes], "wheel.zip"),
  ];
  expect(refusals.map((r) => r?.code)).toEqual(Array(5).fill("invalid_input"));
  expect(refusals[0]?.message).toContain("not a zip");
  expect(refusals[1]?.message).toContain("cannot load");
  expect(refusals[2]?.message).toContain("someone_else");
  expect(refusals[3]?.message).toContain("9.9");
  expect(refusals[4]?.message).toContain("file name");
  expect(await page.evaluate(() => window.heroLogic.packages.list())).toEqual(before);

  expect(await addWheel(page, { name, version: "1.0" })).toBeNull();
  const twice = await addWheel(page, { name, version: "2.0" });
  expect(twice?.code).toBe("invalid_input");
  expect(twice?.message).toContain("delete it first");

  const flow = uniqueName("bad_header");
  const saved = await page.evaluate(async (n) => {
    try {
      await window.heroLogic.workflows.save({
        name: n,
        source:
          '# /// script\n# dependencies = ["a" "b"]\n# ///\nfrom hero_logic import flow\n\n@flow\ndef main():\n    return 1\n',
      });
      return null;
    } catch (error) {
      const { code, message, line } = error as HeroError;
      return { code, message, line };
    }
  }, flow);
  expect(saved).toMatchObject({ code: "invalid_dependencies", line: 2 });
  expect(await page.evaluate((n) => window.heroLogic.workflows.get(n), flow)).toBeUndefined();
});
