"""The ``Response`` an ``http`` call returns, built from what its step stored."""

import json as jsonlib

from ._errors import Failed


class Response:
    """What a server answered: ``status``, ``headers`` (lower-case names), ``text``, ``ok``."""

    __slots__ = ("status", "reason", "headers", "text", "url")

    def __init__(self, url: str, stored: dict):
        self.url = url
        self.status = stored["status"]
        self.reason = stored.get("reason", "")
        self.headers = stored.get("headers", {})
        self.text = stored.get("text", "")

    @property
    def ok(self) -> bool:
        """True for a 2xx status."""
        return 200 <= self.status < 300

    def json(self):
        """The body decoded as JSON."""
        return jsonlib.loads(self.text)

    def raise_for_status(self) -> Response:
        """Raise ``Failed`` naming the status unless it is 2xx; the response otherwise."""
        if not self.ok:
            reason = f" {self.reason}" if self.reason else ""
            raise Failed(f"HTTP {self.status}{reason} from {self.url}")
        return self

    def __repr__(self):
        return f"<Response {self.status} {self.url}>"
