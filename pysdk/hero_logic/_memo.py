"""The step cache a run replays from, and the one an interpreter keeps for the next run of the
same play (its memo), so that run needs the play's stored outputs neither read nor sent."""

import json
import re
from bisect import bisect_right

_decoder = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at


class StepCache:
    """The play's stored outputs, flattened in storage order: a replayed step is named by its
    index in ``keys`` and ``values``; ``index`` maps a key to its last place.

    Each row (a ``StepOutputs`` text, as the engine stores it) keeps its text beside its values:
    a value a run handed to user code may have been changed by it, and is read again from its
    row's text before another run gets it (see ``keep``). Rows added at a run's end are parsed
    when the cache is next needed (``settle``), not while the engine waits for the outcome.
    """

    def __init__(self):
        self.keys: list = []
        self.values: list = []
        self.index: dict = {}
        self._texts: list[str] = []
        self._starts: list[int] = []
        # Rows whose values must be read again from their texts (handed out, maybe changed),
        # and rows added but not parsed yet; both wait for ``settle``.
        self._stale: set[int] = set()
        self._unparsed: list[str] = []

    @classmethod
    def parse(cls, text: str | bytes) -> StepCache:
        """The cache from the JSON text (or its UTF-8) of a list of rows (``[{...},{...}]``),
        each row's text kept as it lies in ``text``."""
        if isinstance(text, bytes):
            text = text.decode()
        cache = cls()
        at = _skip_space(text, 0)
        if text[at : at + 1] != "[":
            raise ValueError("the step cache is not a JSON list")
        at = _skip_space(text, at + 1)
        if text[at : at + 1] == "]":
            return cache
        while True:
            row, end = _decoder.raw_decode(text, at)
            if type(row) is not dict:
                raise ValueError("a row of the step cache is not a JSON object")
            cache._add(text[at:end], row)
            at = _skip_space(text, end)
            if text[at : at + 1] == "]":
                return cache
            if text[at : at + 1] != ",":
                raise ValueError("the step cache is not a JSON list")
            at = _skip_space(text, at + 1)

    def _add(self, text: str, row: dict):
        start = len(self.keys)
        self._texts.append(text)
        self._starts.append(start)
        self.keys.extend(row)
        self.values.extend(row.values())
        # Updated in order, a key stored twice names its last place, as in the cold cache.
        self.index.update(zip(row, range(start, start + len(row)), strict=True))

    def keep(self, handed: set, rows: list[str]):
        """Turn this cache into the next run's: the places in ``handed`` (values given to user
        code that it could change: lists and dicts) are read again from their rows' texts, and
        ``rows`` (the outputs the run sent, as ``StepOutputs`` texts, in order, each key once)
        follow, as one row: a run sends a batch before every step, and ten thousand small texts
        parse several times slower than one (the store merges them too, see ``compactOutputs``)."""
        starts = self._starts
        for place in handed:
            self._stale.add(bisect_right(starts, place) - 1)
        if rows:
            self._unparsed.append("{" + ",".join(row[1:-1] for row in rows) + "}")

    def settle(self) -> StepCache:
        """Parse what ``keep`` left to parse; a cache in use is always settled."""
        for row in sorted(self._stale):
            fresh = json.loads(self._texts[row]).values()
            start = self._starts[row]
            self.values[start : start + len(fresh)] = fresh
        self._stale.clear()
        for text in self._unparsed:
            self._add(text, json.loads(text))
        self._unparsed.clear()
        return self


class Memo:
    """What an interpreter keeps of the play whose run it ran last: the step cache the play's
    next run gets (the one before it, and the outputs that run stored)."""

    def __init__(self, play_sid: str, run_no: int, cache: StepCache):
        self.play_sid = play_sid
        self.run_no = run_no
        self.cache = cache

    def matches(self, warm) -> bool:
        """Whether this is the memo a warm request names (``{"play_sid", "run_no"}``)."""
        return warm.get("play_sid") == self.play_sid and warm.get("run_no") == self.run_no
