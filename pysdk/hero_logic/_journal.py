"""The journal: the memo-level steps a run asks for, in order, for the next run's identity check.

A step that finished is named by its index in the step cache (the play's stored outputs in
order, which only ever grow at the end): the steps of a replay and of a straight run are runs of
consecutive indices, so a journal of ten thousand steps packs into a few bytes instead of ten
thousand keys. A step that did not finish (failed, or stopped by a pause) is named by its key.
An in-process ``flow.invoke`` adds a mark before its step: the version of the flow it ran there.

While the run goes, names and steps are flat lists (``run_step`` appends to them directly: one
append a step); they are packed into runs once, at the end.
"""

import json
from itertools import groupby

from ._jsonvalue import dumps_lenient

# Marks are told from step keys (64 hex digits) by this prefix; no cache holds them.
_INVOKED = "invoked:"


class Journal:
    """Built while the run goes; ``parts()`` packs it (see ``PackedJournal`` in src/wire/records.ts)."""

    __slots__ = ("names", "steps")

    def __init__(self):
        self.names = []  # the name of every step asked for
        self.steps = []  # its cache index once finished, or its key until then

    def asked(self, name: str, key: str) -> int:
        """A step that executes; returns its place, for ``finished``."""
        self.names.append(name)
        self.steps.append(key)
        return len(self.steps) - 1

    def replayed(self, name: str, index: int):
        """A step answered from the cache at ``index`` (``run_step`` does this inline)."""
        self.names.append(name)
        self.steps.append(index)

    def invoked(self, name: str, identity: str, version_sid: str):
        """An in-process invoke of version ``version_sid`` at the place ``identity``."""
        self.names.append(name)
        self.steps.append(f"{_INVOKED}{identity}:{version_sid}")

    def finished(self, place: int, index: int):
        """The step at ``place`` finished; its output will be at ``index`` in the next cache."""
        self.steps[place] = index

    def parts(self) -> tuple:
        """The packed journal in two JSON texts, ``names`` as ``[name, count]`` runs and
        ``steps`` as ``[first, count]`` runs of indices or keys; the engine joins them into
        ``[names, steps]`` and hands it back, undecoded, as the next run's ``expected``."""
        names = self.names
        if names and names.count(names[0]) == len(names):
            name_runs = [[names[0], len(names)]]
        else:
            name_runs = [[name, sum(1 for _ in group)] for name, group in groupby(names)]
        return dumps_lenient(name_runs), dumps_lenient(index_runs(self.steps))


def index_runs(items: list) -> list:
    """Consecutive int indices as ``[first, count]`` runs; anything else (a key) as it is."""
    if not items:
        return []
    first = items[0]
    count = len(items)
    # The common case (a straight run, a whole replay) checked at C speed.
    if type(first) is int and type(items[-1]) is int and items[-1] - first == count - 1:
        if items == list(range(first, first + count)):
            return [[first, count]]
    runs = []
    last = None
    for item in items:
        if type(item) is int and last is not None and last[0] + last[1] == item:
            last[1] += 1
        elif type(item) is int:
            last = [item, 1]
            runs.append(last)
        else:
            last = None
            runs.append(item)
    return runs


def unpack(packed: str, cached_keys: list) -> list:
    """The ``(name, step_key)`` pairs of a packed journal, in order; ``cached_keys`` is the step
    cache's keys in order (the indices of the journal point into it)."""
    runs, steps = json.loads(packed)
    names = [name for name, count in runs for _ in range(count)]
    keys = []
    for step in steps:
        if type(step) is str:
            keys.append(step)
        else:
            first, count = step
            found = cached_keys[first : first + count]
            keys.extend(found)
            keys.extend([None] * (count - len(found)))  # a damaged journal matches nothing
    # A damaged journal may name more or fewer steps than it has keys: the pairs it has.
    return list(zip(names, keys, strict=False))


def invoked_versions(entries: list) -> dict:
    """The versions the marks among unpacked ``(name, key)`` entries name, by place."""
    versions = {}
    for _, key in entries:
        if key is not None and key.startswith(_INVOKED):
            identity, _, version_sid = key[len(_INVOKED) :].partition(":")
            versions[identity] = version_sid
    return versions
