"""A deterministic, offline "code generator" service, called through instrument().

CodeGenService turns a one-line spec into small Python functions, the same way every time (no
network, no model). Wrapped with instrument(), each method call is an rpc span with its
arguments and result, memoized like a step: a resumed play would not call it again.
"""

import re

from hero_logic import flow, instrument

_VERBS = ("parse", "load", "read", "sum", "count", "filter", "sort", "write", "format", "check")


class CodeGenService:
    """Plans function names from a spec, writes each function, reviews the result."""

    def plan(self, spec: str) -> list:
        words = re.findall(r"[a-z]+", spec.lower())
        names = []
        for i, word in enumerate(words):
            if word in _VERBS:
                target = next((w for w in words[i + 1 :] if w not in _VERBS and len(w) > 2), "data")
                names.append(f"{word}_{target}")
        return names or ["solve"]

    def write_function(self, name: str, style: str) -> str:
        verb, _, target = name.partition("_")
        body = f"    return {target or 'value'}  # {verb} step"
        if style == "documented":
            doc = f'    """{verb.capitalize()} the {target or "input"}."""\n'
            return f"def {name}({target or 'value'}):\n{doc}{body}"
        return f"def {name}({target or 'value'}):\n{body}"

    def review(self, code: str) -> dict:
        lines = code.splitlines()
        return {
            "functions": sum(1 for line in lines if line.startswith("def ")),
            "lines": len(lines),
            "documented": '"""' in code,
        }


@flow(
    inputs=[
        {
            "name": "spec",
            "field_type": "text",
            "default": "parse a csv file and sum a column",
            "description": "What the code should do, in one line",
        },
        {
            "name": "style",
            "field_type": "choice",
            "options": ["terse", "documented"],
            "default": "documented",
            "description": "Documented functions get a docstring",
        },
    ],
    outputs=[{"name": "code", "field_type": "text"}, {"name": "review", "field_type": "json"}],
)
def main(spec: str = "parse a csv file and sum a column", style: str = "documented"):
    service = instrument(CodeGenService(), name="codegen")
    names = service.plan(spec)
    code = "\n\n\n".join(service.write_function(name, style) for name in names)
    return {"code": code, "functions": names, "review": service.review(code)}
