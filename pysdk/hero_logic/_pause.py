"""``flow.pause``: park the play until a person answers, then return the answer on later runs."""

from ._errors import Failed, PauseInterrupt
from ._fields import normalize_fields, validate_fields
from ._jsonvalue import dumps_strict
from ._run import MISSING, current
from ._spans import user_location

PAUSE_KEY_PREFIX = "pause:"


def pause(name: str, *, prompt: str = "", fields=None) -> dict:
    """Park the play until a payload for ``fields`` is submitted; return that payload.

    Answers are keyed by the pause name and its occurrence in the run (``approve``,
    ``approve#1``, ...), not by the version, so an answer survives an edit of the flow.
    """
    run = current()
    if run is None:
        raise RuntimeError("flow.pause() can only be called while a flow runs")
    try:
        fields = normalize_fields(fields)
    except ValueError as e:
        raise ValueError(f"pause '{name}': {e}") from None
    key = run.next_pause_key(name)
    store_key = PAUSE_KEY_PREFIX + key
    attributes = {"pause": key, "prompt": prompt}
    span = run.open(
        name,
        "step",
        input={"prompt": prompt},
        step_key=store_key,
        attributes=attributes,
        location=user_location(),
    )
    value = run.cached(store_key)
    if value is not MISSING:
        run.close(span, "ok", output=value)
        return value
    prefilled = run.prefill.get(key, run.prefill.get(name))
    if prefilled is not None:
        try:
            value = validate_fields(fields, prefilled, f"prefill for pause '{key}'")
        except ValueError as e:
            error = Failed(str(e))
            run.close_with_error(span, error)
            raise error from None
        run.close(span, "ok", output=value, cache=dumps_strict(value))
        return value
    if run.prefill_only:
        # The engine keeps this pause on the failed play, so a person can still answer it.
        run.unanswered_pause = {"name": name, "key": key, "prompt": prompt, "fields": fields}
        error = Failed(
            f"pause '{key}' has no prefilled answer, and the play was started with prefill only"
        )
        run.close_with_error(span, error)
        raise error
    run.close(span, "paused")
    raise PauseInterrupt(name, key, prompt, fields)
