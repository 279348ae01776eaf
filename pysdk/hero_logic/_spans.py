"""Span records: what the engine stores for every step, group and run root."""

import os
import random
import sys
import time
import traceback

_SDK_DIR = os.path.dirname(os.path.abspath(__file__))
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


# Reseeded from the OS at each run (see ``begin_run``): os.urandom per span is a call into JS in
# the browser, and a seed taken at import would repeat in every boot from a memory snapshot.
_random = random.Random(os.urandom(16))


def begin_run():
    """Fresh randomness and clock offset for each run: a worker restored from a memory
    snapshot would otherwise repeat the sids and the clock of the moment the snapshot was made."""
    global _epoch_offset_ms
    _random.seed(os.urandom(16))
    _epoch_offset_ms = time.time() * 1000.0 - time.perf_counter() * 1000.0


def new_sid() -> str:
    """Eight lowercase base32 characters (40 random bits), like the engine's sids."""
    n = _random.getrandbits(40)
    a = _ALPHABET
    return (a[n & 31] + a[n >> 5 & 31] + a[n >> 10 & 31] + a[n >> 15 & 31]
            + a[n >> 20 & 31] + a[n >> 25 & 31] + a[n >> 30 & 31] + a[n >> 35 & 31])


# time.time() has millisecond resolution in browsers; perf_counter() is finer, so span times are
# the wall clock at the start of the run plus the performance counter since (see ``begin_run``).
_epoch_offset_ms = time.time() * 1000.0 - time.perf_counter() * 1000.0


def now_ms() -> float:
    """Milliseconds since the epoch, with sub-millisecond resolution."""
    return _epoch_offset_ms + time.perf_counter() * 1000.0


def user_location(skip: int = 2):
    """File and line of the nearest flow-source frame: the user code that opened a span.

    Flow sources are compiled under relative names (``name.py``); the SDK, the standard
    library and the host all live under absolute paths or ``<...>`` names.
    """
    frame = sys._getframe(skip)
    while frame is not None and frame.f_code.co_filename.startswith(("/", "<")):
        frame = frame.f_back
    if frame is None:
        return None, None
    return frame.f_code.co_filename, frame.f_lineno


def format_error(exc: BaseException) -> dict:
    """Message plus a traceback limited to the user's own frames."""
    tb = traceback.TracebackException.from_exception(exc)
    for link in _chain(tb):
        link.stack = traceback.StackSummary.from_list(
            [f for f in link.stack if not f.filename.startswith(_SDK_DIR) and f.filename != "<exec>"]
        )
        if link.exc_type_module == "hero_logic._errors":
            link.exc_type_module = "builtins"  # "Failed: …", not "hero_logic._errors.Failed: …"
    text = str(exc)
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return {"type": type(exc).__name__, "message": message, "traceback": "".join(tb.format())}


def _chain(tb):
    seen = set()
    while tb is not None and id(tb) not in seen:
        seen.add(id(tb))
        yield tb
        tb = tb.__cause__ or tb.__context__


class Span:
    """One open or closed span. ``record()`` is the shape the engine persists."""

    __slots__ = (
        "sid", "parent", "seq", "name", "kind", "status", "started_at", "ended_at", "input",
        "output", "error", "logs", "source_file", "source_line", "step_key", "replayed",
        "attributes", "path", "_child_counts", "announced", "child_play_sid", "spawn",
    )

    def __init__(self, parent, seq, name, kind, path, input=None, step_key=None, attributes=None):
        self.sid = new_sid()
        self.parent = parent
        self.seq = seq
        self.name = name
        self.kind = kind
        self.status = "running"
        self.started_at = now_ms()
        self.ended_at = None
        self.input = input
        self.output = None
        self.error = None
        self.logs = []
        self.source_file = None
        self.source_line = None
        self.step_key = step_key
        self.replayed = False
        self.attributes = attributes or {}
        self.path = path
        self._child_counts = {}
        self.announced = False
        self.child_play_sid = None
        self.spawn = None

    def next_index(self, name: str) -> int:
        """Occurrence index of the next child called ``name`` under this span."""
        index = self._child_counts.get(name, 0)
        self._child_counts[name] = index + 1
        return index

    def record(self) -> dict:
        return {
            "sid": self.sid,
            "parent_sid": self.parent.sid if self.parent else None,
            "seq": self.seq,
            "name": self.name,
            "kind": self.kind,
            "status": self.status,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "input": self.input,
            "output": self.output,
            "error": self.error,
            "logs": "".join(self.logs),
            "source_file": self.source_file,
            "source_line": self.source_line,
            "step_key": self.step_key,
            "replayed": self.replayed,
            "attributes": self.attributes,
            "child_play_sid": self.child_play_sid,
        }
