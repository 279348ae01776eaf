"""hero_logic: durable Python flows that run in the browser.

Only the names in ``__all__`` are public; everything else lives in private modules.
"""

from ._errors import Failed, ReplayDivergedError, StepOutputError
from ._flow import flow
from ._http import http
from ._instrument import instrument
from ._secrets import secret

__all__ = [
    "Failed",
    "ReplayDivergedError",
    "StepOutputError",
    "flow",
    "http",
    "instrument",
    "secret",
]
