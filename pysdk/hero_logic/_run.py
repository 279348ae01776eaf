"""The state of one execution of a flow body (a run): open spans, step cache, event stream."""

from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

from ._errors import Interrupt, ReplayDivergedError
from ._journal import Journal, index_runs, invoked_versions, unpack
from ._jsonvalue import dumps_lenient
from ._memo import StepCache
from ._spans import Span, begin_run, format_error, now_us, random_bits

# Every span that opens sends a batch first, announcing itself as running: Python runs a flow
# synchronously, so whatever must leave the worker before a step's body starts (the steps that
# finished before it, the span itself) has to leave from inside that call. Between opens, a batch
# goes out when it is this big, when this long has passed since the last one (replayed steps,
# prints), or when a slow step (one that took at least this long) or a child-starting step just
# finished: its result must not wait behind a long computation outside steps that follows it.
_FLUSH_EVERY = 256
_FLUSH_US = 5000

# Characters of ``print`` output one run keeps in all its spans together.
RUN_LOG_LIMIT = 5_000_000

_current = None

MISSING = object()

# The values JSON decodes to that user code can change in place.
CONTAINERS = frozenset((list, dict))


def current():
    """The active run, or None outside a flow."""
    return _current


def running(what: str):
    """The active run, for ``what`` that needs one (``flow.invoke``, ...)."""
    if _current is None:
        raise RuntimeError(f"{what}() can only be called while a flow runs")
    return _current


class Outbox:
    """Batches handed to the worker's JavaScript as UTF-8 bytes in a buffer it reads in place.

    A batch leaves before every span opens, thousands a second: a call with three lengths costs
    a fraction of one with the texts, which Pyodide converts into JavaScript strings. ``js`` has
    ``attach(buffer)`` (called once) and ``send(spans, outputs, spawns)``, the byte lengths of
    the texts laid one after the other in the buffer (-1: absent), true once it took them.
    """

    SIZE = 1 << 16

    def __init__(self, js):
        self._buffer = bytearray(self.SIZE)
        self._view = memoryview(self._buffer)
        js.attach(self._buffer)
        # Looked up once: each ``js.send`` would make a new proxy of the method.
        self._js_send = js.send

    def send(self, spans: str, outputs, spawns) -> bool:
        """Hand the batch over; False when the texts must go as they are: too big for the
        buffer, not taken, or holding a lone surrogate (UTF-8 has none)."""
        try:
            first = spans.encode()
            second = outputs.encode() if outputs is not None else b""
            third = spawns.encode() if spawns is not None else b""
        except UnicodeEncodeError:
            return False
        a, b, c = len(first), len(second), len(third)
        if a + b + c > self.SIZE:
            return False
        view = self._view
        view[:a] = first
        if b:
            view[a : a + b] = second
        if c:
            view[a + b : a + b + c] = third
        return self._js_send(a, -1 if outputs is None else b, -1 if spawns is None else c)


