import { strToU8, zipSync } from "fflate";

export interface WheelSpec {
  name: string;
  version: string;
  /** `Requires-Dist` lines. */
  requires?: string[];
  /** The module's `__init__.py` (default: `VALUE = "<name> <version>"`). */
  init?: string;
  /** Default `py3-none-any`. */
  tags?: string;
  /** METADATA's Name and Version, when they should differ from the file name's. */
  metaName?: string;
  metaVersion?: string;
}

/**
 * Tests only: a small wheel, as a build backend writes one: `pkg/__init__.py` and
 * `pkg-1.0.dist-info/{METADATA,WHEEL,RECORD}`. Returns its file name and bytes.
 */
export function makeWheel(spec: WheelSpec): { filename: string; bytes: Uint8Array } {
  const dist = spec.name.replace(/[-.]/g, "_");
  const module = dist.toLowerCase();
  const info = `${dist}-${spec.version}.dist-info`;
  const metadata = [
    "Metadata-Version: 2.1",
    `Name: ${spec.metaName ?? spec.name}`,
    `Version: ${spec.metaVersion ?? spec.version}`,
    ...(spec.requires ?? []).map((r) => `Requires-Dist: ${r}`),
    "",
  ].join("\n");
  const tags = spec.tags ?? "py3-none-any";
  const wheel = `Wheel-Version: 1.0\nGenerator: hero-logic-tests\nRoot-Is-Purelib: true\nTag: ${tags}\n`;
  const init = spec.init ?? `VALUE = ${JSON.stringify(`${spec.name} ${spec.version}`)}\n`;
  const files = {
    [`${module}/__init__.py`]: strToU8(init),
    [`${info}/METADATA`]: strToU8(metadata),
    [`${info}/WHEEL`]: strToU8(wheel),
    [`${info}/RECORD`]: strToU8(
      `${module}/__init__.py,,\n${info}/METADATA,,\n${info}/WHEEL,,\n${info}/RECORD,,\n`,
    ),
  };
  return { filename: `${dist}-${spec.version}-${tags}.whl`, bytes: zipSync(files) };
}
