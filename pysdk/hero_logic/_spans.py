"""Span records: what the engine stores for every step, group and run root."""

import os
import random
import sys
import time
import traceback
from json.encoder import encode_basestring

from ._jsonvalue import dumps_lenient

_SDK_DIR = os.path.dirname(os.path.abspath(__file__))
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


# Reseeded from the OS at each run (see ``begin_run``): os.urandom per span is a call into JS in
# the browser, and a seed taken at import would repeat in every boot from a memory snapshot.
_random = random.Random(os.urandom(16))


def reseed():
    """Seed the SDK's sids and the flow's ``random`` (the module's shared instance) from
    ``os.urandom``, which Pyodide draws from the browser's ``crypto.getRandomValues``. A worker
    restored from a memory snapshot starts with the state the snapshot froze, the same in every
    worker: each play would draw the same "random" numbers. The other generators of the standard
    library seed themselves when first used (``tempfile``) or read ``os.urandom`` every time
    (``secrets``, ``uuid.uuid4``, ``random.SystemRandom``)."""
    _random.seed(os.urandom(16))
    random.seed(os.urandom(32))


def begin_run():
    """Fresh randomness and clock offset for each run: a worker restored from a memory
    snapshot would otherwise repeat the sids, the random numbers and the clock of the moment
    the snapshot was made."""
    global _epoch_offset_us
    reseed()
    _epoch_offset_us = _epoch_offset()


def _epoch_offset() -> int:
    return time.time_ns() // 1000 - _perf_counter_ns() // 1000


# Two base32 characters per entry: a sid is four lookups instead of eight.
_PAIRS = [a + b for b in _ALPHABET for a in _ALPHABET]


def new_sid() -> str:
    """Eight lowercase base32 characters (40 random bits), like the engine's sids."""
    return sid_of(_random.getrandbits(40))


def sid_of(n: int) -> str:
    """The sid for the 40-bit number ``n``: base32, least significant digit first."""
    p = _PAIRS
    return p[n & 1023] + p[n >> 10 & 1023] + p[n >> 20 & 1023] + p[n >> 30 & 1023]


def random_bits(bits: int) -> int:
    return _random.getrandbits(bits)


# time.time() has millisecond resolution in browsers; perf_counter() is finer, so span times are
# the wall clock at the start of the run plus the performance counter since (see ``begin_run``).
_perf_counter_ns = time.perf_counter_ns
_epoch_offset_us = _epoch_offset()


def now_us() -> int:
    """Microseconds since the epoch. Span times travel as these integers: a float's text costs
    eight times more to write, and a span row has two. (In integers throughout: read twice a
    step, a float's arithmetic and conversion cost more than the clock.)"""
    return _epoch_offset_us + _perf_counter_ns() // 1000


def user_location(skip: int = 2):
    """File and line of the nearest flow-source frame: the user code that opened a span.

    Flow sources are compiled under relative names (``name.py``); the SDK, the standard
    library and the host all live under absolute paths or ``<...>`` names. (The file name is
    read on every step: a dict keyed by code objects would hash their whole bytecode each time.)
    """
    frame = sys._getframe(skip)
    while frame is not None:
        code = frame.f_code
        if not code.co_filename.startswith(("/", "<")):
            return code.co_filename, frame.f_lineno
        frame = frame.f_back
    return None, None


NO_PACKAGES = (
    "a flow in the browser can import Python's standard library, hero_logic and the packages "
    "its '# /// script' header declares (dependencies = [...]), from wheels added with "
    "heroLogic.packages.add"
)

# A traceback deeper than this (a runaway recursion) shows its first frames only: formatting a
# million of them would take minutes in the browser.
_MAX_FRAMES = 200


