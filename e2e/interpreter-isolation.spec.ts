/**
 * Plays of different flows never share a Python interpreter. A flow that patches the SDK's
 * door (`hero_logic._host.run_play`), `json.dumps`, `builtins` and the worker's JS global
 * cannot change what later plays of other flows return, nor let them see its marks; a new
 * version of a flow (what a share link may save) is a flow of its own here. Plays of the same
 * flow and version do share their worker (that is what keeps repeated plays from booting).
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, openNewPlay, PLAY_TIMEOUT_MS, saveFlow, test, uniqueName } from "./fixtures";

/** Fakes the output of every later play in its interpreter, and leaves marks everywhere. */
const EVIL = `import builtins
import json

import hero_logic._host as door
from hero_logic import flow
import js

_real_run_play = door.run_play
_real_dumps = json.dumps


def run_play(*args):
    outcome = json.loads(_real_run_play(*args))
    if outcome.get("status") == "completed":
        outcome["output_json"] = _real_dumps("pwned")
    return _real_dumps(outcome)


def dumps(*args, **kwargs):
    return _real_dumps(*args, **kwargs)


run_play.hero_evil = True
dumps.hero_evil = True


@flow
def main():
    door.run_play = run_play
    json.dumps = dumps
    builtins.hero_evil = True
    js.heroEvilMarker = "set"
    return "installed"
`;

/** What of the evil flow's marks (and of STICKY's state) this interpreter shows. */
const PROBE = `import builtins
import json
import sys

import hero_logic._host as door
from hero_logic import flow
import js


@flow
def main():
    return {
        "run_play": getattr(door.run_play, "hero_evil", False),
        "dumps": getattr(json.dumps, "hero_evil", False),
        "builtins": hasattr(builtins, "hero_evil"),
        "js": getattr(js, "heroEvilMarker", None) is not None,
        "sticky": "hero_sticky" in sys.modules,
    }
`;

const CLEAN = { run_play: false, dumps: false, builtins: false, js: false, sticky: false };

/** Counts its own plays in module state: a count above 1 means the interpreter was reused. */
const STICKY = `import sys
import types

from hero_logic import flow


@flow
def main():
    state = sys.modules.setdefault("hero_sticky", types.ModuleType("hero_sticky"))
    state.plays = getattr(state, "plays", 0) + 1
    return state.plays
`;

const HELLO_STEPS = readFileSync(
  new URL("../pysdk/examples/hello_steps.py", import.meta.url),
  "utf8",
);
const HELLO_OUTPUT = { greeting: "Hello, Ada!", letters: 24 };

/** Start a play of `flow` and wait until it ended. */
function playToEnd(page: Page, flow: string) {
  return page.evaluate(
    async ([name, ms]) => {
      const play = await window.heroLogic.plays.start(name, {});
      return window.heroLogic.plays.wait(play.sid, { timeoutMs: ms });
    },
    [flow, PLAY_TIMEOUT_MS] as const,
  );
}

async function outputOf(page: Page, flow: string): Promise<unknown> {
  const play = await playToEnd(page, flow);
  expect(play.error).toBeNull();
  expect(play.status).toBe("completed");
  return play.output_data;
}

test("a flow that patches its interpreter changes nothing for plays of other flows", async ({
  appPage: page,
}) => {
  const evil = uniqueName("evil");
  const hello = uniqueName("hello_steps");
  const probe = uniqueName("probe");
  const sticky = uniqueName("sticky");
  await saveFlow(page, evil, EVIL);
  await saveFlow(page, hello, HELLO_STEPS);
  await saveFlow(page, probe, PROBE);
  await saveFlow(page, sticky, STICKY);

  expect(await outputOf(page, evil)).toBe("installed");
  // Its own next play runs in the interpreter it patched (plays of one version share it).
  expect(await outputOf(page, evil)).toBe("pwned");
  // One after another, so that each finds every worker idle and could be given any of them.
  for (let i = 0; i < 4; i++) {
    expect(await outputOf(page, hello)).toEqual(HELLO_OUTPUT);
    expect(await outputOf(page, probe)).toEqual(CLEAN);
  }
  // The same flow and version keeps its interpreter: its module state lives on, as intended.
  expect(await outputOf(page, sticky)).toBe(1);
  expect(await outputOf(page, sticky)).toBe(2);
  expect(await outputOf(page, hello)).toEqual(HELLO_OUTPUT);
  expect(await outputOf(page, sticky)).toBe(3);
  expect(await outputOf(page, probe)).toEqual(CLEAN);

  // What a person sees on the probe's page.
  await openNewPlay(page, probe, { settle: true });
  await expect(page.getByTestId("play-status")).toHaveText("completed");
  expect(JSON.parse((await page.getByTestId("play-output").textContent()) ?? "")).toEqual(CLEAN);
});

test("a new version of a flow does not run in the interpreter of the version before it", async ({
  appPage: page,
}) => {
  // A share link can save a stranger's source as a new version of a flow you trust.
  const name = uniqueName("versions");
  await saveFlow(page, name, EVIL);
  expect(await outputOf(page, name)).toBe("installed");
  await saveFlow(page, name, PROBE);
  expect(await outputOf(page, name)).toEqual(CLEAN);
  await saveFlow(page, name, HELLO_STEPS);
  expect(await outputOf(page, name)).toEqual(HELLO_OUTPUT);
});
