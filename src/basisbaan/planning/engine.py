"""The adapter to the planning engine: the only module of ``basisbaan`` that imports
``basisbaan_planner`` (``tests/planning/test_engine.py`` checks this).

- **export**: ``export(week)`` is the week's problem as the engine reads it (the
  ``basisbaan-planning/1`` data of ``planning.export`` with the week's pins and forbids);
  ``instance(data)`` parses such data into the engine's model.
- **run**: ``run(version)`` plans a stored version (``on_progress`` receives the engine's
  progress as values: ``fraction``, ``stage``, ``cost``, ``bound``) and stores the plan,
  or fails the version with the reason; ``plan_day`` re-plans a one-day problem.
- **store**: ``store(version, instance, pairs)`` saves a plan as assignments with their
  reasons; ``price(data, pairs)`` is a plan's cost (None if it breaks a hard rule).
- **explain**: ``explain(error)`` says in plain language why a pin cannot be kept, from
  the fields of the engine's ``PinError`` (``rule``, ``participant``, ``slot``).
- ``cli(argv)``: the engine's command line (``basisbaan plan`` / ``basisbaan score``).

The engine is imported inside the functions: it loads numpy and HiGHS, which a web
process that never plans does not need.
"""

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basisbaan.core.vocabulary import WEEKDAY_CHOICES
from basisbaan.planning import export as planning_export
from basisbaan.planning import ids
from basisbaan.planning.errors import PlanningError
from basisbaan.planning.models import Assignment, PlanningWeek, PlanRule, PlanVersion

FORMAT = planning_export.FORMAT


# --------------------------------------------------------------------------- export


@dataclass
class Problem:
    """A week's exported problem with the week's pins and forbids as id pairs."""

    exported: planning_export.Export
    pins: list = field(default_factory=list)  # [participant id, slot id]
    forbids: list = field(default_factory=list)
    dropped: int = 0  # rules whose participant or slot is not in this week's problem

    @property
    def data(self) -> dict:
        return self.exported.data


def export(week: PlanningWeek) -> Problem:
    """The week's problem for the engine: the export plus the rules that still fit."""
    exported = planning_export.export_week(week.municipality, week.week_start)
    data = exported.data
    participants = {p["id"] for p in data["participants"]}
    slots = {s["id"] for t in data["tasks"] for s in t["slots"]}
    problem = Problem(exported)
    for rule in week.rules.order_by("pk"):
        pair = [ids.participant_key(rule.participant_id), rule.slot_key]
        if pair[0] not in participants or pair[1] not in slots:
            problem.dropped += 1
            continue
        (problem.pins if rule.kind == PlanRule.Kind.PIN else problem.forbids).append(pair)
    return problem


def instance(data: dict):
    """The engine's parsed model (``Instance``) of exported data."""
    from basisbaan_planner.model import parse_instance

    return parse_instance(data)


# --------------------------------------------------------------------------- run


def run(
    version: PlanVersion,
    on_progress: Callable | None = None,
    lower_bound: bool = True,
) -> PlanVersion:
    """Plan a version's problem and store the plan; a pin that cannot be kept fails the
    version with the reason (:class:`PlanningError`)."""
    from basisbaan_planner.solve import PinError, solve

    problem = instance(version.instance)
    try:
        result = solve(
            problem,
            time_limit=version.time_limit,
            seed=version.seed,
            pins=[tuple(p) for p in version.pins],
            forbids=[tuple(p) for p in version.forbids],
            on_progress=on_progress,
            lower_bound=lower_bound,
        )
    except PinError as exc:
        message = explain(exc)
        PlanVersion.objects.filter(pk=version.pk).update(
            status=PlanVersion.Status.FAILED, error=message
        )
        raise PlanningError(message) from exc
    store(version, problem, result.plan.sorted_assignments(), result)
    return version


def plan_day(data: dict, pins: list, time_limit: float) -> list[tuple[str, str]]:
    """Plan a one-day problem around ``pins``; the pairs that are not pinned."""
    from basisbaan_planner.solve import PinError, solve

    try:
        result = solve(instance(data), time_limit=time_limit, pins=pins)
    except PinError as exc:
        raise PlanningError(
            _("The day cannot be re-planned: %(detail)s") % {"detail": exc}
        ) from exc
    pinned = {tuple(p) for p in pins}
    return [pair for pair in result.plan.sorted_assignments() if pair not in pinned]


