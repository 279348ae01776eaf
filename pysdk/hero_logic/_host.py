"""The door the worker calls: run one play body, or analyze a source. Speaks JSON text only."""

import contextlib
import io
import json
import sys

from ._analyze import analyze_source
from ._cassette import Cassette
from ._errors import Failed, PauseInterrupt, WaitInterrupt
from ._jsonvalue import describe_problem, dumps_strict, to_display
from ._memo import Memo, StepCache
from ._modules import declared_origins, entry_function, load_flow_module
from ._run import RunContext
from ._spans import release_traceback, reseed


def reseed_randomness() -> None:
    """Seed ``random`` from the browser's crypto source; the worker calls it once booted."""
    reseed()


def analyze(source: str) -> str:
    """Read entry, inputs and outputs from the source without running it (see ``_analyze``)."""
    return json.dumps(analyze_source(source))


# The step cache this interpreter keeps for the next run of the play it ran last (see ``_memo``).
_memo: Memo | None = None


def settle_memo() -> None:
    """Parse what the kept step cache still holds as text; the worker calls it once a run's
    outcome has gone, while it waits for the next run (which would parse it otherwise)."""
    if _memo is not None:
        _memo.cache.settle()


def run_play(request_json, emit, expected, journal, outbox=None, http=None, step_cache=None) -> str:
    """Execute the flow body once. ``emit`` receives each batch as JSON texts (see ``RunContext``).

    ``request_json`` is JSON text or its UTF-8 bytes (the worker sends a ``Uint8Array``), and so
    is ``step_cache``: a list of the play's stored outputs (objects of step key → output, in
    the order the engine stores them). The request carries ``workflow_name``, ``version_sid``,
    ``source``, ``entry``, ``inputs``, ``play_sid`` and ``run_no`` (the run this is),
    ``warm`` (``{"play_sid", "run_no"}``: the step cache is the one this interpreter kept after
    that run, see ``_memo``; the outcome is ``{"status": "cold"}``, nothing run, when it kept
    another), ``forget`` (places in the step cache a retry executes again), ``key_version_sid``
    (the version step keys contain, when not ``version_sid``), ``answers`` (pause answers under ``pause:<key>``), ``prefill`` (pause
    name → payload), ``prefill_only``, ``library`` (other workflows by name), ``children``
    (this play's child plays by sid) and ``max_children`` (how many child plays it may start).

    ``expected()`` returns the packed journal of the last run under this version, for the
    replay identity check; it is asked for only when a step executes (a replay that executes
    nothing never moves it). ``journal(names, steps)`` receives this run's journal packed in two
    parts (see ``Journal.parts``) just before the outcome is returned, as JSON text.
    ``outbox``, where given, takes batches as bytes before ``emit`` does (see ``Outbox``).
    ``http``, where given, sends the run's ``http`` calls (see ``_http``; worker/http.ts).
    ``cassette``, in a cassette play's request, holds the recorded play's sid and its calls
    (``[call key, output]`` in the order made): the run's rpc calls are answered from them.
    """
    global _memo
    request = json.loads(_text(request_json))
    warm, _memo = _memo, None
    if "warm" in request:
        if warm is None or not warm.matches(request["warm"]):
            return json.dumps({"status": "cold"})
        cache = warm.cache.settle()
    else:
        cache = StepCache.parse(_text(step_cache if step_cache is not None else "[]"))
    run = RunContext(
        # A retried play keys its steps as the run that failed did (see ``key_version_sid``).
        request.get("key_version_sid") or request["version_sid"],
        cache,
        emit,
        answers=request.get("answers"),
        prefill=request.get("prefill"),
        prefill_only=request.get("prefill_only", False),
        expected=expected,
        library=request.get("library"),
        children=request.get("children"),
        max_children=request.get("max_children"),
        depth=request.get("depth", 0),
        forget=request.get("forget"),
        outbox=outbox,
        http=http,
        cassette=_cassette(request.get("cassette")),
    )
    # Only in memory: the engine redacts the values from what the run sends back.
    run.secrets = request.get("secrets") or {}
    outcome = _execute(run, request)
    journal(*run.journal.parts())
    _memo = _kept(run, request)
    outcome["memo"] = _memo is not None
    return json.dumps(outcome)


