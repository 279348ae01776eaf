"""Read a flow's entry, inputs, outputs and network origins from its source with ``ast``,
never executing it. Its PEP 723 header (the dependencies) is read by the engine, in
src/engine/packages/script-header.ts, the one reader of that header."""

import ast
import urllib.parse

FIELD_TYPES = ("str", "text", "int", "float", "bool", "choice", "json")
_ANNOTATION_TYPES = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "dict": "json",
    "list": "json",
}


class SourceProblem(Exception):
    def __init__(self, code, message, line=None, column=None):
        super().__init__(message)
        self.code, self.line, self.column = code, line, column


def analyze_source(source: str) -> dict:
    """``{"ok": True, "entry", "inputs", "outputs", "description", "network"}`` or
    ``{"ok": False, ...}``."""
    try:
        return {"ok": True, **_analyze(source)}
    except SourceProblem as p:
        return {"ok": False, "code": p.code, "message": str(p), "line": p.line, "column": p.column}


def _analyze(source):
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        where = f"line {e.lineno}: " if e.lineno else ""
        raise SourceProblem("syntax_error", f"{where}{e.msg}", e.lineno, e.offset) from None
    except UnicodeEncodeError as e:  # half a surrogate pair, pasted from somewhere
        line = source.count("\n", 0, e.start) + 1
        column = e.start - source.rfind("\n", 0, e.start)
        code = f"U+{ord(source[e.start]):04X}"
        raise SourceProblem(
            "syntax_error",
            f"line {line}: a broken character ({code}, half of a "
            "surrogate pair) that Python cannot read",
            line,
            column,
        ) from None
    flows = {
        node.name: (node, deco)
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for deco in node.decorator_list
        if _is_flow_decorator(deco)
    }
    if not flows:
        raise SourceProblem(
            "no_entry", "no @flow function found: decorate the entry function with @flow"
        )
    node, deco = flows[_choose_entry(tree, flows)]
    keywords = {k.arg: k.value for k in deco.keywords} if isinstance(deco, ast.Call) else {}
    inputs = (
        _literal_fields(keywords["inputs"], "inputs")
        if "inputs" in keywords
        else _signature_fields(node)
    )
    outputs = _literal_fields(keywords["outputs"], "outputs") if "outputs" in keywords else []
    network = _literal_network(keywords["network"]) if "network" in keywords else []
    description = ast.get_docstring(tree) or ast.get_docstring(node) or ""
    return {
        "entry": node.name,
        "inputs": inputs,
        "outputs": outputs,
        "description": description.strip(),
        "network": network,
    }


def _is_flow_decorator(deco):
    target = deco.func if isinstance(deco, ast.Call) else deco
    if isinstance(target, ast.Name):
        return target.id == "flow"
    return isinstance(target, ast.Attribute) and target.attr == "flow"


def _choose_entry(tree, flows):
    """The one @flow function no other code calls; other @flow functions are nested steps."""
    if len(flows) == 1:
        return next(iter(flows))
    referenced = set()
    for name, (node, _) in flows.items():
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and inner.id in flows and inner.id != name:
                referenced.add(inner.id)
    roots = [name for name in flows if name not in referenced]
    if len(roots) == 1:
        return roots[0]
    if "main" in roots:
        return "main"
    names = ", ".join(sorted(roots or flows))
    line = flows[sorted(roots or flows)[-1]][0].lineno
    raise SourceProblem(
        "ambiguous_entry",
        f"several @flow functions could be the entry ({names}): call the nested ones "
        "from the entry, or name the entry 'main'",
        line,
    )


def _literal_fields(node, what):
    try:
        value = ast.literal_eval(node)
    except ValueError:
        raise SourceProblem(
            "invalid_fields",
            f"line {node.lineno}: {what}= must be a literal list of dicts",
            node.lineno,
            node.col_offset + 1,
        ) from None
    if not isinstance(value, list):
        raise SourceProblem(
            "invalid_fields", f"line {node.lineno}: {what}= must be a list", node.lineno
        )
    try:
        return [normalize_field(f) for f in value]
    except ValueError as e:
        raise SourceProblem(
            "invalid_fields", f"line {node.lineno}: {what}: {e}", node.lineno
        ) from None


