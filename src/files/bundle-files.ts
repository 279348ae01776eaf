import type { ImportReport, Limits } from "../engine/api";

/**
 * Offer `data` as a JSON file download named `name`. A bundle too large to be imported again
 * (beyond `limits`, the engine's) is refused instead of written.
 */
export function downloadJson(data: unknown, name: string, limits: Limits): void {
  const blob = new Blob([JSON.stringify(data)], { type: "application/json" });
  // In bytes, as an import checks the file's size before reading it.
  if (blob.size > limits.bundleChars) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    throw new Error(
      `This export would be ${mb(blob.size)} MB, more than an import accepts (${mb(limits.bundleChars)} MB): choose fewer plays.`,
    );
  }
  offerDownload(blob, name);
}

/** Offer `blob` as a file download named `name`. */
export function offerDownload(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by then; the object URL is not needed afterwards.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `hero_logic-<what>-2026-11-24.json` */
export function bundleFileName(what: string): string {
  const day = new Date().toISOString().slice(0, 10);
  return `hero_logic-${what}-${day}.json`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What an import did, in one sentence a person reads. */
export function describeReport(report: ImportReport): string {
  const { workflows, plays, packages, missing_packages: missing } = report;
  const parts: string[] = [];
  if (workflows.added.length > 0) {
    parts.push(`${plural(workflows.added.length, "flow")} (${workflows.added.join(", ")})`);
  }
  if (workflows.newVersion.length > 0) {
    parts.push(
      `a new version of ${workflows.newVersion.join(", ")} (the name was taken here; the imported source is now current)`,
    );
  }
  if (plays.added.length > 0) parts.push(plural(plays.added.length, "read-only play"));
  if (packages.added.length > 0) {
    parts.push(`${plural(packages.added.length, "wheel")} (${packages.added.join(", ")})`);
  }
  const already = [
    workflows.unchanged.length > 0 ? plural(workflows.unchanged.length, "flow") : "",
    plays.skipped.length > 0 ? plural(plays.skipped.length, "play") : "",
    packages.skipped.length > 0 ? plural(packages.skipped.length, "wheel") : "",
  ].filter(Boolean);
  const known =
    already.length > 0 ? ` Already here, left as they were: ${already.join(" and ")}.` : "";
  const lacking =
    missing.length > 0
      ? ` Not in this browser, so its plays fail before running until added on the Packages page: ${missing.join(", ")}.`
      : "";
  if (parts.length === 0) return `Nothing new to add.${known}${lacking}`;
  return `Imported ${parts.join(", ")}.${known}${lacking}`;
}
