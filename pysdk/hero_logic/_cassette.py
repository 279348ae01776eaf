"""Cassettes: a play whose ``rpc`` calls are answered from the calls another play recorded.

Each executed ``rpc`` span (an ``http`` call, an ``instrument()``ed method call) carries its
call key: a digest of the call's own identity (its span name, for ``http`` the body's digest,
and its arguments: for ``http`` the method, URL, body and header names), without the version or
the span path a step key holds. A cassette play gets, per call key, the outputs the recorded
play's calls returned (or the failures they ended in), in the order they were made (less those the cassette play's earlier runs
took already); each call takes the next one. The call is never made: no request is sent.
"""

from collections import deque
from hashlib import sha256

from ._errors import Failed


def call_key(name: str, key_salt: str, arguments: str) -> str:
    """The key a call is matched by: name, salt and canonical arguments (see ``run_step``)."""
    return sha256(f"{name}\x1f{key_salt}{arguments}".encode("utf-8", "surrogatepass")).hexdigest()


class Cassette:
    """The recorded answers a cassette run takes its calls' outputs from."""

    def __init__(self, play_sid: str, calls: list):
        self.play_sid = play_sid
        # Per call key, (output, failure): a recorded failure fails the call again with its message.
        self._answers: dict[str, deque] = {}
        for key, output, *failed in calls:
            self._answers.setdefault(key, deque()).append((output, failed[0] if failed else None))

    def answer(self, key: str, name: str):
        """The next recorded output of the call ``key``; the step fails when none is left."""
        answers = self._answers.get(key)
        if not answers:
            raise Failed(
                f"{name}: not in the recording of play {self.play_sid}. That play made no call "
                "with the same name and arguments (for http: method, URL, body and header "
                "names), or fewer of them: each recorded call answers once, in order"
            )
        output, failure = answers.popleft()
        if failure is not None:
            raise Failed(failure)  # word for word: the flow sees what the recorded play saw
        return output