def normalize_field(field) -> dict:
    """Fill a FlowField's defaults and check its shape; raise ValueError naming the problem."""
    if not isinstance(field, dict):
        raise ValueError("each field must be a dict")
    name = field.get("name")
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"field name {name!r} must be an identifier")
    field_type = field.get("field_type", "str")
    if field_type not in FIELD_TYPES:
        raise ValueError(
            f"field '{name}' has unknown field_type {field_type!r} (one of {', '.join(FIELD_TYPES)})"
        )
    options = field.get("options") or []
    if field_type == "choice" and not options:
        raise ValueError(f"choice field '{name}' needs options")
    return {
        "name": name,
        "field_type": field_type,
        "description": str(field.get("description", "")),
        "required": bool(field.get("required", True)),
        "default": field.get("default"),
        "options": list(options),
    }


def _signature_fields(node):
    args = node.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    pairs = [
        *zip(positional, defaults, strict=True),
        *zip(args.kwonlyargs, args.kw_defaults, strict=True),
    ]
    fields = []
    for arg, default in pairs:
        annotation = arg.annotation
        named = isinstance(annotation, ast.Name)
        field_type = _ANNOTATION_TYPES.get(annotation.id, "str") if named else "str"
        field = {"name": arg.arg, "field_type": field_type}
        if default is not None:
            field["required"] = False
            try:
                field["default"] = ast.literal_eval(default)
            except ValueError:
                field["default"] = None
        fields.append(normalize_field(field))
    return fields


def _literal_network(node):
    """The origins ``network=`` declares, normalized, in order, each once."""

    def refuse(message):
        return SourceProblem(
            "invalid_network",
            f"line {node.lineno}: network= {message}",
            node.lineno,
            node.col_offset + 1,
        )

    try:
        value = ast.literal_eval(node)
    except ValueError:
        raise refuse(
            "must be a literal list of origins, e.g. ['https://api.example.com']"
        ) from None
    if not isinstance(value, (list, tuple)) or not all(isinstance(o, str) for o in value):
        raise refuse("must be a list of origins as text, e.g. ['https://api.example.com']")
    origins = []
    for given in value:
        try:
            origin = normalize_origin(given)
        except ValueError as e:
            raise refuse(str(e)) from None
        if origin not in origins:
            origins.append(origin)
    return origins


_DEFAULT_PORTS = {"https": 443, "http": 80}


def normalize_origin(given: str) -> str:
    """``scheme://host[:port]`` (lower case, no default port) or ValueError saying what is wrong.

    Only https, and http to this machine (localhost, 127.0.0.1): plain http to another machine
    can be read and changed on the way.
    """
    shown = repr(given)
    try:
        parts = urllib.parse.urlsplit(given.strip())
        port = parts.port
    except ValueError:
        raise ValueError(f"{shown} is not an origin (scheme://host[:port])") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        what = f"scheme '{scheme}'" if scheme else "no scheme"
        raise ValueError(
            f"{shown} has {what}: an origin is https://host[:port] (http only for localhost)"
        )
    host = (parts.hostname or "").lower()
    if not host or "*" in host or parts.username is not None or parts.password is not None:
        raise ValueError(f"{shown} is not an origin (scheme://host[:port])")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(
            f"{shown} has a path or query: declare the origin only, {scheme}://{parts.netloc.lower()}"
        )
    if scheme == "http" and host not in _LOOPBACK_HOSTS:
        raise ValueError(
            f"{shown} is plain http to another machine: use https (plain http only for "
            "localhost or 127.0.0.1)"
        )
    shown_host = f"[{host}]" if ":" in host else host
    shown_port = f":{port}" if port is not None and port != _DEFAULT_PORTS[scheme] else ""
    return f"{scheme}://{shown_host}{shown_port}"


# The loopback hosts plain http may name: the ones the page's Content-Security-Policy admits
# (index.html's connect-src; Chromium's policy parser takes no IPv6 literal).
_LOOPBACK_HOSTS = ("localhost", "127.0.0.1")
