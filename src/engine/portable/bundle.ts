import * as v from "valibot";
import { messageOf } from "../../wire/errors";
import { HeroError } from "../errors";
import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle, bundleSchema, LIMITS } from "./bundle-schema";

export type { Bundle } from "./bundle-schema";
export { BUNDLE_FORMAT, BUNDLE_VERSION } from "./bundle-schema";

/** Which workflows and plays to export, by name or sid; none at all means everything. */
export interface BundleSelection {
  workflows?: string[];
  plays?: string[];
}

/** What an export carries besides the records. */
export interface ExportOptions {
  /** Carry the wheels the exported flows need (their current versions' dependencies). */
  wheels?: boolean;
}

/** What an import added, and what it found already there. */
export interface ImportReport {
  workflows: {
    /** New in the library. */
    added: string[];
    /** Already in the library (same sid or name): the bundle's current source became a new current version. */
    newVersion: string[];
    /** Already in the library with the same current source (or an older one). */
    unchanged: string[];
  };
  /** Workflow versions added (history included). */
  versions: number;
  plays: {
    added: string[];
    /** Already here (same sid): left as they are. */
    skipped: string[];
  };
  /** Wheels the bundle carried: added here, or already here in the same version. */
  packages: { added: string[]; skipped: string[] };
  /**
   * Packages the imported flows' current versions declare (or their wheels require) that no
   * wheel here meets after the import: a play of such a flow fails before its code runs.
   */
  missing_packages: string[];
}

/**
 * Read a bundle (an object, or its JSON text) and check it completely: the format marker and
 * version, every record's fields and types, the size limits, and that the records fit
 * together. Anything wrong throws `invalid_input` naming the first problem.
 */
export function readBundle(input: unknown): Bundle {
  let text: string;
  try {
    text = typeof input === "string" ? input : JSON.stringify(input);
  } catch {
    throw refuse("it cannot be written as JSON");
  }
  if (typeof text !== "string") throw refuse("it is empty");
  const tooLarge = oversizedBundle(text.length);
  if (tooLarge) throw tooLarge;
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      const detail = messageOf(error);
      throw refuse(`the file is not valid JSON (${detail}); it may be cut off or damaged`);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw refuse("it is not an object");
  }
  const marker = (value as { format?: unknown }).format;
  if (marker !== BUNDLE_FORMAT) {
    throw refuse(`its format is ${JSON.stringify(marker ?? null)}, not "${BUNDLE_FORMAT}"`);
  }
  const version = (value as { version?: unknown }).version;
  if (version !== BUNDLE_VERSION) {
    throw refuse(
      `it is bundle version ${JSON.stringify(version ?? null)}; this app reads version ${BUNDLE_VERSION} (a newer app may have made it)`,
    );
  }
  const parsed = v.safeParse(bundleSchema, value);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw refuse(`${v.getDotPath(issue) ?? "the bundle"}: ${issue.message}`);
  }
  const problem = inconsistency(parsed.output) ?? oversizedParts(parsed.output, text.length);
  if (problem) throw refuse(problem);
  return parsed.output;
}

function refuse(why: string): HeroError {
  return new HeroError(
    "invalid_input",
    `This is not a hero_logic bundle that can be imported: ${why}`,
  );
}

/**
 * The refusal of a bundle of `size` characters (or a file of `size` bytes, checked before it
 * is read: a file never has fewer bytes than characters) beyond what an import takes, or null.
 */
export function oversizedBundle(size: number): HeroError | null {
  if (size <= LIMITS.bundleChars) return null;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return refuse(`it is too large (${mb(size)}; at most ${mb(LIMITS.bundleChars)})`);
}

/**
 * A bundle file's text, refused by its size before a byte is read: a huge file would fill the
 * tab's memory.
 */
export async function bundleFileText(file: Blob): Promise<string> {
  const tooLarge = oversizedBundle(file.size);
  if (tooLarge) throw tooLarge;
  return file.text();
}

/** Records beyond their share of the bundle, or carried wheels beyond theirs, or null. */
function oversizedParts(bundle: Bundle, chars: number): string | null {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const wheels = bundle.wheels ?? [];
  const wheelChars = wheels.reduce((sum, wheel) => sum + wheel.data.length, 0);
  const wheelBytes = Math.floor((wheelChars * 3) / 4);
  if (wheelBytes > LIMITS.wheelBytes) {
    return `the wheels it carries are too large (${mb(wheelBytes)}; at most ${mb(LIMITS.wheelBytes)})`;
  }
  if (chars - wheelChars > LIMITS.recordsChars) {
    return `its records are too large (${mb(chars - wheelChars)}; at most ${mb(LIMITS.recordsChars)})`;
  }
  return null;
}

/** The first way the records do not fit together, or null. */
function inconsistency(bundle: Bundle): string | null {
  const { workflows, versions, plays, runs, batches, outputs, answers } = bundle;
  const rowKey = (r: { play_sid: string; run_no: number; batch_no: number }) =>
    `${r.play_sid}/${r.run_no}/${r.batch_no}`;
  const keyed: [string, string[]][] = [
    ["workflow", workflows.map((w) => w.sid)],
    ["workflow name", workflows.map((w) => w.name)],
    ["version", versions.map((w) => w.sid)],
    ["play", plays.map((p) => p.sid)],
    ["run", runs.map((r) => `${r.play_sid}/${r.run_no}`)],
    ["span batch", batches.map(rowKey)],
    ["output batch", outputs.map(rowKey)],
    ["pause answer", answers.map((a) => `${a.play_sid}/${a.key}`)],
    ["wheel of package", (bundle.wheels ?? []).map((w) => w.name)],
  ];
  for (const [what, keys] of keyed) {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) return `${what} ${key} appears twice`;
      seen.add(key);
    }
  }
  const versionOf = new Map(versions.map((version) => [version.sid, version]));
  for (const workflow of workflows) {
    if (versionOf.get(workflow.current_version_sid)?.workflow_sid !== workflow.sid) {
      return `workflow '${workflow.name}' lacks its current version ${workflow.current_version_sid}`;
    }
  }
  const playSids = new Set(plays.map((p) => p.sid));
  for (const play of plays) {
    if (play.version_sid && !versionOf.has(play.version_sid)) {
      return `play ${play.sid} lacks the version it ran (${play.version_sid})`;
    }
  }
  for (const rows of [runs, batches, outputs, answers]) {
    const orphan = rows.find((row) => !playSids.has(row.play_sid));
    if (orphan) return `records of play ${orphan.play_sid}, which the bundle does not contain`;
  }
  for (const batch of batches) {
    if (batch.spans.some((s) => s.play_sid !== batch.play_sid || s.run_no !== batch.run_no)) {
      return `a span batch of play ${batch.play_sid} holds spans of another play or run`;
    }
  }
  return null;
}
