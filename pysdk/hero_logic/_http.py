"""``http``: synchronous HTTP calls, each a memoized ``rpc`` span.

Python never touches the network itself: the worker hands each run a JavaScript function (the
run's ``http`` bridge, worker/http.ts) that sends one request and refuses any origin not granted
for the play. A call's step key covers the method, the URL (with its query), the body and the
header names; never the header values, which may hold a secret.
"""

import json as jsonlib
from hashlib import sha256
from urllib.parse import urlencode, urlsplit

from . import _run
from ._errors import Failed
from ._jsonvalue import dumps_lenient
from ._response import Response
from ._spans import LOG_HEAD, LOG_TAIL, SpanLogs
from ._steps import run_step

_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def request(
    method: str,
    url: str,
    *,
    params=None,
    headers=None,
    json=None,
    data=None,
    timeout: float = 30,
) -> Response:
    """Send one HTTP request to an origin the flow declared and this browser granted.

    Recorded as an ``rpc`` span and memoized like a step: a resumed, retried or recovered play
    never sends a finished call again, it gets the recorded response. A non-2xx status is
    returned (``raise_for_status()`` raises); a network error, a server that does not allow this
    site's origin (CORS), a time-out or an origin not granted fail the step saying which.
    """
    method = _method(method)
    full_url = _with_params(url, params)
    header_pairs = _headers(headers)
    body, content_type = _body(json, data)
    if content_type and not any(name.lower() == "content-type" for name, _ in header_pairs):
        header_pairs.append(("Content-Type", content_type))
    run = _run.running(f"http.{method.lower()}")
    names = sorted({name.lower() for name, _ in header_pairs})
    call = {
        "method": method,
        "url": full_url,
        "headers": header_pairs,
        "body": body,
        "timeout_ms": int(float(timeout) * 1000),
        "declared": run.invoked_grants[-1][1] if run.invoked_grants else run.declared_origins,
    }

    def send(method, url, headers, body):
        return _sent(run, call)

    # The key: the full body by its digest (the span's input shows it bounded), header names.
    digest = "" if body is None else sha256(body.encode("utf-8", "surrogatepass")).hexdigest()
    stored = run_step(
        _span_name(method, full_url),
        send,
        (),
        {"method": method, "url": full_url, "headers": names, "body": _bounded(body)},
        kind="rpc",
        key_salt=f"http\x1f{digest}\x1f",
        shown=_shown_response,
    )
    return Response(full_url, stored)


def _sent(run, call: dict) -> dict:
    """Hand the call to the worker's bridge; the stored response, or the step fails."""
    refusal = _not_granted_to_invoked(run, call["url"])
    if refusal:
        raise Failed(refusal)
    bridge = run.http
    if bridge is None:
        raise Failed("this Python runtime has no network bridge: http calls run only in a play")
    answer = jsonlib.loads(bridge(jsonlib.dumps(call)))
    if "error" in answer:
        raise Failed(answer["error"])
    return answer


def _not_granted_to_invoked(run, url: str) -> str | None:
    """Why a flow run in-process by ``flow.invoke`` may not call ``url``, or None.

    The play's run sends only to origins granted to the play's flow (the worker checks that);
    a flow it invokes in-process calls with its own grant as well, so code the person allowed
    for one flow never reaches an origin through another flow's grant, nor the other way round.
    """
    if not run.invoked_grants:
        return None
    name, declared, granted = run.invoked_grants[-1]
    origin = _origin(url)
    if origin in granted:
        return None
    why = "does not declare it" if origin not in declared else "was not allowed to call it"
    return (
        f"{origin}: flow.invoke('{name}') runs '{name}' in this play, and '{name}' {why} "
        f"(declared: {', '.join(declared) or 'none'}). A flow's calls need its own grant: add the "
        f"origin to its @flow(network=[...]) and allow it, or start it as a child play "
        f"(spawn=True), which runs with its grant alone"
    )


def _origin(url: str) -> str:
    """``scheme://host[:port]`` as the engine normalizes origins (lower case, no default port)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" if port is None or port == default else f"{scheme}://{host}:{port}"


def _method(method) -> str:
    upper = str(method).upper()
    if upper not in _METHODS:
        raise ValueError(f"unknown HTTP method {method!r}: use one of {', '.join(_METHODS)}")
    return upper


def _with_params(url: str, params) -> str:
    if not isinstance(url, str):
        raise TypeError(f"the URL must be a str, not {type(url).__name__}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    if not params:
        return url
    query = urlencode(params, doseq=True)
    base, _, fragment = url.partition("#")
    joined = f"{base}{'&' if '?' in base else '?'}{query}"
    return f"{joined}#{fragment}" if fragment else joined


def _headers(headers) -> list:
    pairs = []
    for name, value in (headers or {}).items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"header {name!r}: names and values must be str")
        pairs.append((name, value))
    return pairs


def _body(json, data) -> tuple:
    """The body as text and the content type it implies (None, None without one)."""
    if json is not None and data is not None:
        raise ValueError("give json= or data=, not both")
    if json is not None:
        return jsonlib.dumps(json, ensure_ascii=False), "application/json"
    if data is None:
        return None, None
    if isinstance(data, dict):
        return urlencode(data, doseq=True), "application/x-www-form-urlencoded"
    if isinstance(data, bytes):
        try:
            return data.decode(), None
        except UnicodeDecodeError:
            raise ValueError(
                "data= bytes must be UTF-8 text (binary bodies are not sent)"
            ) from None
    if isinstance(data, str):
        return data, None
    raise TypeError(f"data= takes str, bytes or a dict, not {type(data).__name__}")


def _span_name(method: str, url: str) -> str:
    """``GET api.example.com/search``: the host and path, without scheme or query."""
    parts = urlsplit(url)
    return f"{method} {parts.netloc}{parts.path or '/'}"


def _shown_response(response: dict, text: str):
    """The response as its span shows it: the body bounded as printed logs are (the step's
    stored output keeps it whole, for replays and cassettes); None when it is short enough."""
    body = response.get("text")
    if not isinstance(body, str) or len(body) <= LOG_HEAD + LOG_TAIL:
        return None
    return dumps_lenient({**response, "text": _bounded(body)})


def _bounded(body):
    """The body as a span shows it: bounded as printed logs are."""
    if body is None or len(body) <= LOG_HEAD + LOG_TAIL:
        return body
    logs = SpanLogs()
    logs.write(body)
    return logs.text()


class _Http:
    """The ``http`` namespace: ``get``, ``post``, ``put``, ``patch``, ``delete``, ``request``."""

    request = staticmethod(request)

    @staticmethod
    def get(url: str, **options) -> Response:
        return request("GET", url, **options)

    @staticmethod
    def post(url: str, **options) -> Response:
        return request("POST", url, **options)

    @staticmethod
    def put(url: str, **options) -> Response:
        return request("PUT", url, **options)

    @staticmethod
    def patch(url: str, **options) -> Response:
        return request("PATCH", url, **options)

    @staticmethod
    def delete(url: str, **options) -> Response:
        return request("DELETE", url, **options)

    Response = Response

    def __repr__(self):
        return "<hero_logic.http>"


http = _Http()