class RunContext:
    """Owns the span stack of one run and streams span records to the engine in batches.

    ``emit(spans, outputs, spawns)`` receives three JSON texts (the last two may be None): the
    batch's entries (span rows and replayed ranges, see ``SpanLogEntry`` in src/wire/records.ts), the
    outputs of the steps that finished in it (an object, step key → output) and the
    child plays they asked for.
    """

    def __init__(
        self,
        version_sid: str,
        cache: StepCache,
        emit,
        *,
        answers=None,
        prefill=None,
        prefill_only=False,
        expected=None,
        library=None,
        children=None,
        max_children=None,
        depth=0,
        forget=None,
        outbox=None,
        http=None,
        cassette=None,
    ):
        self.version_sid = version_sid
        # Secret name → value for ``secret()``, set by the host from the request.
        self.secrets: dict = {}
        begin_run()
        # Other workflows (name → version_sid, source, entry, inputs) and this play's children
        # (sid → workflow, status, output, error), for flow.invoke / run_async / wait.
        self.library = library or {}
        self.children = children or {}
        self.spawned = {}
        # How many child plays the play may start in all its runs, and how many this run did.
        self.max_children = max_children
        self.started_children = 0
        # How many parent plays this play has, and how many flow.invoke calls are open now.
        self.depth = depth
        self.invoking = 0
        # The step cache: the play's stored outputs (see ``StepCache``), flattened: a replayed
        # step is named by its index in it. Read only: the interpreter may keep it for the
        # play's next run (see ``_memo``).
        self.cache = cache
        self.cached_keys = cache.keys
        self.cached_values = cache.values
        self.cache_index = cache.index
        # The places whose values (lists, dicts) this run handed to user code, which may change
        # them: a kept cache reads them again (see ``StepCache.keep``).
        self.handed: set[int] = set()
        # The outputs this run sent (``StepOutputs`` texts, in order): the kept cache's next rows.
        self.sent_outputs: list[str] = []
        # A retry executes these stored failures again: they keep their places (which journals
        # and replayed ranges name) but answer nothing.
        if forget:
            skipped = set(forget)
            self.cache_index = {
                key: i for i, key in enumerate(self.cached_keys) if i not in skipped
            }
        # This run's outputs will follow them in the next run's cache.
        self._next_output = len(self.cached_keys)
        self.output_keys = []
        self.answers = answers or {}
        self.prefill = prefill or {}
        self.prefill_only = prefill_only
        self.unanswered_pause: dict | None = None
        self._emit = emit
        # Where the worker reads batches as bytes (see ``Outbox``); the texts go to ``emit``
        # where there is none, and for a batch it does not take.
        self._outbox = Outbox(outbox) if outbox is not None else None
        # The worker's function that sends an ``http`` call (worker/http.ts), and the origins
        # the entry's ``@flow(network=...)`` declares, for its refusals to name.
        self.http = http
        self.declared_origins: list | None = None
        # The flows flow.invoke runs in this play now, innermost last, each with the origins it
        # declares and was granted (its library entry's): their calls need their own grant.
        self.invoked_grants: list[tuple[str, list, list]] = []
        # A cassette play's recorded answers (``Cassette``): its rpc calls take their outputs
        # from there and are never made. None for any other play.
        self.cassette = cassette
        self._pause_counts = {}
        # Replay identity: the memo-level steps (name, key) of the last run under this version,
        # in order; ``_fresh`` counts memoized steps executing now (their children are new).
        # Asked for and decoded on first need: a replay that executes nothing never looks at it.
        self._expected_source: Callable[[], str | None] | None = expected
        self._expected: tuple[list, set] | None = None
        self._expected_at = 0
        self._invoked_before = None
        # The memo-level keys asked for so far, gathered from the journal when needed.
        self._asked = set()
        self._asked_upto = 0
        self.fresh = 0
        # The memo-level steps this run asks for, in order: the next run's ``expected``.
        self.journal = Journal()
        self._stack = []
        self._seq = 0
        self._pending = []
        self._outputs = []
        self._spawns = []
        # The cache indices of the replayed steps being gathered into one range under
        # ``_range_parent`` (see ``replayed``; ``run_step`` extends it itself).
        self._range = None
        self._range_parent = None
        self._last_flush = 0
        # Whether ``_pending`` holds replayed ranges, whose index lists are packed on sending.
        self._ranges = False
        self._log_budget = RUN_LOG_LIMIT

    def __enter__(self):
        global _current
        _current = self
        return self

    def __exit__(self, *exc):
        global _current
        _current = None
        return False

    def top(self) -> Span | None:
        """The innermost open span; None once the root has closed."""
        return self._stack[-1] if self._stack else None

    def innermost(self) -> Span:
        """The innermost open span, for what only happens while the flow body runs."""
        return self._stack[-1]

    def open(
        self,
        name,
        kind,
        *,
        input=None,
        input_text=None,
        step_key=None,
        attributes=None,
        location=None,
        index=None,
    ):
        """Open a span under the top one. Its ``input`` is a display value (see ``to_display``),
        or ``input_text`` that value's JSON text where the caller has it."""
        parent = self._stack[-1] if self._stack else None
        if index is None:
            index = parent.next_index(name) if parent else 0
        span = Span(parent, self._seq, name, kind, index, step_key, attributes)
        self._seq += 1
        self._range = None
        if location:
            span.source_file, span.source_line = location
        self._stack.append(span)
        # Out before its body starts, as running, with everything that finished before it.
        if input_text is None:
            input_text = dumps_lenient(input)
        self._pending.append(span.row_text(input_text))
        self._send(span.started_at)
        return span

    def cached(self, key: str) -> Any:
        """The stored output (or pause answer) under ``key``, or ``MISSING``."""
        if key in self.answers:
            return self.answers[key]
        index = self.cache_index.get(key)
        return MISSING if index is None else self.value_at(index)

    def value_at(self, index: int) -> Any:
        """The cached value at ``index``, as user code gets it (see ``handed``)."""
        value = self.cached_values[index]
        if type(value) in CONTAINERS:
            self.handed.add(index)
        return value

    def replayed(self, index: int, parent):
        """Record a step answered from the cache at ``index``. Consecutive replayed steps under
        one parent travel as one range (their cache indices as runs, the first seq, a base for
        their sids, a time); the engine takes everything else from the span that first produced
        each output. ``run_step`` does the common case itself (the next step of the range)."""
        indices = self._range
        if indices is None or self._range_parent is not parent:
            indices = self._range = []
            self._range_parent = parent
            self._ranges = True
            self._pending.append(
                {
                    "replayed": indices,
                    "parent_sid": parent.sid,
                    "seq": self._seq,
                    "sid_base": random_bits(40),
                    "at": now_us(),
                }
            )
        indices.append(index)
        self._seq += 1

    def replay_tick(self):
        """Replayed steps look at the clock only every 64 steps: they cost less than reading it."""
        if now_us() - self._last_flush >= _FLUSH_US:
            self.flush()

    def close(self, span, status, *, output=None, error=None, cache=None, shown=None):
        """Close the innermost span. ``cache``: the output's text, stored as a step's output;
        ``shown``: the text the span shows instead, where it shows less than is stored."""
        popped = self._stack.pop()
        assert popped is span, f"span {span.name} closed out of order"
        self._range = None
        span.status = status
        ended = span.ended_at = now_us()
        span.error = error
        # It went out as it opened: its end says only what changed (see ``SpanEnd``). An output
        # that is cached is the text the cache stores, encoded once (a failure caches other text).
        if shown is not None:
            output_text = shown
        elif output is None:
            output_text = "null"
        elif cache is None:
            output_text = dumps_lenient(output)
        else:
            output_text = cache
        self._pending.append(span.end_text(output_text))
        if cache is not None:
            self._outputs.append(f"{encode_basestring(span.step_key)}:{cache}")
            if span.journal_at is not None:
                self.journal.finished(span.journal_at, self._next_output)
            self.output_keys.append(span.step_key)
            self._next_output += 1
        if span.spawn is not None:
            self._spawns.append({"span_sid": span.sid, "request": span.spawn})
        if (
            len(self._pending) >= _FLUSH_EVERY
            or ended - self._last_flush >= _FLUSH_US
            or ended - span.started_at >= _FLUSH_US
            or span.spawn is not None
        ):
            self.flush()

    def close_with_error(self, span, exc: BaseException):
        """Close ``span`` for an exception passing through it: paused for an interrupt, else failed."""
        if isinstance(exc, Interrupt):
            self.close(span, "paused")
        else:
            self.close(span, "failed", error=format_error(exc))

    def next_pause_key(self, name: str) -> str:
        """``name`` for the first pause of that name in the run, then ``name#1``, ``name#2``..."""
        index = self._pause_counts.get(name, 0)
        self._pause_counts[name] = index + 1
        return name if index == 0 else f"{name}#{index}"

    def invoked(self, name: str, identity: str, version_sid: str):
        """An in-process invoke of ``version_sid`` at the place ``identity`` (the key of the
        call without the version, see ``peek_key``). When the last run under this version invoked another version there,
        the invoked flow was edited since: from here on this run executes other code than that
        run did (the new version, and what the caller does with its output), so the identity
        check has nothing left to compare and stops for the rest of the run."""
        if self.fresh:
            return
        self.journal.invoked(name, identity, version_sid)
        if self._expected_source is None:
            return
        steps, _ = self._expected_steps()
        if not steps:
            return
        if self._invoked_before is None:
            self._invoked_before = invoked_versions(steps)
        before = self._invoked_before.get(identity)
        if before is not None and before != version_sid:
            self._expected_source = None

    def made_before(self, key: str) -> bool:
        """Whether the last run under this version asked for step ``key``."""
        if self._expected_source is None:
            return False
        _, keys = self._expected_steps()
        return key in keys

    def _expected_steps(self) -> tuple[list, set]:
        """The last run's journal (its ``(name, key)`` steps in order, and their keys), unpacked
        on first need."""
        if self._expected is None:
            source = self._expected_source
            packed = source() if source is not None else None
            steps = unpack(packed, self.cached_keys) if packed else []
            self._expected = steps, {key for _, key in steps}
        return self._expected

    def check_divergence(self, name: str, key: str):
        """Fail a step the last run under this version never made while its steps remain unreplayed."""
        if self.fresh or self._expected_source is None:
            return
        expected, expected_keys = self._expected_steps()
        if not expected:
            return
        if key in expected_keys:
            return  # made before without finishing (failed or interrupted): runs again
        asked = self._asked
        steps = self.journal.steps
        for step in steps[self._asked_upto :]:
            asked.add(step if type(step) is str else self._key_at(step))
        self._asked_upto = len(steps)
        while self._expected_at < len(expected):
            waiting_name, waiting_key = expected[self._expected_at]
            # Asked for in this run (replayed, or run again), or never finished: not waiting.
            if waiting_key in asked or waiting_key not in self.cache_index:
                self._expected_at += 1
                continue
            raise ReplayDivergedError(
                f"replay diverged at step '{name}': the earlier run of this version made step "
                f"'{waiting_name}' here. Code outside steps must make the same steps in the same "
                "order on every run; move what varies (time, randomness, I/O) into a step"
            )

    def _key_at(self, index: int) -> str:
        """The key of the output at ``index`` of the next run's cache (this run's follow)."""
        base = len(self.cached_keys)
        return self.cached_keys[index] if index < base else self.output_keys[index - base]

    def log(self, text: str):
        span = self.top()
        if span is None:
            return
        # Each span keeps a bounded part of its prints; the run as a whole stops keeping any
        # beyond its own budget, so thousands of chatty steps cannot fill the storage either.
        self._log_budget -= len(text)
        if self._log_budget >= 0:
            span.log(text)
        else:
            span.log_dropped(len(text))

    def flush(self):
        """Send the spans closed and the steps replayed since the last batch, as one batch; with
        it the outputs of the steps that finished and the children they asked for. (Open spans
        went out as they opened.)"""
        self._send(now_us())

    def _send(self, at: int):
        """Emit ``_pending`` (with the outputs and spawns gathered since the last batch): the
        sink receives the texts, one argument each, only as many as there are."""
        batch = self._pending
        self._pending = []
        self._range = None
        self._last_flush = at
        if not batch:
            return
        if self._ranges:
            # Replayed ranges grew after they were queued: they are encoded now, rows already were.
            self._ranges = False
            batch = [entry if type(entry) is str else _range_text(entry) for entry in batch]
        text = "[" + ",".join(batch) + "]"
        outputs = self._take_outputs()
        spawns = None
        if self._spawns:
            spawns = dumps_lenient(self._spawns)
            self._spawns = []
        if self._outbox is not None and self._outbox.send(text, outputs, spawns):
            return
        if spawns is not None:
            self._emit(text, outputs, spawns)
        elif outputs is not None:
            self._emit(text, outputs)
        else:
            self._emit(text)

    def _take_outputs(self):
        outputs = self._outputs
        if not outputs:
            return None
        self._outputs = []
        text = "{" + ",".join(outputs) + "}"
        self.sent_outputs.append(text)
        return text


def _range_text(entry: dict) -> str:
    entry["replayed"] = index_runs(entry["replayed"])
    return dumps_lenient(entry)
