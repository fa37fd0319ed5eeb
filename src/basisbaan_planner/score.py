"""The scorer: checks the eight hard rules and prices a plan.

This is the project's own implementation of the rules and costs in ``docs/planning.md``.
:func:`score` raises :class:`PlanInvalid` (with the rule number) for the first broken
rule, in a fixed order: unknown ids, rule 1 (duplicates, then capacity), then per
participant in instance order the per-assignment rules 2, 3, 4, 5, 8, then 6 and 7.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Instance

COST_TERMS: tuple[str, ...] = (
    "shortfall",
    "uncovered",
    "wish_miss",
    "travel",
    "change",
    "extra_task",
)


class PlanInvalid(ValueError):
    """A plan breaks a hard rule. ``rule`` is 1..8, or 0 for an unknown id."""

    def __init__(self, rule: int, message: str) -> None:
        self.rule = rule
        super().__init__(f"rule {rule}: {message}" if rule else message)


@dataclass(frozen=True, slots=True)
class Score:
    """Cost of a valid plan, broken down per term (rounded to 0.001 like the reference)."""

    total: float
    shortfall: float
    uncovered: float
    wish_miss: float
    travel: float
    change: float
    extra_task: float
    assignments: int
    hours_planned: float
    hours_contracted: float

    @property
    def hours_met_pct(self) -> float:
        if not self.hours_contracted:
            return 100.0
        return round(100 * self.hours_planned / self.hours_contracted, 2)

    def breakdown(self) -> dict[str, float]:
        return {"total": self.total, **{k: getattr(self, k) for k in COST_TERMS}}

    def as_dict(self) -> dict[str, float | int]:
        return {
            **self.breakdown(),
            "assignments": self.assignments,
            "hours_planned": self.hours_planned,
            "hours_contracted": self.hours_contracted,
            "hours_met_pct": self.hours_met_pct,
        }


def score(instance: Instance, assignments: Iterable[tuple[str, str]]) -> Score:
    """Check ``assignments`` (participant id, slot id) against every hard rule and price them.

    Raises :class:`PlanInvalid` for the first broken rule.
    """
    inst = instance
    w = inst.weights
    slots = inst.slots
    people = inst.participant_by_id
    seen: set[tuple[str, str]] = set()
    filled: dict[str, int] = defaultdict(int)
    mine: dict[str, list[str]] = defaultdict(list)
    for pid, sid in assignments:
        if pid not in people:
            raise PlanInvalid(0, f"unknown participant {pid}")
        if sid not in slots:
            raise PlanInvalid(0, f"unknown slot {sid}")
        if (pid, sid) in seen:
            raise PlanInvalid(1, f"{pid} listed twice in {sid}")
        seen.add((pid, sid))
        filled[sid] += 1
        mine[pid].append(sid)
    for sid, n in filled.items():
        if n > slots[sid].people:
            raise PlanInvalid(1, f"slot {sid} holds {n} > {slots[sid].people}")

    cost: dict[str, float] = dict.fromkeys(COST_TERMS, 0.0)
    planned = 0.0
    for p in inst.participants:
        limited = p.limited
        total = 0.0
        per_day: dict[str, float] = defaultdict(float)
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for sid in mine.get(p.id, ()):
            s = slots[sid]
            t = inst.task_by_id[s.task]
            a, b = s.start, s.end
            h = (b - a) / 60
            if not t.requires <= p.skills:
                raise PlanInvalid(2, f"{p.id} lacks {sorted(t.requires - p.skills)} for {sid}")
            if limited & t.demands:
                raise PlanInvalid(
                    3, f"{p.id} has a limitation for {sorted(limited & t.demands)} in {sid}"
                )
            if not any(w0 <= a and b <= w1 for w0, w1 in p.availability.get(s.day, ())):
                raise PlanInvalid(4, f"{sid} lies outside {p.id}'s availability")
            for xa, xb in spans[s.day]:
                if a < xb and xa < b:
                    raise PlanInvalid(5, f"{p.id} has overlapping slots on {s.day} ({sid})")
            spans[s.day].append((a, b))
            d = inst.km(p.home, t.neighbourhood)
            if d > p.max_travel_km + 1e-9:
                raise PlanInvalid(
                    8, f"{sid} is {d:.1f} km from {p.id}'s home (max {p.max_travel_km:g})"
                )
            total += h
            per_day[s.day] += h
            cost["travel"] += w.travel_km * d
            if p.wishes and t.category not in p.wishes:
                cost["wish_miss"] += w.wish_miss_hour * h
        if total > p.contract_hours + 1e-9:
            raise PlanInvalid(6, f"{p.id} planned {total:g} h > contract {p.contract_hours:g} h")
        for day, h in per_day.items():
            if h > p.max_hours_per_day + 1e-9:
                raise PlanInvalid(7, f"{p.id} planned {h:g} h on {day} > {p.max_hours_per_day:g} h")
        planned += total
        cost["shortfall"] += w.shortfall_hour * (p.contract_hours - total)
        if p.previous:
            now, before = set(mine.get(p.id, ())), set(p.previous)
            for sid in now ^ before:
                if sid in slots:
                    cost["change"] += w.change_hour * slots[sid].hours
                else:  # a previous slot that no longer exists counts as dropped, at 1 hour
                    cost["change"] += w.change_hour
        tasks = {slots[sid].task for sid in mine.get(p.id, ())}
        if tasks:
            cost["extra_task"] += w.extra_task * (len(tasks) - 1)
    for t in inst.tasks:
        for s in t.slots:
            empty = s.people - filled.get(s.id, 0)
            if empty:
                cost["uncovered"] += w.uncovered_hour * t.priority * s.hours * empty
    contract = sum(p.contract_hours for p in inst.participants)
    rounded = {k: round(v, 3) for k, v in cost.items()}
    return Score(
        total=round(sum(cost.values()), 3),
        **rounded,
        assignments=len(seen),
        hours_planned=planned,
        hours_contracted=contract,
    )


def check(instance: Instance, assignments: Iterable[tuple[str, str]]) -> PlanInvalid | None:
    """The first broken hard rule, or ``None`` for a valid plan."""
    try:
        score(instance, assignments)
    except PlanInvalid as e:
        return e
    return None
