"""``instrument(obj)``: every public method call becomes a memoized ``rpc`` span."""

from ._steps import run_step


class Instrumented:
    """A proxy whose public method calls are ``rpc`` steps named ``<name>.<method>``."""

    __slots__ = ("_hero_target", "_hero_name")

    def __init__(self, target, name: str):
        object.__setattr__(self, "_hero_target", target)
        object.__setattr__(self, "_hero_name", name)

    def __getattr__(self, attr):
        value = getattr(self._hero_target, attr)
        if attr.startswith("_") or not callable(value):
            return value
        step_name = f"{self._hero_name}.{attr}"

        def call(*args, **kwargs):
            return run_step(step_name, value, args, kwargs, kind="rpc")

        return call

    def __repr__(self):
        return f"instrument({self._hero_target!r}, name={self._hero_name!r})"


def instrument(obj, name=None):
    """Wrap ``obj`` so that its public method calls are recorded and memoized like steps:
    a resumed play replays their results instead of calling again."""
    return Instrumented(obj, name or type(obj).__name__)