def _text(given) -> str | bytes:
    """JSON text as given: a string, bytes, or a ``Uint8Array`` from the worker."""
    return given if isinstance(given, (str, bytes)) else given.to_bytes()


def _kept(run: RunContext, request: dict) -> Memo | None:
    """The step cache the play's next run gets, kept in this interpreter: this run's, with the
    outputs it sent. None for a run with secrets (the engine stores their values redacted, and
    hands the next run the secrets' values as they are then), or one that names no play; and
    for one that stored a key twice, which the store's rows may hold once or twice."""
    play_sid, run_no = request.get("play_sid"), request.get("run_no")
    if run.secrets or play_sid is None or run_no is None:
        return None
    if len(set(run.output_keys)) != len(run.output_keys):
        return None
    run.cache.keep(run.handed, run.sent_outputs)
    return Memo(play_sid, run_no, run.cache)


def _cassette(given) -> Cassette | None:
    """The recorded answers of a cassette play (``{"play_sid", "calls": [[key, output]]}``)."""
    return None if given is None else Cassette(given["play_sid"], given["calls"])


def _execute(run: RunContext, request: dict) -> dict:
    name = request["workflow_name"]
    inputs = request["inputs"]
    with run, _captured_output(run):
        root = run.open(request["entry"], "flow_root", input=to_display(inputs))
        try:
            namespace = load_flow_module(request["source"], name)
            entry = entry_function(namespace, request["entry"])
            run.declared_origins = declared_origins(namespace, request["entry"])
            root.source_file, root.source_line = f"{name}.py", entry.__code__.co_firstlineno
            value = entry(**inputs)
            try:
                output_json = dumps_strict(value)
            except TypeError, ValueError, RecursionError:
                raise Failed(
                    f"flow '{request['entry']}' returned a value that is not JSON-serializable "
                    f"({describe_problem(value)})"
                ) from None
        except PauseInterrupt as interrupt:
            run.close(root, "paused")
            run.flush()
            pause = {
                "name": interrupt.name,
                "key": interrupt.key,
                "prompt": interrupt.prompt,
                "fields": interrupt.fields,
            }
            return {"status": "paused", "pause": pause}
        except WaitInterrupt as interrupt:
            run.close(root, "paused")
            run.flush()
            return {"status": "waiting", "waiting_on": interrupt.waiting_on}
        except BaseException as exc:  # noqa: BLE001 - every failure of user code ends the run
            run.close_with_error(root, exc)
            release_traceback(exc)
            run.flush()
            failed = {"status": "failed", "error": root.error}
            if run.unanswered_pause:
                failed["pause"] = run.unanswered_pause
            return failed
        run.close(root, "ok", output=value)
        run.flush()
    # As text: the engine keeps it as Python wrote it (JavaScript would round big integers,
    # write 1.0 as 1 and reorder integer-like keys) and decodes it only for display and the API.
    return {"status": "completed", "output_json": output_json}


class _SpanOutput(io.TextIOBase):
    """``print`` inside a span lands in that span's logs."""

    def __init__(self, run):
        self._run = run

    def writable(self):
        return True

    def write(self, text):
        self._run.log(text)
        return len(text)


class _NoInput(io.TextIOBase):
    """A flow has no console to read from: ``input()`` says how to ask a person instead."""

    def readable(self):
        return True

    def read(self, size: int | None = -1):
        raise OSError(
            "a flow cannot read input() in the browser: ask a person with flow.pause(...)"
        )

    readline = read


@contextlib.contextmanager
def _captured_output(run):
    out = _SpanOutput(run)
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout = sys.stderr = out
    sys.stdin = _NoInput()
    try:
        yield
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved
