"""Errors a flow can raise or meet."""


class Failed(Exception):
    """Raise to fail the play with a clear message (no traceback noise for the user)."""


# Python in the browser has no event loop a flow could block on: steps and flows run to their end.
NOT_ASYNC = (
    "flows and steps run synchronously in the browser, so declare it with a plain def "
    "(and call what it awaited directly)"
)


class StepOutputError(TypeError):
    """A step returned a value that cannot be stored as JSON."""

    def __init__(self, step_name: str, problem: str):
        super().__init__(
            f"step '{step_name}' returned a value that is not JSON-serializable ({problem}); "
            "return only dicts, lists, strings, numbers, booleans and None"
        )
        self.step_name = step_name


class ReplayDivergedError(Exception):
    """A run asked for steps in another order than the earlier run under the same version."""


class Interrupt(BaseException):
    """Ends a run without failing it. A ``BaseException`` so ``except Exception:`` cannot swallow it."""


class PauseInterrupt(Interrupt):
    """Parks the play at a pause until a person answers it."""

    def __init__(self, name: str, key: str, prompt: str, fields: list):
        super().__init__(f"paused at '{key}'")
        self.name, self.key, self.prompt, self.fields = name, key, prompt, fields


class WaitInterrupt(Interrupt):
    """Parks the play until the child plays it waits on have finished."""

    def __init__(self, waiting_on: list):
        super().__init__(f"waiting on {', '.join(waiting_on)}")
        self.waiting_on = waiting_on
