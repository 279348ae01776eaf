"""The ``flow`` object: the entry decorator plus ``flow.step`` and ``flow.span``."""

import contextlib
import functools
from collections.abc import Callable
from typing import Any, overload

from . import _run
from ._invoke import invoke as _invoke
from ._invoke import run_async as _run_async
from ._jsonvalue import to_display
from ._pause import pause as _pause
from ._run import current
from ._spans import user_location
from ._steps import run_step
from ._wait import wait as _wait

# The attribute ``@flow`` and ``@flow.step`` set on the functions they make.
_MARK = "__hero_flow__"


class FlowMeta:
    """What ``@flow`` records on a function; the analyzer reads the same from source."""

    def __init__(self, name, inputs, outputs, network=None):
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        # The origins the flow declares. Read here for the record only: what a run may reach is
        # what the page granted, checked outside Python.
        self.network = network


class Flow:
    """``@flow`` marks the entry of a workflow; called inside a running flow it is a step."""

    pause = staticmethod(_pause)
    invoke = staticmethod(_invoke)
    run_async = staticmethod(_run_async)
    wait = staticmethod(_wait)

    @overload
    def __call__[**P, R](self, fn: Callable[P, R], /) -> Callable[P, R]: ...

    @overload
    def __call__[**P, R](
        self,
        fn: None = None,
        *,
        name: str | None = None,
        inputs=None,
        outputs=None,
        network: list[str] | None = None,
    ) -> Callable[[Callable[P, R]], Callable[P, R]]: ...

    def __call__(self, fn=None, *, name=None, inputs=None, outputs=None, network=None) -> Any:
        if fn is None:
            return lambda f: self(f, name=name, inputs=inputs, outputs=outputs, network=network)
        meta = FlowMeta(name or fn.__name__, inputs, outputs, network)

        @functools.wraps(fn)
        def flow_function(*args, **kwargs):
            return run_step(meta.name, fn, args, kwargs)

        return _marked(flow_function, meta)

    def step(self, fn=None, *args, name: str | None = None, **kwargs) -> Any:
        """Run ``fn(*args, **kwargs)`` as a memoized step and return its JSON output.

        Outside a running flow (at module level) ``@flow.step`` and ``@flow.step(name=...)``
        decorate a function instead, so that every call of it becomes a step.
        """
        if fn is None:
            return lambda f: self._step_function(f, name)
        if _run._current is None and not args and not kwargs:
            return self._step_function(fn, name)
        meta = getattr(fn, _MARK, None)
        if meta is not None:  # a @flow or @flow.step function: one span, not two
            return run_step(name or meta.name, fn.__wrapped__, args, kwargs)
        if not name:
            name = getattr(fn, "__name__", None)
            if name is None:
                name = type(fn).__name__
        return run_step(name, fn, args, kwargs)

    def _step_function(self, fn, name):
        step_name = name or _name_of(fn)

        @functools.wraps(fn)
        def step_function(*args, **kwargs):
            return run_step(step_name, fn, args, kwargs)

        return _marked(step_function, FlowMeta(step_name, None, None))

    @contextlib.contextmanager
    def span(self, name, **attributes):
        """Group the spans opened inside the ``with`` block; not memoized."""
        run = current()
        if run is None:
            yield None
            return
        span = run.open(name, "step", attributes=to_display(attributes), location=user_location())
        try:
            yield span
        except BaseException as exc:
            run.close_with_error(span, exc)
            raise
        run.close(span, "ok")


def _marked[F](function: F, meta: FlowMeta) -> F:
    setattr(function, _MARK, meta)
    return function


def _name_of(fn) -> str:
    meta = getattr(fn, _MARK, None)
    return meta.name if meta else getattr(fn, "__name__", type(fn).__name__)


flow = Flow()