def format_error(exc: BaseException) -> dict:
    """Message plus a traceback limited to the user's own frames."""
    limit = _MAX_FRAMES if _depth(exc.__traceback__, _MAX_FRAMES + 1) > _MAX_FRAMES else None
    tb = traceback.TracebackException.from_exception(exc, limit=limit)
    for link in _chain(tb):
        link.stack = traceback.StackSummary.from_list(
            [
                f
                for f in link.stack
                if not f.filename.startswith(_SDK_DIR) and f.filename != "<exec>"
            ]
        )
        # CPython's own field (3.13+, not in the typing stubs) that format() prints the type by.
        fields = vars(link)
        if fields.get("exc_type_module") == "hero_logic._errors":
            fields["exc_type_module"] = (
                "builtins"  # "Failed: …", not "hero_logic._errors.Failed: …"
            )
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - a user's __str__ that raises must not hide their error
        text = "<exception str() failed>"
    if isinstance(exc, ModuleNotFoundError):
        text += f" ({NO_PACKAGES})"
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return {"type": type(exc).__name__, "message": message, "traceback": "".join(tb.format())}


def _depth(tb, most: int) -> int:
    depth = 0
    while tb is not None and depth < most:
        depth += 1
        tb = tb.tb_next
    return depth


def release_traceback(exc: BaseException):
    """Free a deep traceback one link at a time. Freed whole, the chain of a runaway recursion's
    frames is released recursively in C, past the browser's stack: a fatal error of Pyodide."""
    tb = exc.__traceback__
    if _depth(tb, _MAX_FRAMES + 1) <= _MAX_FRAMES:
        return
    links = []
    while tb is not None:
        links.append(tb)
        tb = tb.tb_next
    exc.__traceback__ = None
    for link in links:
        link.tb_next = None
    # ``links`` goes last; a list frees its items from the end: the innermost frame first, each
    # one's caller still held by the link before it, so nothing cascades.


def _chain(tb):
    seen = set()
    while tb is not None and id(tb) not in seen:
        seen.add(id(tb))
        yield tb
        tb = tb.__cause__ or tb.__context__


