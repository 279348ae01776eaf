"""The state of one execution of a flow body (a run): open spans, step cache, event stream."""

import json

from ._errors import Interrupt, ReplayDivergedError
from ._spans import Span, begin_run, format_error, new_sid, now_ms

# A batch goes out when it is this big, when this long has passed since the last one, or when
# a slow step (one that took at least this long) or a child-starting step just finished: a
# finished step's result must not wait behind a long computation that follows it.
_FLUSH_EVERY = 256
_FLUSH_MS = 5.0

_current = None


def current():
    """The active run, or None outside a flow."""
    return _current


class RunContext:
    """Owns the span stack of one run and streams span records to the engine in batches.

    ``emit`` receives a JSON text: a list of records, each a span record (a span that is
    still running appears again later with its final status) and, for a step that just
    finished, a ``cache`` field holding the JSON text of its output.
    """

    def __init__(self, version_sid: str, step_cache: dict, emit, *, prefill=None,
                 prefill_only=False, expected=None, library=None, children=None):
        self.version_sid = version_sid
        begin_run()
        # Other workflows (name → version_sid, source, entry, inputs) and this play's children
        # (sid → workflow, status, output, error), for flow.invoke / run_async / wait.
        self.library = library or {}
        self.children = children or {}
        self.spawned = {}
        self.step_cache = step_cache
        self.prefill = prefill or {}
        self.prefill_only = prefill_only
        self.unanswered_pause = None
        self._emit = emit
        self._pause_counts = {}
        # Replay identity: the memo-level steps (name, key) of the last run under this version,
        # in order; ``_fresh`` counts memoized steps executing now (their children are new).
        self._expected = expected or []
        self._expected_keys = {key for _, key in self._expected}
        self._expected_at = 0
        self._replayed = set()
        self.fresh = 0
        # The memo-level steps this run asks for, in order: the next run's ``expected``.
        self.journal = []
        self._stack = []
        self._seq = 0
        self._pending = []
        self._last_flush = 0.0

    def __enter__(self):
        global _current
        _current = self
        return self

    def __exit__(self, *exc):
        global _current
        _current = None
        return False

    def top(self):
        return self._stack[-1] if self._stack else None

    def open(self, name, kind, *, input=None, step_key=None, attributes=None, location=None, index=None):
        parent = self.top()
        if index is None:
            index = parent.next_index(name) if parent else 0
        path = f"{parent.path}/{name}#{index}" if parent else f"{name}#{index}"
        span = Span(parent, self._seq, name, kind, path, input, step_key, attributes)
        self._seq += 1
        if location:
            span.source_file, span.source_line = location
        self._stack.append(span)
        if now_ms() - self._last_flush >= _FLUSH_MS:
            self.flush()
        return span

    def replay(self, name, kind, key, input, location, child_play_sid):
        """Record a step answered from the cache: a compact record (a list) the engine expands,
        taking the output from the cache it already holds. Cheaper than a span opened and closed.
        """
        self._replayed.add(key)
        parent = self._stack[-1]
        now = now_ms()
        file, line = location or (None, None)
        self._pending.append(
            [new_sid(), parent.sid, self._seq, name, kind, key, now, now, file, line, input, child_play_sid]
        )
        self._seq += 1
        if len(self._pending) >= _FLUSH_EVERY or now - self._last_flush >= _FLUSH_MS:
            self.flush()

    def close(self, span, status, *, output=None, error=None, cache=None):
        popped = self._stack.pop()
        assert popped is span, f"span {span.name} closed out of order"
        span.status = status
        span.ended_at = now_ms()
        span.output = output
        span.error = error
        record = span.record()
        if cache is not None:
            record["cache"] = cache
        if span.spawn is not None:
            record["spawn"] = span.spawn
        self._pending.append(record)
        if (
            len(self._pending) >= _FLUSH_EVERY
            or span.ended_at - self._last_flush >= _FLUSH_MS
            or span.ended_at - span.started_at >= _FLUSH_MS
            or "spawn" in record
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

    def check_divergence(self, name: str, key: str):
        """Fail a step the last run under this version never made while its steps remain unreplayed."""
        if self.fresh or not self._expected:
            return
        expected = self._expected
        if key in self._expected_keys:
            return  # made before without finishing (failed or interrupted): runs again
        while self._expected_at < len(expected):
            waiting_name, waiting_key = expected[self._expected_at]
            if waiting_key in self._replayed or waiting_key not in self.step_cache:
                self._expected_at += 1
                continue
            raise ReplayDivergedError(
                f"replay diverged at step '{name}': the earlier run of this version made step "
                f"'{waiting_name}' here. Code outside steps must make the same steps in the same "
                "order on every run; move what varies (time, randomness, I/O) into a step"
            )

    def log(self, text: str):
        span = self.top()
        if span is not None:
            span.logs.append(text)

    def flush(self):
        """Send closed spans, and open spans the engine has not seen yet, as one batch."""
        batch = self._pending
        for span in self._stack:
            if not span.announced:
                span.announced = True
                batch.append(span.record())
        self._pending = []
        self._last_flush = now_ms()
        if batch:
            self._emit(json.dumps(batch, ensure_ascii=False, default=str))
