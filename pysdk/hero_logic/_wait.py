"""``flow.wait``: the outcome of a child play, memoized like a step."""

from hashlib import sha256
from typing import Any

from ._errors import Failed, WaitInterrupt
from ._jsonvalue import dumps_strict
from ._run import running
from ._spans import format_error, user_location
from ._steps import next_key

_FINAL = ("completed", "failed", "cancelled")
_FAILED = ("failed", "cancelled")


def wait(sid: str) -> Any:
    """Return the output of child play ``sid`` once it has completed (``Failed`` if it failed
    or was cancelled). While children are still going, the play waits without a worker and
    runs again, replaying, when all of them have finished. What a wait returned or raised is
    what it returns or raises in every later run of the play under the same version, whatever
    happens to the child afterwards (it may be answered and complete after it failed)."""
    run = running("flow.wait")
    child = run.children.get(sid)
    name = run.spawned.get(sid) or (child or {}).get("workflow")
    if name is None:
        raise Failed(f"flow.wait: '{sid}' is not a child play of this play")
    step = f"wait {name}"
    key, index = next_key(run, step, (sid,), {})
    completed_at = run.cache_index.get(key)
    if completed_at is not None:
        if not run.fresh:
            run.journal.replayed(step, completed_at)
        run.replayed(completed_at, run.innermost())
        return run.value_at(completed_at)
    # A failure is stored under a key of its own: an output under the step's key is what the
    # child returned, which may be any JSON value.
    failed_key = sha256(f"{key}\x1ffailed".encode()).hexdigest()
    failed_at = run.cache_index.get(failed_key)
    # A wait that ends failed carries that key from its start, as its stored span says which
    # output is its own (a retry reads it there to execute the wait again).
    fails = failed_at is not None or (child is not None and child["status"] in _FAILED)
    span = run.open(
        step,
        "subflow",
        input={"play": sid},
        step_key=failed_key if fails else key,
        location=user_location(),
        index=index,
    )
    span.child_play_sid = sid
    if failed_at is not None:
        if not run.fresh:
            run.journal.replayed(step, failed_at)
        error = Failed(run.value_at(failed_at)["error"])
        run.close_with_error(span, error)
        raise error
    span.journal_at = None if run.fresh else run.journal.asked(step, key)
    try:
        run.check_divergence(step, key)
    except BaseException as exc:
        run.close_with_error(span, exc)
        raise
    if child is None or child["status"] not in _FINAL:
        run.close(span, "paused")
        raise WaitInterrupt(sorted(s for s in run.spawned if _unfinished(run, s)))
    if child["status"] == "completed":
        output = child["output"]
        run.close(span, "ok", output=output, cache=dumps_strict(output))
        return output
    reason = (child.get("error") or {}).get("message") or child["status"]
    message = f"child play {sid} ({name}) {child['status']}: {reason}"
    error = Failed(message)
    run.close(span, "failed", error=format_error(error), cache=dumps_strict({"error": message}))
    raise error


def _unfinished(run, sid):
    child = run.children.get(sid)
    return child is None or child["status"] not in _FINAL
