"""Basisbaan weekly planning engine: a pure-Python library (no Django).

Public API::

    from basisbaan_planner import load_instance, parse_instance, solve, score, lp_bound

    inst = load_instance("week.json")          # or parse_instance(dict)
    res = solve(inst, time_limit=30, seed=0, pins=[("P0001", "T0012.mon.0")],
                forbids=[], progress=lambda frac, msg: ...,
                on_progress=lambda value: ...)  # Progress(fraction, stage, cost, bound)
    res.plan.to_dict()                         # basisbaan-plan/1
    res.score.breakdown()                      # {"total": ..., "shortfall": ..., ...}
    score(inst, res.plan.sorted_assignments()) # raises PlanInvalid(rule, message)

``solve`` raises ``PinError`` (a ValueError) with ``rule``, ``participant`` and ``slot``
when the pins cannot all be kept.

``lp_bound`` (in :mod:`basisbaan_planner.bound`) needs ``highspy``; it is imported lazily.
"""

from .generate import generate
from .model import (
    INSTANCE_FORMAT,
    PLAN_FORMAT,
    Instance,
    InstanceError,
    Neighbourhood,
    Participant,
    Plan,
    Slot,
    Task,
    Weights,
    load_instance,
    load_plan,
    parse_instance,
    parse_plan,
)
from .score import PlanInvalid, Score, check, score
from .solve import PinError, Progress, SolveResult, solve


def lp_bound(instance: Instance, **kwargs: object) -> object:
    """The LP floor of ``instance`` (see :func:`basisbaan_planner.bound.lp_bound`)."""
    from .bound import lp_bound as _lp_bound

    return _lp_bound(instance, **kwargs)  # type: ignore[arg-type]


__all__ = [
    "INSTANCE_FORMAT",
    "PLAN_FORMAT",
    "Instance",
    "InstanceError",
    "Neighbourhood",
    "Participant",
    "PinError",
    "Plan",
    "PlanInvalid",
    "Progress",
    "Score",
    "Slot",
    "SolveResult",
    "Task",
    "Weights",
    "check",
    "generate",
    "load_instance",
    "load_plan",
    "lp_bound",
    "parse_instance",
    "parse_plan",
    "score",
    "solve",
]
