#!/usr/bin/env node
/**
 * Checks that every relative link in README.md and docs/*.md resolves: the file exists, and a
 * `#anchor` names a heading of the page it points to (GitHub's slugs). Links to other sites are
 * not fetched. Exits 1 and prints `file:line: target` for each broken link.
 *
 *   node scripts/check-links.mjs            # README.md and docs/*.md
 *   node scripts/check-links.mjs a.md b.md  # just these
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");

function defaultPages() {
  const docs = join(root, "docs");
  const pages = readdirSync(docs)
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(docs, name));
  return [join(root, "README.md"), ...pages];
}

/** The page's text with fenced code blocks and inline code blanked (links there are examples). */
function proseLines(text) {
  let fenced = false;
  return text.split("\n").map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return "";
    }
    return fenced ? "" : line.replace(/`[^`]*`/g, "");
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file) {
  const anchors = new Set();
  for (const line of proseLines(readFileSync(file, "utf8"))) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) anchors.add(slug(heading[1]));
  }
  return anchors;
}

function brokenLinks(page) {
  const broken = [];
  proseLines(readFileSync(page, "utf8")).forEach((line, index) => {
    for (const [, target] of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
      const [path, anchor] = target.split("#");
      const file = path ? resolve(dirname(page), decodeURIComponent(path)) : page;
      const missing = !existsSync(file);
      const badAnchor =
        !missing && anchor && statSync(file).isFile() && file.endsWith(".md")
          ? !anchorsOf(file).has(anchor)
          : false;
      if (missing || badAnchor) broken.push(`${relative(root, page)}:${index + 1}: ${target}`);
    }
  });
  return broken;
}

const pages =
  process.argv.length > 2 ? process.argv.slice(2).map((p) => resolve(p)) : defaultPages();
const broken = pages.flatMap(brokenLinks);
for (const line of broken) console.error(`broken link ${line}`);
if (broken.length > 0) process.exit(1);
console.log(`check-links: ${pages.length} pages, every relative link resolves`);
