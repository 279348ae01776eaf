"""Sub-flows: another workflow in-process (``invoke``) or as child plays (``run_async``/``wait``)."""

from typing import Any

from ._errors import Failed
from ._fields import validate_fields
from ._modules import entry_function, load_flow_module
from ._run import running
from ._spans import new_sid, user_location
from ._steps import peek_key, run_step
from ._wait import wait

# A flow that invokes or starts itself without end fails here, with a message that says so,
# instead of a RecursionError deep in the runtime or an endless chain of child plays.
MAX_INVOKE_DEPTH = 32
MAX_PLAY_DEPTH = 32
_ENDLESS = "a flow that starts itself without end?"


def invoke(name: str, *, spawn: bool = False, version_sid: str = "", prefill=None, **inputs) -> Any:
    """Run workflow ``name`` with ``inputs`` and return its output.

    ``spawn=False`` executes its current version in this play (its spans nest under the
    caller, memoized as one step; an edit of that flow executes it afresh). ``spawn=True``
    starts a child play (``version_sid`` picks a version, ``prefill`` answers its pauses) and
    waits for it; a failed child raises ``Failed``.
    """
    if spawn:
        return wait(run_async(name, version_sid=version_sid, prefill=prefill, **inputs))
    run = running("flow.invoke")
    spec = _workflow(run, name)
    version = spec["version_sid"]
    if version_sid and version_sid != version:
        raise Failed(
            f"flow.invoke('{name}') in-process runs the current version ({version}); "
            f"use spawn=True to run version {version_sid}"
        )
    if run.invoking >= MAX_INVOKE_DEPTH:
        raise Failed(
            f"flow.invoke('{name}') would nest {run.invoking + 1} flows in-process, more "
            f"than the {MAX_INVOKE_DEPTH} there may be ({_ENDLESS})"
        )

    # The call is identified by what the caller asked (name, explicit inputs, occurrence); the
    # step's key adds the version it runs, so an edit of that flow executes it afresh.
    run.invoked(name, peek_key(run, name, (), inputs), version)
    asked, keyed_inside = inputs, True
    earlier = _earlier_build_key(run, spec, name, inputs, version)
    if earlier is not None:
        values, key = earlier
        if key in run.cache_index:
            asked = values  # finished under an earlier build: it replays
        elif run.made_before(key):
            keyed_inside = False  # paused inside under an earlier build: its steps replay

    def execute(**given):
        if keyed_inside:
            # The invoked flow's steps are keyed under its version (see ``Span.path``).
            run.innermost().invoked_version = version
        entry = entry_function(load_flow_module(spec["source"], name), spec["entry"])
        # Its http calls are its own: they need its grant, not only the caller's (see _http).
        grant = (name, spec.get("network") or [], spec.get("granted_origins") or [])
        run.invoked_grants.append(grant)
        try:
            return entry(**_inputs(spec, name, given))
        finally:
            run.invoked_grants.pop()

    run.invoking += 1
    try:
        return run_step(name, execute, (), asked, location=user_location(), key_salt=version)
    finally:
        run.invoking -= 1


def run_async(name: str, *, version_sid: str = "", prefill=None, **inputs) -> str:
    """Start workflow ``name`` as a child play and return its sid at once (memoized: a
    replayed parent gets the same child, never a second one)."""
    run = running("flow.run_async")
    if prefill is not None and not isinstance(prefill, dict):
        raise Failed("prefill must map pause names to dicts of field values")

    def spawn(**given):
        values = _inputs(_workflow(run, name), name, given)
        if run.depth >= MAX_PLAY_DEPTH:
            raise Failed(
                f"flow.run_async('{name}'): this play is {run.depth} child plays deep, "
                f"the deepest there may be ({_ENDLESS})"
            )
        started = len(run.children) + run.started_children
        if run.max_children is not None and started >= run.max_children:
            raise Failed(
                f"flow.run_async('{name}'): this play has already started {started} child plays, "
                f"the most it may start (maxChildren: {run.max_children})"
            )
        run.started_children += 1
        span = run.innermost()
        span.child_play_sid = new_sid()
        span.spawn = {
            "sid": span.child_play_sid,
            "workflow": name,
            "inputs": values,
            "version_sid": version_sid,
            "prefill": prefill or {},
        }
        return span.child_play_sid

    # A child is identified by what the parent asked: its name, the inputs given (never the
    # defaults the child's flow has now, which an edit changes), the version and prefill asked
    # for, and the occurrence. The inputs are checked only when the child starts.
    salt = f"{version_sid}|{sorted((prefill or {}).items())!r}|"
    asked = inputs
    earlier = _earlier_build_key(run, run.library.get(name), name, inputs, salt)
    if earlier is not None and earlier[1] in run.cache_index:
        asked = earlier[0]  # started under an earlier build: the same child
    sid = run_step(name, spawn, (), asked, kind="subflow", location=user_location(), key_salt=salt)
    run.spawned[sid] = name
    return sid


def _earlier_build_key(run, spec, name, inputs, salt):
    """The inputs an earlier build of the SDK keyed this call by (the flow's defaults filled
    in), with that key, so a play that build started goes on as it began; None when they are
    the inputs given (the same key), when they do not validate, or when nothing is stored."""
    if spec is None or not run.cached_keys:
        return None
    try:
        values = validate_fields(spec["inputs"], inputs, name)
    except ValueError:
        return None
    if values == inputs:
        return None
    return values, peek_key(run, name, (), values, salt)


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
