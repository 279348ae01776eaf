"""JSON helpers: strict dumps for stored values, lenient dumps for display."""

import json
import math
from json.encoder import encode_basestring

# The C accelerator of ``json``: a private name (absent from the typing stubs), None where the
# C module is missing.
c_make_encoder = getattr(json.encoder, "c_make_encoder", None)

# The C encoders are built once: ``json.dumps`` and ``JSONEncoder.encode`` build a new one on
# every call, which costs more than encoding a step's arguments or output. Same options (and so
# the same text, which matters for step keys) as ``JSONEncoder(...)`` with these settings.
_STRICT_PY = json.JSONEncoder(allow_nan=False, ensure_ascii=False, separators=(",", ":"))
_CANONICAL_PY = json.JSONEncoder(
    sort_keys=True,
    separators=(",", ":"),
    ensure_ascii=False,
    default=lambda o: f"<{type(o).__qualname__}>",
)

# Span batches: anything left that is not JSON (it should not happen) becomes its ``str``.
_LENIENT_PY = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


def _c_encoder(encoder: json.JSONEncoder, markers: dict):
    if c_make_encoder is None:
        return None
    return c_make_encoder(
        markers,
        encoder.default,
        encode_basestring,
        None,
        encoder.key_separator,
        encoder.item_separator,
        encoder.sort_keys,
        encoder.skipkeys,
        encoder.allow_nan,
    )


_strict_markers = {}
_STRICT = _c_encoder(_STRICT_PY, _strict_markers)
_canonical_markers = {}
_CANONICAL = _c_encoder(_CANONICAL_PY, _canonical_markers)
_lenient_markers = {}
_LENIENT = _c_encoder(_LENIENT_PY, _lenient_markers)
SCALARS = (str, int, bool, type(None))


def dumps_strict(value) -> str:
    """Dump a value that must round-trip through JSON, or raise ValueError/TypeError."""
    if _STRICT is None:
        return _STRICT_PY.encode(value)
    try:
        return "".join(_STRICT(value, 0))
    except BaseException:
        _strict_markers.clear()  # an encoding cut short leaves its containers marked
        raise


def dumps_lenient(value) -> str:
    """Dump span batches: values that are not JSON become their ``str``."""
    if _LENIENT is None:
        return _LENIENT_PY.encode(value)
    try:
        return "".join(_LENIENT(value, 0))
    except BaseException:
        _lenient_markers.clear()
        raise


def is_plain(value) -> bool:
    """True for values JSON keeps exactly as they are (so no round trip is needed)."""
    if type(value) in SCALARS:
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is list:
        return all(type(v) in SCALARS for v in value)
    return False


def describe_problem(value) -> str:
    """Name what makes ``value`` unfit for JSON, for error messages."""
    seen = set()

    def walk(v, where):
        if v is None or isinstance(v, (str, bool)):
            return None
        if isinstance(v, int):
            try:
                str(v)  # Python refuses to write an int of more than 4,300 digits
            except ValueError:
                return f"an integer of more than 4,300 digits at {where}"
            return None
        if isinstance(v, float):
            return None if math.isfinite(v) else f"{v!r} at {where}"
        if id(v) in seen:
            return f"a reference cycle at {where}"
        if isinstance(v, (list, tuple)):
            seen.add(id(v))
            for i, item in enumerate(v):
                found = walk(item, f"{where}[{i}]")
                if found:
                    return found
            return None
        if isinstance(v, dict):
            seen.add(id(v))
            for k, item in v.items():
                if not isinstance(k, (str, int, float, bool)) and k is not None:
                    return f"a {type(k).__name__} key at {where}"
                found = walk(item, f"{where}[{k!r}]")
                if found:
                    return found
            return None
        return f"a {type(v).__name__} at {where}"

    return walk(value, "value") or "unknown reason"


def to_display(value):
    """Turn anything into a JSON-friendly value for span inputs (never raises)."""
    if is_plain(value):
        return value
    try:
        dumps_strict(value)
        return value
    except TypeError, ValueError, RecursionError:
        pass
    if isinstance(value, (list, tuple)):
        return [to_display(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_display(v) for k, v in value.items()}
    if isinstance(value, float):
        return repr(value)
    return f"<{type(value).__name__}>"


def display_text(value) -> str:
    """``to_display(value)`` as the JSON text a span batch holds: encoded once where ``value``
    is JSON already (both encoders then write the same text)."""
    try:
        return dumps_strict(value)
    except TypeError, ValueError, RecursionError:
        return dumps_lenient(to_display(value))


def canonical_arguments(args: tuple, kwargs: dict) -> str:
    """``canonical`` of a step's arguments as its key holds them: the list of positional
    arguments, or ``{"args": [...], "kwargs": {...}}``. A lone int or str (the most common
    call) is written directly: the same text, for a fifth of the cost."""
    if not kwargs:
        if len(args) == 1:
            arg = args[0]
            kind = type(arg)
            if kind is int:
                return f"[{arg!r}]"
            if kind is str:
                return f"[{encode_basestring(arg)}]"
        return canonical(args)
    return canonical({"args": args, "kwargs": kwargs})


def canonical(value) -> str:
    """Deterministic JSON for hashing arguments into step keys."""
    if _CANONICAL is None:
        return _CANONICAL_PY.encode(value)
    try:
        return "".join(_CANONICAL(value, 0))
    except BaseException:
        _canonical_markers.clear()
        raise