class Span:
    """One open or closed span. ``row_text`` and ``end_text`` are the shapes the engine persists
    (``SpanRow`` and ``SpanEnd`` in src/wire/records.ts)."""

    __slots__ = (
        "sid",
        "parent",
        "seq",
        "name",
        "kind",
        "status",
        "started_at",
        "ended_at",
        "error",
        "logs",
        "source_file",
        "source_line",
        "step_key",
        "attributes",
        "index",
        "_path",
        "child_counts",
        "child_play_sid",
        "spawn",
        "key_prefix",
        "known_keys",
        "journal_at",
        "invoked_version",
    )

    def __init__(self, parent, seq, name, kind, index, step_key=None, attributes=None):
        self.sid = sid_of(_random.getrandbits(40))
        self.parent = parent
        self.seq = seq
        self.name = name
        self.kind = kind
        self.status = "running"
        self.started_at = now_us()
        self.ended_at: int | None = None
        self.error: dict | None = None
        self.logs: SpanLogs | None = None
        self.source_file: str | None = None
        self.source_line: int | None = None
        self.step_key = step_key
        self.attributes = attributes
        self.index = index
        self._path: str | None = None
        self.child_counts = {}
        self.child_play_sid: str | None = None
        self.spawn: dict | None = None
        # The start of its children's step key text (see ``_steps.step_key``), made on first use.
        self.key_prefix: str | None = None
        # The step keys of its children this interpreter knew, made on first use (see
        # ``_steps.known_under``).
        self.known_keys: dict | None = None
        # A memo-level step's place in the run's journal (see ``Journal.asked``).
        self.journal_at: int | None = None
        # On the span of an in-process ``flow.invoke``: the version it runs (see ``path``).
        self.invoked_version: str | None = None

    @property
    def path(self) -> str:
        """``root#0/group#0/step#2``: names and occurrences from the root, part of step keys.
        An invoked flow's span names its version too (``sub#0@<version>``): the steps inside
        it belong to that version, and an edit of it executes them afresh. Built on first use:
        most spans (leaf steps) never have children that need it."""
        path = self._path
        if path is None:
            own = f"{self.name}#{self.index}"
            if self.invoked_version is not None:
                own = f"{own}@{self.invoked_version}"
            path = self._path = f"{self.parent.path}/{own}" if self.parent else own
        return path

    def next_index(self, name: str) -> int:
        """Occurrence index of the next child called ``name`` under this span."""
        counts = self.child_counts
        index = counts.get(name, 0)
        counts[name] = index + 1
        return index

    def log(self, text: str):
        logs = self.logs
        if logs is None:
            logs = self.logs = SpanLogs()
        logs.write(text)

    def log_dropped(self, size: int):
        logs = self.logs
        if logs is None:
            logs = self.logs = SpanLogs()
        logs.dropped += size

    def row_text(self, input_text: str) -> str:
        """The row the span opens with (``SpanRow``), as JSON text: written directly, as a span
        opens on every step and a generic encoder costs more than these few fields. A span
        opens running, with no end, output, error, logs or child play yet."""
        parent = self.parent
        return (
            f'["{self.sid}",{"null" if parent is None else f'"{parent.sid}"'},{self.seq},'
            f'{encode_basestring(self.name)},"{self.kind}","running",{self.started_at},null,'
            f'{input_text},null,null,"",{_text_or_null(self.source_file)},'
            f"{'null' if self.source_line is None else self.source_line},"
            f"{'null' if self.step_key is None else f'"{self.step_key}"'},"
            f"{dumps_lenient(self.attributes) if self.attributes else '{}'},null]"
        )

    def end_text(self, output_text: str) -> str:
        """What a span's end adds to the row it opened with (``SpanEnd``), as JSON text;
        ``output_text`` is its output's (a step's is the text its cache stores)."""
        logs = self.logs
        error = self.error
        child = self.child_play_sid
        return (
            f'["{self.sid}","{self.status}",{self.ended_at},{output_text},'
            f"{'null' if error is None else dumps_lenient(error)},"
            f"{encode_basestring(logs.text()) if logs else '""'},"
            f"{_text_or_null(self.source_file)},"
            f"{'null' if self.source_line is None else self.source_line},"
            f"{'null' if child is None else f'"{child}"'}]"
        )


def _text_or_null(text) -> str:
    return "null" if text is None else encode_basestring(text)


# A span keeps the first and the last characters of what it printed, this many of each: a flow
# that prints megabytes must not fill the storage or freeze the page that shows its logs.
LOG_HEAD = 50_000
LOG_TAIL = 50_000


class SpanLogs:
    """What ``print`` wrote inside one span, bounded: the head, a marker naming how much was
    dropped, the tail. Made on a span's first print, so a span that prints nothing costs nothing."""

    __slots__ = ("head", "head_size", "tail", "tail_size", "dropped")

    def __init__(self):
        self.head = []
        self.head_size = 0
        self.tail = []
        self.tail_size = 0
        self.dropped = 0

    def write(self, text: str):
        room = LOG_HEAD - self.head_size
        if room > 0:
            part = text[:room]
            self.head.append(part)
            self.head_size += len(part)
            text = text[room:]
            if not text:
                return
        self.tail.append(text)
        self.tail_size += len(text)
        if self.tail_size > 2 * LOG_TAIL:
            joined = "".join(self.tail)
            self.dropped += len(joined) - LOG_TAIL
            self.tail = [joined[-LOG_TAIL:]]
            self.tail_size = LOG_TAIL

    def text(self) -> str:
        tail = "".join(self.tail)
        dropped = self.dropped + max(0, len(tail) - LOG_TAIL)
        if not dropped:
            return "".join(self.head) + tail
        marker = f"\n… {dropped:,} more characters dropped …\n"
        return "".join(self.head) + marker + tail[-LOG_TAIL:]
