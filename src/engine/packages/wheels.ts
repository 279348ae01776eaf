import { strFromU8, unzipSync } from "fflate";
import type { PackageRecord } from "../../db/records";
import { HeroError } from "../errors";
import { loadableTags } from "./pyodide-tags";
import { normalizeName, parseRequirement } from "./requirements";
import { parseVersion, publicVersion } from "./versions";

/**
 * The largest wheel `packages.add` takes: 50 MiB (the service worker precaches shipped wheels up
 * to the same size). Every run that needs a wheel copies it into its worker once. Pyodide's own
 * wheels were not measured here (no network; the lock file records no sizes).
 */
export const MAX_WHEEL_BYTES = 50 * 1024 * 1024;

/** What a wheel says about itself, checked (everything a `PackageRecord` holds but its bytes). */
export type WheelInfo = Omit<PackageRecord, "added_at" | "bytes">;

// PEP 427: {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl
const WHEEL_NAME = /^([A-Za-z0-9_.]+)-([^-]+)(?:-(\d[^-]*))?-([^-]+)-([^-]+)-([^-]+)\.whl$/;

/** The `python-abi-platform` tags of a wheel's file name (`py3-none-any`); null if not one. */
export function wheelTags(filename: string): string | null {
  const named = WHEEL_NAME.exec(filename);
  return named ? `${named[4]}-${named[5]}-${named[6]}` : null;
}

function refuse(filename: string, reason: string): never {
  throw new HeroError("invalid_input", `${filename}: ${reason}`, { file: reason });
}

/** Check a wheel and read what it says about itself; `invalid_input` saying why it is not one. */
export async function readWheel(bytes: Uint8Array, filename: string): Promise<WheelInfo> {
  if (typeof filename !== "string" || filename === "") {
    throw new HeroError("invalid_input", "a wheel needs its file name (name-1.0-py3-none-any.whl)");
  }
  const base = filename.split(/[\\/]/).pop()!;
  if (bytes.byteLength > MAX_WHEEL_BYTES) {
    refuse(base, `${bytes.byteLength} bytes; a wheel may have at most ${MAX_WHEEL_BYTES} (50 MiB)`);
  }
  const named = WHEEL_NAME.exec(base);
  if (!named) {
    refuse(base, "not a wheel's file name (PEP 427: name-version-python-abi-platform.whl)");
  }
  const [, dist, versionText, , python, abi, platform] = named as unknown as string[];
  const version = parseVersion(versionText!);
  if (!version) refuse(base, `'${versionText}' is not a version (PEP 440)`);
  if (!loadableTags(python!, abi!, platform!)) {
    refuse(
      base,
      `built for ${python}-${abi}-${platform}, which this browser's Python cannot load: ` +
        "add a pure-Python wheel (py3-none-any) or one built for this Pyodide",
    );
  }
  const metadata = readMetadata(bytes, base);
  const name = normalizeName(dist!);
  if (normalizeName(metadata.name) !== name) {
    refuse(base, `its METADATA names '${metadata.name}', not '${dist}'`);
  }
  const metaVersion = parseVersion(metadata.version);
  if (!metaVersion || publicVersion(metaVersion) !== publicVersion(version)) {
    refuse(base, `its METADATA says version '${metadata.version}', not '${versionText}'`);
  }
  for (const requirement of metadata.requires) {
    const read = parseRequirement(requirement, true);
    if (typeof read === "string") refuse(base, `its Requires-Dist ${read}`);
  }
  return {
    name,
    version: versionText!,
    filename: base,
    size: bytes.byteLength,
    sha256: await sha256Hex(bytes),
    requires: metadata.requires,
  };
}

interface Metadata {
  name: string;
  version: string;
  requires: string[];
}

/** The `*.dist-info/METADATA` of the wheel (a zip), which must have a `WHEEL` beside it. */
function readMetadata(bytes: Uint8Array, filename: string): Metadata {
  let files: Record<string, Uint8Array>;
  try {
    // Only the top-level dist-info's files are inflated: the rest is Python's to unpack.
    files = unzipSync(bytes, {
      filter: (file) => /^[^/]+\.dist-info\/(METADATA|WHEEL)$/.test(file.name),
    });
  } catch (error) {
    refuse(filename, `not a zip archive, so not a wheel (${(error as Error).message})`);
  }
  const metadataPaths = Object.keys(files).filter((path) => path.endsWith("/METADATA"));
  if (metadataPaths.length !== 1) {
    refuse(
      filename,
      `a wheel has one NAME-VERSION.dist-info/METADATA; this has ${metadataPaths.length}`,
    );
  }
  const path = metadataPaths[0]!;
  const dir = path.slice(0, -"/METADATA".length);
  if (!files[`${dir}/WHEEL`]) refuse(filename, `${dir}/WHEEL is missing`);
  const metadata = parseHeaders(strFromU8(files[path]!));
  const name = metadata.get("name")?.[0];
  const version = metadata.get("version")?.[0];
  if (!name || !version) refuse(filename, `${path} lacks Name or Version`);
  return { name, version, requires: metadata.get("requires-dist") ?? [] };
}

/** Email-style headers (core metadata) up to the first blank line, by lower-case name. */
function parseHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: string[] | null = null;
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (line === "") break;
    if (/^[ \t]/.test(line) && last) {
      last[last.length - 1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    last = headers.get(key) ?? [];
    last.push(line.slice(colon + 1).trim());
    headers.set(key, last);
  }
  return headers;
}

/** Lowercase hex SHA-256 of the bytes. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
