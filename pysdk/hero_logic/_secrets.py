"""``secret("NAME")``: a value the person stored in this browser (Settings → Secrets)."""

import re

from ._errors import Failed
from ._run import running

_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")


class SecretMissingError(Failed):
    """The flow asked for a secret this browser does not have."""


def secret(name: str) -> str:
    """The value of the secret ``name`` (like ``EXAMPLE_KEY``), as stored in this browser.

    The engine hands every secret in with each run and replaces its value by
    ``«secret:NAME»`` in everything the play stores (span inputs, outputs, logs, errors, the
    play's output). It is read afresh on every run, so call it outside steps: a step that
    returns it stores the mark, and its replay gets the secret's current value back.
    A secret that is not set fails the step (or the play) naming it and where to set it.
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(
            f"secret names are capital letters, digits and underscores (like EXAMPLE_KEY), not {name!r}"
        )
    value = running("secret").secrets.get(name)
    if value is None:
        raise SecretMissingError(
            f"the secret {name} is not set in this browser: add it under Settings → Secrets "
            f"(or heroLogic.secrets.set({name!r}, value)), then run the play again"
        )
    return value
