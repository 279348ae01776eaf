"""Check a payload against FlowFields.

The rules are those of the engine's ``validateFields``: src/test-support/field-vectors.json is the
shared truth that both (and the form's ``parseRaw``) are tested against. A flow's values here are
Python's, exact where JavaScript's are not: an int past 2^53 is kept here (``python_accepted``
in the vectors), where the engine, reading a JavaScript number, refuses it.
"""

import math

from ._analyze import normalize_field

# Number.MAX_SAFE_INTEGER: up to it, every whole number has a JavaScript number of its own.
MAX_SAFE_INTEGER = 2**53 - 1
_TOO_LARGE = f"too large to keep exactly (at most ±{MAX_SAFE_INTEGER})"


def validate_fields(fields: list, values, what: str) -> dict:
    """Return the values the flow receives (defaults filled) or raise ValueError naming each bad field."""
    if not isinstance(values, dict):
        raise ValueError(f"{what} must be an object of field values")
    problems = {}
    known = {f["name"] for f in fields}
    for name in values:
        if name not in known:
            problems[name] = "unknown field"
    result = {}
    for field in fields:
        name = field["name"]
        value = values.get(name)
        if value is None or value == "":
            if field["default"] is not None:
                result[name] = field["default"]
            elif field["field_type"] == "bool":
                result[name] = False
            elif field["required"]:
                problems[name] = "required"
            continue
        problem = _check(field, value)
        if problem:
            problems[name] = problem
        elif field["field_type"] == "int":
            result[name] = int(value)  # 2.0 is the whole number 2, as the engine sends it
        else:
            result[name] = value
    if problems:
        detail = "; ".join(f"{name}: {problem}" for name, problem in problems.items())
        raise ValueError(f"invalid {what}: {detail}")
    return result


def normalize_fields(fields) -> list:
    return [normalize_field(f) for f in (fields or [])]


def _check(field, value):
    kind = field["field_type"]
    if kind in ("str", "text"):
        return None if isinstance(value, str) else "expected text"
    if kind == "int":
        if not _is_number(value) or (isinstance(value, float) and not value.is_integer()):
            return "expected a whole number"
        # A Python int is exact at any size, and flows hand each other values as text; a float
        # past 2^53 has lost digits already, as a JavaScript number has (see the vectors file).
        return None if isinstance(value, int) or abs(value) <= MAX_SAFE_INTEGER else _TOO_LARGE
    if kind == "float":
        return None if _is_number(value) and _is_finite(value) else "expected a number"
    if kind == "bool":
        return None if isinstance(value, bool) else "expected true or false"
    if kind == "choice":
        return (
            None if value in field["options"] else f"expected one of {', '.join(field['options'])}"
        )
    return None  # json: anything that arrived as JSON is JSON


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_finite(number: int | float) -> bool:
    """Finite as a JavaScript number: an int too large for a float is Infinity there."""
    try:
        return math.isfinite(number)
    except OverflowError:
        return False
