#!/usr/bin/env node
// Makes sure the Chromium the end-to-end tests use is installed (`npm run test:e2e` runs it first).
//
// Playwright never downloads a browser here: the tests run in Debian's `chromium` package
// (/usr/bin/chromium), or in the browser named by the CHROMIUM_PATH environment variable.
// When it is missing and this runs as root on a machine with apt-get, it installs it;
// otherwise it exits 1 and says how to install it.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";

const DEFAULT_PATH = JSON.parse(
  readFileSync(new URL("chromium.json", import.meta.url), "utf8"),
).path;
const fromEnv = process.env.CHROMIUM_PATH?.trim();
const chromiumPath = fromEnv || DEFAULT_PATH;

function log(message) {
  console.log(`[ensure-chromium] ${message}`);
}

function fail(message) {
  console.error(`[ensure-chromium] ${message}`);
  process.exit(1);
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser's version line, or null when it does not run. */
function version(path) {
  const result = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 30_000 });
  if (result.error || result.status !== 0) return null;
  // Debian's launcher script may print shell noise on stderr; the version is on stdout.
  const line = result.stdout.trim().split("\n").pop() ?? "";
  return line || null;
}

function verify(path) {
  if (!isExecutable(path)) return false;
  const found = version(path);
  if (!found) return false;
  log(`${found} at ${path}`);
  return true;
}

function commandExists(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

function run(command, args) {
  log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(" ")} exited with ${result.status}`);
}

const howTo =
  "Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), " +
  "or set CHROMIUM_PATH to the executable of a Chromium or Chrome build.";

if (verify(chromiumPath)) process.exit(0);

if (existsSync(chromiumPath)) {
  fail(`${chromiumPath} exists but does not run (\`${chromiumPath} --version\` failed). ${howTo}`);
}

if (fromEnv) {
  // An explicit path is the user's choice: never install something else behind their back.
  fail(`CHROMIUM_PATH=${fromEnv} does not exist. Point it at a Chromium executable, or unset it.`);
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot || !commandExists("apt-get")) {
  fail(
    `Chromium is not installed at ${chromiumPath}, and it cannot be installed automatically ` +
      `(${isRoot ? "apt-get is not available" : "not running as root"}). ${howTo}`,
  );
}

log(`Chromium is not installed at ${chromiumPath}; installing Debian's chromium package…`);
run("apt-get", ["update"]);
run("apt-get", ["install", "-y", "chromium"]);

if (!verify(chromiumPath)) {
  fail(`apt-get installed chromium, but ${chromiumPath} still does not run. ${howTo}`);
}
