"""Memoized steps: run once, store the JSON output under a step key, replay it afterwards."""

import json
from hashlib import sha256
from types import CoroutineType
from typing import Any

from . import _run
from ._arguments import input_text
from ._cassette import call_key
from ._errors import NOT_ASYNC, Failed, StepOutputError
from ._jsonvalue import SCALARS, canonical_arguments, describe_problem, dumps_strict
from ._run import CONTAINERS
from ._spans import user_location


def step_key(version_sid: str, parent_path: str, name: str, index: int, args_json: str) -> str:
    """SHA-256 over the version, the span path, the step name, its occurrence and its arguments.

    ``run_step`` builds the same text in two parts: ``key_prefix`` once per parent span, the
    rest per step.
    """
    return _digest(f"{key_prefix(version_sid, parent_path)}{name}\x1f{index}\x1f{args_json}")


def key_prefix(version_sid: str, parent_path: str) -> str:
    return f"{version_sid}\x1f{parent_path}\x1f"


def next_key(run, name: str, args, kwargs, key_salt: str = "") -> tuple:
    """The key and occurrence of the next step ``name`` under the open span, counted as asked
    (for a memoized call that does not go through ``run_step``)."""
    parent = run._stack[-1]
    index = parent.next_index(name)
    return _key_of(run, parent, name, index, key_salt + canonical_arguments(args, kwargs)), index


def peek_key(run, name: str, args, kwargs, key_salt: str = "") -> str:
    """The key the next step ``name`` under the open span would get, not counted."""
    parent = run._stack[-1]
    index = parent.child_counts.get(name, 0)
    return _key_of(run, parent, name, index, key_salt + canonical_arguments(args, kwargs))


def _key_of(run, parent, name: str, index: int, args_text: str) -> str:
    prefix = parent.key_prefix
    if prefix is None:
        prefix = parent.key_prefix = key_prefix(run.version_sid, parent.path)
    return _digest(f"{prefix}{name}\x1f{index}\x1f{args_text}")


# The keys this interpreter computed: a replay asks again for the keys its play's earlier runs
# computed here, and looking one up costs a fraction of hashing it again. A pure function's
# results, so nothing can go stale. The commonest step (one int or short str argument, no salt)
# is kept by its parts (name, occurrence, argument) under its parent's prefix: a tuple of them
# hashes in a fraction of the time its text takes to build and hash (10,000 replayed steps:
# 21 → 16 ms in Pyodide under Node). Any other step is kept by its text, where the text is
# short (a long one's hashing is cheap beside making it). At most _KNOWN_KEYS_MAX keys in all.
_known_keys: dict[str, str] = {}
_known_by_prefix: dict[str, dict[tuple, str]] = {}
_known_count = 0
_KNOWN_KEYS_MAX = 200_000
_KNOWN_TEXT_MAX = 1_000
_KNOWN_ARGUMENT_MAX = 100


def known_under(prefix: str) -> dict:
    """The keys kept by their parts under ``prefix`` (a span keeps it as ``known_keys``)."""
    known = _known_by_prefix.get(prefix)
    if known is None:
        known = _known_by_prefix[prefix] = {}
    return known


def _keep_one() -> None:
    """Count a key about to be kept; past the bound, forget every kept key first."""
    global _known_count
    if _known_count >= _KNOWN_KEYS_MAX:
        _known_keys.clear()
        _known_by_prefix.clear()
        _known_count = 0
    _known_count += 1


def _remember_parts_key(known: dict, parts: tuple, text: str) -> str:
    """The step key of ``text`` (see ``step_key``), kept in ``known`` by ``parts``."""
    key = _digest(text)
    _keep_one()
    known[parts] = key
    return key


def _remember_key(text: str) -> str:
    """The step key of ``text`` (see ``step_key``), kept in ``_known_keys`` where it fits."""
    key = _digest(text)
    if len(text) <= _KNOWN_TEXT_MAX:
        _keep_one()
        _known_keys[text] = key
    return key


def _digest(text: str) -> str:
    return sha256(_utf8(text)).hexdigest()


