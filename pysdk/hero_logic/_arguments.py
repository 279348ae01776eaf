"""A step's arguments by parameter name, for its span's input."""

import inspect
import weakref
from json.encoder import encode_basestring
from types import FunctionType

from ._jsonvalue import display_text

_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)

# Per function: its signature, and the names of its leading plain positional parameters (the
# common call fills only those, and is named without binding). Weak keys: lambdas made per call
# must not pile up here.
_SIGNATURES = weakref.WeakKeyDictionary()


def _signature(fn):
    """``(signature, positional names)`` of ``fn``; bound methods are cached by function."""
    target = getattr(fn, "__func__", fn)
    try:
        known = _SIGNATURES.get(target)
    except TypeError:  # not weakly referable (a builtin): no cache
        known = None
    bound = target is not fn
    if known is not None and bound in known:
        return known[bound]
    signature = inspect.signature(fn)
    names = []
    for parameter in signature.parameters.values():
        if parameter.kind not in _POSITIONAL:
            break
        names.append(parameter.name)
    entry = (signature, tuple(names))
    try:
        _SIGNATURES.setdefault(target, {})[bound] = entry
    except TypeError:
        pass
    return entry


def named_arguments(fn, args: tuple, kwargs: dict):
    """``{"topic": "ducks"}`` for ``fn("ducks")`` where the signature names the parameters;
    ``*args`` under ``"*args"``, ``**kwargs`` merged in. Where it does not (some builtins, a
    call that does not fit), the arguments as given: a list, or ``{"args", "kwargs"}``."""
    if type(fn) is FunctionType and not kwargs and not fn.__dict__:
        # The common call, read off the code object: a plain function's leading positional
        # parameters are the first ``co_argcount`` local names (this runs on every step). One
        # with attributes may have others for ``inspect`` (``__wrapped__``, ``__signature__``).
        code = fn.__code__
        if len(args) <= code.co_argcount:
            return dict(zip(code.co_varnames, args, strict=False))  # more names than arguments
    try:
        signature, names = _signature(fn)
        if not kwargs and len(args) <= len(names):
            return dict(zip(names, args, strict=False))  # the parameters given, in order
        bound = signature.bind(*args, **kwargs).arguments
    except Exception:  # noqa: BLE001 - a signature that cannot be read never fails the step
        return {"args": list(args), "kwargs": kwargs} if kwargs else list(args)
    named = {}
    for name, value in bound.items():
        kind = signature.parameters[name].kind
        if kind is inspect.Parameter.VAR_KEYWORD:
            named.update(value)
        elif kind is inspect.Parameter.VAR_POSITIONAL:
            named[f"*{name}"] = list(value)
        else:
            named[name] = value
    return named


def input_text(fn, args: tuple, kwargs: dict) -> str:
    """The JSON text of a step's input, ``display_text(named_arguments(...))``: written directly
    for the common call (a plain function given a few ints or strings), which every step of a
    loop makes. The same text either way: an int is written as ``repr`` writes it, a string as
    the encoder does, a parameter name (an identifier: no quote, backslash or control
    character) as it is."""
    if type(fn) is FunctionType and not kwargs and not fn.__dict__:
        code = fn.__code__
        if len(args) == 1 and code.co_argcount >= 1:
            arg = args[0]
            kind = type(arg)
            if kind is int:
                return f'{{"{code.co_varnames[0]}":{arg!r}}}'
            if kind is str:
                return f'{{"{code.co_varnames[0]}":{encode_basestring(arg)}}}'
    return display_text(named_arguments(fn, args, kwargs))
