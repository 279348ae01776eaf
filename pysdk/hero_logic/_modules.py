"""Executing flow sources as modules, with their text registered for tracebacks."""

import linecache
import types
from inspect import iscoroutinefunction
from typing import Any

from ._errors import NOT_ASYNC, Failed


def load_flow_module(source: str, name: str) -> dict:
    """Execute a flow source as module ``name`` (file ``name.py``) and return its namespace."""
    filename = f"{name}.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    module = types.ModuleType(name)
    module.__file__ = filename
    exec(compile(source, filename, "exec"), module.__dict__)
    return module.__dict__


def entry_function(namespace: dict[str, Any], entry: str):
    """The plain function behind the ``@flow`` entry (its span is opened by the caller)."""
    function = namespace.get(entry)
    if function is None:
        raise Failed(f"the flow has no function named '{entry}'")
    if not hasattr(function, "__hero_flow__") or not callable(function):
        raise Failed(f"'{entry}' is not decorated with @flow")
    plain = _wrapped(function)
    if iscoroutinefunction(plain):
        raise Failed(f"flow '{entry}' is declared async def: {NOT_ASYNC}")
    return plain


def declared_origins(namespace: dict[str, Any], entry: str):
    """The origins the entry's ``@flow(network=[...])`` declares; None where it says nothing."""
    meta = getattr(namespace.get(entry), "__hero_flow__", None)
    origins = getattr(meta, "network", None)
    return list(origins) if isinstance(origins, (list, tuple)) else None


def _wrapped(function: Any):
    """The function ``@flow`` wrapped (one level: a decorator under ``@flow`` stays)."""
    return function.__wrapped__