def _utf8(text: str) -> bytes:
    """UTF-8, and lone surrogates (which a str may hold) kept as their three bytes: any text
    gives a key, and every valid text the same one as plain UTF-8."""
    try:
        return text.encode()
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def run_step(name, fn, args, kwargs, *, kind="step", location=None, key_salt="", shown=None) -> Any:
    """Execute ``fn`` as a memoized step of the active run (or call it plainly outside one).

    ``location`` is the user code's file and line; without one it is looked up, and only for a
    step that executes (a replayed step shows the location its origin recorded). ``shown``,
    given the output and its text, returns the text the span shows, or None to show it whole.

    This is the hot path of every run and every replay: it does the work of a replayed step
    itself instead of through helpers (each Python call costs about as much as hashing the key).
    """
    run = _run._current
    if run is None:
        return fn(*args, **kwargs)
    parent = run._stack[-1]
    counts = parent.child_counts
    index = counts.get(name, 0)
    counts[name] = index + 1
    prefix = parent.key_prefix
    if prefix is None:
        prefix = parent.key_prefix = key_prefix(run.version_sid, parent.path)
    arguments = None  # made only where the key (or an rpc's call key) needs it
    if (
        not kwargs
        and not key_salt
        and len(args) == 1
        and (
            (argument_type := type(arg := args[0])) is int
            or (argument_type is str and len(arg) <= _KNOWN_ARGUMENT_MAX)
        )
    ):
        known = parent.known_keys
        if known is None:
            known = parent.known_keys = known_under(prefix)
        parts = (name, index, arg)
        key = known.get(parts)
        if key is None:
            arguments = canonical_arguments(args, kwargs)
            key = _remember_parts_key(known, parts, f"{prefix}{name}\x1f{index}\x1f{arguments}")
    else:
        arguments = canonical_arguments(args, kwargs)
        text = f"{prefix}{name}\x1f{index}\x1f{key_salt}{arguments}"
        key = _known_keys.get(text)
        if key is None:
            key = _remember_key(text)
    cached_at = run.cache_index.get(key)
    if cached_at is not None:
        if not run.fresh:
            journal = run.journal
            journal.names.append(name)
            journal.steps.append(cached_at)
        indices = run._range
        if indices is not None and run._range_parent is parent:
            indices.append(cached_at)  # the next step of the range (see RunContext.replayed)
            run._seq += 1
            if not run._seq % 64:
                run.replay_tick()
        else:
            run.replayed(cached_at, parent)
        value = run.cached_values[cached_at]
        if type(value) in CONTAINERS:
            run.handed.add(cached_at)  # see RunContext.value_at
        return value
    journal_at = None if run.fresh else run.journal.asked(name, key)
    if location is None:
        location = user_location(1)
    # An rpc call records its call key: a cassette play matches its calls by it (_cassette.py).
    call = None
    if kind == "rpc":
        if arguments is None:
            arguments = canonical_arguments(args, kwargs)
        call = call_key(name, key_salt, arguments)
    span = run.open(
        name,
        kind,
        input_text=input_text(fn, args, kwargs),
        step_key=key,
        attributes=None if call is None else {"call_key": call},
        location=location,
        index=index,
    )
    span.journal_at = journal_at
    try:
        run.check_divergence(name, key)
        run.fresh += 1
        try:
            if call is not None and run.cassette is not None:
                value = run.cassette.answer(call, name)
            else:
                value = fn(*args, **kwargs)
        finally:
            run.fresh -= 1
        try:
            text = dumps_strict(value)
        except TypeError, ValueError, RecursionError:
            if type(value) is CoroutineType:
                value.close()
                raise Failed(f"step '{name}' is declared async def: {NOT_ASYNC}") from None
            raise StepOutputError(name, describe_problem(value)) from None
    except BaseException as exc:
        run.close_with_error(span, exc)
        raise
    # Hand back what a replay would return, so the first run and replays see the same value.
    if type(value) not in SCALARS and type(value) is not float:
        value = json.loads(text)
    # What the span shows, where the caller bounds it: the cache keeps the whole output.
    display = None if shown is None else shown(value, text)
    run.close(span, "ok", output=value, cache=text, shown=display)
    return value
