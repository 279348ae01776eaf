"""Check a payload against FlowFields, with the same rules as the engine's ``validateFields``."""

import math

from ._analyze import normalize_field


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
        ok = isinstance(value, int) and not isinstance(value, bool)
        ok = ok or (isinstance(value, float) and value.is_integer())
        return None if ok else "expected a whole number"
    if kind == "float":
        ok = (
            isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        )
        return None if ok else "expected a number"
    if kind == "bool":
        return None if isinstance(value, bool) else "expected true or false"
    if kind == "choice":
        return (
            None if value in field["options"] else f"expected one of {', '.join(field['options'])}"
        )
    return None  # json: anything that arrived as JSON is JSON
