"""Memoized steps: run once, store the JSON output under a step key, replay it afterwards."""

import hashlib
import json

from ._errors import StepOutputError
from ._jsonvalue import SCALARS, canonical, describe_problem, dumps_strict, to_display
from ._run import current


def step_key(version_sid: str, parent_path: str, name: str, index: int, args_json: str) -> str:
    """SHA-256 over the version, the span path, the step name, its occurrence and its arguments."""
    text = "\x1f".join((version_sid, parent_path, name, str(index), args_json))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _arguments(args, kwargs):
    if not kwargs:
        return list(args)
    return {"args": list(args), "kwargs": kwargs}


def run_step(name, fn, args, kwargs, *, kind="step", location=None, key_salt=""):
    """Execute ``fn`` as a memoized step of the active run (or call it plainly outside one)."""
    run = current()
    if run is None:
        return fn(*args, **kwargs)
    parent = run.top()
    index = parent.next_index(name)
    arguments = _arguments(args, kwargs)
    key = step_key(run.version_sid, parent.path, name, index, key_salt + canonical(arguments))
    if not run.fresh:
        run.journal.append((name, key))
    cached = run.step_cache.get(key)
    if cached is not None:
        value = json.loads(cached)
        # A replayed run_async returns the child's sid: its span links to the child.
        child = value if kind == "subflow" else None
        run.replay(name, kind, key, to_display(arguments), location, child)
        return value
    span = run.open(name, kind, input=to_display(arguments), step_key=key, location=location, index=index)
    try:
        run.check_divergence(name, key)
        run.fresh += 1
        try:
            value = fn(*args, **kwargs)
        finally:
            run.fresh -= 1
        try:
            text = dumps_strict(value)
        except (TypeError, ValueError, RecursionError):
            raise StepOutputError(name, describe_problem(value)) from None
    except BaseException as exc:
        run.close_with_error(span, exc)
        raise
    # Hand back what a replay would return, so the first run and replays see the same value.
    if not (type(value) in SCALARS or (type(value) is float)):
        value = json.loads(text)
    run.close(span, "ok", output=value, cache=text)
    return value
