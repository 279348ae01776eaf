"""The journal: the memo-level steps a run asks for, in order, for the next run's identity check.

A step that finished is named by its index in the step cache (the play's stored outputs in
order, which only ever grow at the end): the steps of a replay and of a straight run are runs of
consecutive indices, so a journal of ten thousand steps packs into a few bytes instead of ten
thousand keys. A step that did not finish (failed, or stopped by a pause) is named by its key.
"""

import json

from ._jsonvalue import dumps_lenient


class Journal:
    """Built while the run goes; ``parts()`` packs it (see ``PackedJournal`` in worker/api.ts)."""

    __slots__ = ("names", "steps", "keys", "last")

    def __init__(self):
        self.names = [[None, 0]]  # [name, count] runs (the first one empty, so there is a last)
        self.steps = []  # [first index, count] runs, or the key of a step that did not finish
        self.keys = []  # every key asked for, in order (for the identity check)
        self.last = None  # the index run the next cached step may extend

    def _name(self, name: str):
        names = self.names
        if names[-1][0] == name:
            names[-1][1] += 1
        else:
            names.append([name, 1])

    def cached(self, name: str, key: str, index: int):
        """A step answered from the cache at ``index``. (``run_step`` does this itself.)"""
        self._name(name)
        self.keys.append(key)
        last = self.last
        if last is not None and last[0] + last[1] == index:
            last[1] += 1
        else:
            self.last = [index, 1]
            self.steps.append(self.last)

    def asked(self, name: str, key: str) -> int:
        """A step that executes; returns its place, for ``finished``."""
        self._name(name)
        self.keys.append(key)
        self.last = None
        self.steps.append(key)
        return len(self.steps) - 1

    def finished(self, place: int, index: int):
        """The step at ``place`` finished and its output will be at ``index`` in the next cache.
        (It is the latest entry: the steps inside a step that executes are not journaled.)"""
        steps = self.steps
        before = steps[place - 1] if place > 0 else None
        if place == len(steps) - 1 and type(before) is list and before[0] + before[1] == index:
            before[1] += 1
            steps.pop()
        else:
            steps[place] = [index, 1]

    def parts(self) -> tuple:
        """The packed journal in two JSON texts, ``names`` and ``steps``; the engine joins them
        into ``[names, steps]`` and hands it back, undecoded, as the next run's ``expected``."""
        return dumps_lenient([run for run in self.names if run[1]]), dumps_lenient(self.steps)


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
            found = cached_keys[first:first + count]
            keys.extend(found)
            keys.extend([None] * (count - len(found)))  # a damaged journal matches nothing
    return list(zip(names, keys))
