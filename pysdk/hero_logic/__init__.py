"""hero_logic: durable Python flows that run in the browser.

Only the names in ``__all__`` are public; everything else lives in private modules.
"""

from ._errors import Failed, StepOutputError
from ._flow import flow

__all__ = ["Failed", "StepOutputError", "flow"]