# --------------------------------------------------------------------------- store


def clock_time(minutes: int) -> datetime.time:
    """Minutes after midnight as a time (24:00, the end of the day, as 23:59)."""
    if minutes >= 24 * 60:
        return datetime.time(23, 59)
    return datetime.time(minutes // 60, minutes % 60)


def store(version: PlanVersion, problem, pairs, result=None) -> None:
    """Save the engine's (participant id, slot id) pairs as assignments with reasons.

    ``problem`` is the engine's Instance, ``result`` its SolveResult (None: the plan is
    priced with the engine's scorer)."""
    from basisbaan.communitytasks.models import TaskSlot
    from basisbaan.planning.reasons import reason_for
    from basisbaan_planner.score import score

    pinned = {tuple(p) for p in version.pins}
    week_start = version.week.week_start
    slot_pks = [ids.parse_slot_key(sid)[2] for _pid, sid in pairs]
    slots = TaskSlot.objects.in_bulk(slot_pks)
    rows = []
    for pid, sid in pairs:
        task_pk, day, slot_pk = ids.parse_slot_key(sid)
        engine_slot = problem.slots[sid]
        rows.append(
            Assignment(
                version=version,
                participant_id=ids.participant_pk(pid),
                task_id=task_pk,
                slot=slots.get(slot_pk),
                slot_key=sid,
                date=ids.day_date(week_start, day),
                start=clock_time(engine_slot.start),
                end=clock_time(engine_slot.end),
                reason=reason_for(problem, pid, sid, pinned=(pid, sid) in pinned),
            )
        )
    sc = result.score if result is not None else score(problem, pairs)
    with transaction.atomic():
        version.assignments.all().delete()
        Assignment.objects.bulk_create(rows, batch_size=500)
        version.status = PlanVersion.Status.READY
        version.cost = sc.as_dict()
        bound = result.lower_bound if result is not None else None
        # An infinite or missing bound says nothing: store none.
        version.lower_bound = bound if bound is not None and math.isfinite(bound) else None
        version.stats = dict(result.stats) if result is not None else {}
        version.error = ""
        version.save(update_fields=["status", "cost", "lower_bound", "stats", "error"])


def price(data: dict, pairs) -> dict | None:
    """The cost breakdown of a plan (pairs of ids); None if it breaks a hard rule."""
    from basisbaan_planner.score import PlanInvalid, score

    try:
        return score(instance(data), pairs).as_dict()
    except PlanInvalid:
        return None


# --------------------------------------------------------------------------- explain


PIN_RULES = {
    1: gettext_lazy("the slot is already full"),
    2: gettext_lazy("the participant lacks a skill the task needs"),
    3: gettext_lazy("a limitation of the participant rules the task out"),
    4: gettext_lazy("the participant is not available at that time"),
    5: gettext_lazy("it overlaps another pinned assignment"),
    6: gettext_lazy("it gives more hours than the contract"),
    7: gettext_lazy("it gives more hours on one day than allowed"),
    8: gettext_lazy("the task is too far from home"),
}


def explain(error) -> str:
    """The engine's pin refusal (a ``PinError``) in plain language, naming the person
    and the task."""
    from basisbaan.communitytasks.models import Task
    from basisbaan.participants.models import Participant

    reason = PIN_RULES.get(error.rule)
    try:
        person_pk = ids.participant_pk(error.participant or "")
        task_pk, day, _slot_pk = ids.parse_slot_key(error.slot or "")
    except ValueError:
        reason = None
    if reason is None:
        return _("The pinned assignments cannot all be kept: %(detail)s") % {"detail": error}
    person = Participant.objects.filter(pk=person_pk).first()
    task = Task.objects.filter(pk=task_pk).first()
    return _(
        "The pin of %(person)s on %(task)s (%(day)s) cannot be kept: %(reason)s. "
        "Release it and plan again."
    ) % {
        "person": person.display_name if person else error.participant,
        "task": task.title if task else ids.task_key(task_pk),
        "day": dict(WEEKDAY_CHOICES).get(day, day),
        "reason": reason,
    }


# --------------------------------------------------------------------------- command line


def cli(argv: list[str]) -> int:
    """The engine's command line (``plan``, ``score``): its exit code."""
    from basisbaan_planner import cli as engine_cli

    return engine_cli.main(argv)
