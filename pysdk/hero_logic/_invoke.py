"""Sub-flows: another workflow in-process (``invoke``) or as child plays (``run_async``/``wait``)."""

from ._errors import Failed, WaitInterrupt
from ._fields import validate_fields
from ._modules import entry_function, load_flow_module
from ._run import current
from ._spans import new_sid, user_location
from ._steps import run_step

_FINAL = ("completed", "failed", "cancelled")

# A flow that invokes or starts itself without end fails here, with a message that says so,
# instead of a RecursionError deep in the runtime or an endless chain of child plays.
MAX_INVOKE_DEPTH = 32
MAX_PLAY_DEPTH = 32
_ENDLESS = "a flow that starts itself without end?"


def invoke(name: str, *, spawn: bool = False, version_sid: str = "", prefill=None, **inputs):
    """Run workflow ``name`` with ``inputs`` and return its output.

    ``spawn=False`` executes its current version in this play (its spans nest under the
    caller, memoized as one step). ``spawn=True`` starts a child play (``version_sid`` picks a
    version, ``prefill`` answers its pauses) and waits for it; a failed child raises ``Failed``.
    """
    if spawn:
        return wait(run_async(name, version_sid=version_sid, prefill=prefill, **inputs))
    run = _running("flow.invoke")
    spec = _workflow(run, name)
    if version_sid and version_sid != spec["version_sid"]:
        raise Failed(
            f"flow.invoke('{name}') in-process runs the current version ({spec['version_sid']}); "
            f"use spawn=True to run version {version_sid}"
        )
    values = _inputs(spec, name, inputs)
    if run.invoking >= MAX_INVOKE_DEPTH:
        raise Failed(f"flow.invoke('{name}') would nest {run.invoking + 1} flows in-process, more "
                     f"than the {MAX_INVOKE_DEPTH} there may be ({_ENDLESS})")
    namespace = load_flow_module(spec["source"], name)
    entry = entry_function(namespace, spec["entry"])
    run.invoking += 1
    try:
        # The invoked version is part of the key: editing that flow executes it afresh.
        return run_step(name, entry, (), values, location=user_location(),
                        key_salt=spec["version_sid"])
    finally:
        run.invoking -= 1


def run_async(name: str, *, version_sid: str = "", prefill=None, **inputs) -> str:
    """Start workflow ``name`` as a child play and return its sid at once (memoized: a
    replayed parent gets the same child, never a second one)."""
    run = _running("flow.run_async")
    spec = _workflow(run, name)
    values = _inputs(spec, name, inputs)
    if prefill is not None and not isinstance(prefill, dict):
        raise Failed("prefill must map pause names to dicts of field values")

    def spawn(**_):
        if run.depth >= MAX_PLAY_DEPTH:
            raise Failed(f"flow.run_async('{name}'): this play is {run.depth} child plays deep, "
                         f"the deepest there may be ({_ENDLESS})")
        started = len(run.children) + run.started_children
        if run.max_children is not None and started >= run.max_children:
            raise Failed(
                f"flow.run_async('{name}'): this play has already started {started} child plays, "
                f"the most it may start (maxChildren: {run.max_children})"
            )
        run.started_children += 1
        span = run.top()
        span.child_play_sid = new_sid()
        span.spawn = {"sid": span.child_play_sid, "workflow": name, "inputs": values,
                      "version_sid": version_sid, "prefill": prefill or {}}
        return span.child_play_sid

    salt = f"{version_sid}|{sorted((prefill or {}).items())!r}|"
    sid = run_step(name, spawn, (), values, kind="subflow", location=user_location(), key_salt=salt)
    run.spawned[sid] = name
    return sid


def wait(sid: str):
    """Return the output of child play ``sid`` once it has completed (``Failed`` if it failed
    or was cancelled). While children are still going, the play waits without a worker and
    runs again, replaying, when all of them have finished."""
    run = _running("flow.wait")
    child = run.children.get(sid)
    name = run.spawned.get(sid) or (child or {}).get("workflow")
    if name is None:
        raise Failed(f"flow.wait: '{sid}' is not a child play of this play")
    span = run.open(f"wait {name}", "subflow", input={"play": sid}, location=user_location())
    span.child_play_sid = sid
    if child is None or child["status"] not in _FINAL:
        run.close(span, "paused")
        raise WaitInterrupt(sorted(s for s in run.spawned if _unfinished(run, s)))
    if child["status"] == "completed":
        run.close(span, "ok", output=child["output"])
        return child["output"]
    reason = (child.get("error") or {}).get("message") or child["status"]
    error = Failed(f"child play {sid} ({name}) {child['status']}: {reason}")
    run.close_with_error(span, error)
    raise error


def _running(what):
    run = current()
    if run is None:
        raise RuntimeError(f"{what}() can only be called while a flow runs")
    return run


def _workflow(run, name):
    spec = run.library.get(name)
    if spec is None:
        raise Failed(f"no workflow named '{name}' in the library")
    return spec


def _inputs(spec, name, inputs):
    try:
        return validate_fields(spec["inputs"], inputs, f"inputs for '{name}'")
    except ValueError as e:
        raise Failed(str(e)) from None


def _unfinished(run, sid):
    child = run.children.get(sid)
    return child is None or child["status"] not in _FINAL
