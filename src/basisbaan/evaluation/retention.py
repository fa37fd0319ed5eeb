"""Retention per cohort and time to a permanent contract.

- **Retention** (staying in service): per cohort, the Kaplan-Meier estimate of the share
  of people still in service 6, 12, 24 and 36 months after their first day in service.
  Time runs in months (days / 30.4375) from the first day in service
  (:func:`basisbaan.participants.figures.first_started`: the first status change to
  employed). The event is the person's first exit from service after it (a status change
  to exited from employed, permanent or long-term sick: ``monitor.CONTRACT_STATUSES``);
  everyone else is censored at the reference day (still in service or long-term sick).
  A cohort is the calendar year of the first day in service.
- **Exits per cohort**: those first exits by coded reason (``ExitReason``), as a share of
  the cohort, with the secondary suppression of the monitor's drop-out table
  (:func:`basisbaan.evaluation.monitor.dropout_table`).
- **Time to a permanent contract**: from the first day in service to the first status
  change to permanent. People not (yet) permanent are censored at the reference day, or
  at their exit when they left first (the plain product-limit estimator, which treats
  an exit as censoring). The median is the Kaplan-Meier median; beside it the share
  permanent within 36 months of everyone whose first day in service lies at least 36
  months back (an exit before a permanent contract counts as "not permanent").

Suppression (``aggregates.MIN_GROUP``): a cohort of 1-4 people is hidden whole ("< 5");
when the hidden cohorts hold 1-4 people together, the smallest shown cohorts are hidden
too, since the programme-wide number (time to a permanent contract counts the same
people) minus the shown cohorts would give them away. A survival figure is hidden when
1-4 people are still at risk at that point (one step down would be one person's exit).

The arithmetic is in small pure functions (:func:`kaplan_meier`, :func:`survival_at`,
:func:`median_time`, ...), unit-tested on a textbook example; the query functions only
collect (duration, event) pairs. Aggregates only: nothing about one person leaves here.
"""

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from operator import itemgetter

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.core import calendar
from basisbaan.evaluation.aggregates import MIN_GROUP, ONE_DECIMAL, Figure, count, share
from basisbaan.evaluation.monitor import CONTRACT_STATUSES, dropout_table
from basisbaan.participants import figures
from basisbaan.participants.models import ExitReason, Status, StatusChange

AVERAGE_MONTH_DAYS = 365.25 / 12
MILESTONES = (6, 12, 24, 36)
PERMANENT_WITHIN_MONTHS = 36
# The 97.5th percentile of the standard normal distribution.
Z_975 = 1.959963984540054

RETENTION_DEFINITION = _(
    "Share of the cohort still in service the given number of months after their first day "
    "in service (the first status change to employed), estimated with Kaplan-Meier: people "
    "still in service or long-term sick today count up to today. Cohort: the year of the "
    "first day in service. At risk: people followed at least that long and not yet left. "
    "95% interval: Greenwood's variance on the log-log scale."
)
EXITS_DEFINITION = _(
    "Exits from service (a status change to exited from a temporary or permanent contract or "
    "long-term sickness) since the first day in service, each person's first exit once, by "
    "coded reason, as a share of everyone in the cohort."
)
MEDIAN_PERMANENT_DEFINITION = _(
    "Months from the first day in service to the status change to permanent contract, the "
    "median estimated with Kaplan-Meier: people not yet permanent count up to today, or up to "
    "their exit when they left first."
)
SHARE_PERMANENT_DEFINITION = _(
    "Of everyone whose first day in service lies at least 36 months back: the share who had a "
    "permanent contract within 36 months of it. Leaving before that counts as not permanent."
)


# --- the arithmetic -------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of a Kaplan-Meier curve: at ``time`` ``events`` of the ``at_risk`` people
    had the event; ``survival`` is the estimate from ``time`` on, ``std_error`` Greenwood's
    standard error and ``low``/``high`` the 95 % interval (None where undefined)."""

    time: float
    at_risk: int
    events: int
    survival: float
    std_error: float
    low: float | None
    high: float | None


def loglog_interval(survival: float, greenwood: float) -> tuple[float | None, float | None]:
    """The 95 % interval of a survival estimate on the log-log scale ("exponential
    Greenwood"): ``S ** exp(±z · sqrt(g) / |ln S|)`` with ``g`` Greenwood's sum
    ``Σ d / (n (n - d))``. It stays within 0..1; undefined (None) at S = 0 or 1."""
    if not 0 < survival < 1 or math.isinf(greenwood):
        return None, None
    spread = Z_975 * math.sqrt(greenwood) / abs(math.log(survival))
    return survival ** math.exp(spread), survival ** math.exp(-spread)


def kaplan_meier(durations_and_events: Iterable[tuple[float, bool]]) -> list[Step]:
    """The product-limit estimator of staying (in service) from ``(duration, event)``
    pairs; ``event`` False means censored at ``duration``.

    One step per distinct time with at least one event: ``S(t) = Π (1 - d_i / n_i)`` over
    the event times up to ``t``, with ``n_i`` the people whose duration is at least
    ``t_i`` (a censoring at an event time counts as after the event, the usual
    convention). The interval is Greenwood's variance on the log-log scale
    (:func:`loglog_interval`), not the plain ``S ± 1.96 · SE``.
    """
    pairs = sorted(((float(t), bool(e)) for t, e in durations_and_events), key=itemgetter(0))
    if pairs and pairs[0][0] < 0:
        raise ValueError("a duration cannot be negative")
    at_risk = len(pairs)
    survival, greenwood = 1.0, 0.0
    steps = []
    for time, group in groupby(pairs, key=itemgetter(0)):
        group = list(group)
        events = sum(1 for _time, event in group if event)
        if events:
            survival *= 1 - events / at_risk
            if at_risk > events:
                greenwood += events / (at_risk * (at_risk - events))
            else:
                greenwood = math.inf
            std_error = 0.0 if survival == 0 else survival * math.sqrt(greenwood)
            low, high = loglog_interval(survival, greenwood)
            steps.append(Step(time, at_risk, events, survival, std_error, low, high))
        at_risk -= len(group)
    return steps


def last_step(steps: Sequence[Step], time: float) -> Step | None:
    """The last step at or before ``time`` (None before the first event)."""
    found = None
    for step in steps:
        if step.time > time:
            break
        found = step
    return found


def survival_at(steps: Sequence[Step], time: float) -> float:
    """The estimate ``S(time)`` (1 before the first event)."""
    step = last_step(steps, time)
    return step.survival if step else 1.0


def at_risk_at(durations: Iterable[float], time: float) -> int:
    """People still followed at ``time``: their duration is at least ``time``."""
    return sum(1 for duration in durations if duration >= time)


def median_time(steps: Sequence[Step]) -> float | None:
    """The Kaplan-Meier median: the first time the estimate is at most one half (None when
    the curve never gets there, "not reached")."""
    for step in steps:
        if step.survival <= 0.5:
            return step.time
    return None


def months_between(start: datetime.date, end: datetime.date) -> float:
    """Months from ``start`` to ``end`` (days / the average month of 30.4375 days)."""
    return (end - start).days / AVERAGE_MONTH_DAYS


def _percentage(value: float | None, n: int) -> Figure:
    if value is None:
        return Figure(None, n)
    return Figure(Decimal(repr(value * 100)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP), n)


# --- one cohort ---------------------------------------------------------------------------------


@dataclass
class Point:
    """The curve at a milestone: survival and its interval (percentages) and people at risk."""

    months: int
    survival: Figure
    low: Figure
    high: Figure
    at_risk: Figure


def point(steps: Sequence[Step], durations: Sequence[float], months: int) -> Point:
    """The curve at ``months``: not defined ("–") when nobody was followed that long,
    hidden when 1-4 people are at risk there."""
    at_risk = at_risk_at(durations, months)
    if at_risk == 0:
        empty = Figure(None, 0)
        return Point(months, empty, empty, empty, count(0))
    if at_risk < MIN_GROUP:
        hidden = Figure(None, at_risk, suppressed=True)
        return Point(months, hidden, hidden, hidden, count(at_risk))
    step = last_step(steps, months)
    survival = step.survival if step else 1.0
    low, high = (step.low, step.high) if step else (None, None)
    return Point(
        months,
        _percentage(survival, at_risk),
        _percentage(low, at_risk),
        _percentage(high, at_risk),
        count(at_risk),
    )


@dataclass
class Cohort:
    year: int
    n: int
    people: Figure
    points: list[Point]
    # Exits by coded reason: the rows of ``monitor.dropout_table`` over the cohort.
    exits: list[dict] = field(default_factory=list)
    exits_total: Figure = field(default_factory=lambda: Figure(None, 0))
    exits_share: Figure = field(default_factory=lambda: Figure(None, 0))

    @property
    def suppressed(self) -> bool:
        return self.people.suppressed

    def hide(self) -> "Cohort":
        """The same cohort with every figure hidden."""
        hidden = Figure(None, self.n, suppressed=True)
        return Cohort(
            self.year,
            self.n,
            hidden,
            [Point(p.months, hidden, hidden, hidden, hidden) for p in self.points],
            [{**row, "count": hidden, "share": hidden} for row in self.exits],
            hidden,
            hidden,
        )


def cohort_figures(
    year: int,
    pairs: Sequence[tuple[float, bool]],
    reasons: Sequence[str],
    all_reasons: Iterable[str] = (),
) -> Cohort:
    """One cohort's curve at the milestones and its exits by reason. ``pairs`` are the
    (months, exited) of its people, ``reasons`` the exit reason of each exit;
    ``all_reasons`` lines the exit rows up with the other cohorts'."""
    n = len(pairs)
    by_reason = dict.fromkeys(all_reasons, 0)
    for reason in reasons:
        by_reason[reason] = by_reason.get(reason, 0) + 1
    rows, total, total_share = dropout_table(by_reason, n)
    steps = kaplan_meier(pairs)
    durations = [duration for duration, _event in pairs]
    cohort = Cohort(
        year,
        n,
        count(n),
        [point(steps, durations, months) for months in MILESTONES],
        rows,
        total,
        total_share,
    )
    return cohort.hide() if cohort.suppressed else cohort


def suppress_cohorts(cohorts: list[Cohort]) -> list[Cohort]:
    """Secondary suppression: hidden cohorts must hold ``MIN_GROUP`` people together, else
    the smallest shown cohorts are hidden too."""
    hidden = sum(c.n for c in cohorts if c.suppressed)
    if not hidden:
        return cohorts
    result = list(cohorts)
    shown = sorted((c.n, c.year) for c in cohorts if not c.suppressed)
    while hidden < MIN_GROUP and shown:
        n, year = shown.pop(0)
        index = next(i for i, c in enumerate(result) if c.year == year)
        result[index] = result[index].hide()
        hidden += n
    return result


# --- time to a permanent contract -----------------------------------------------------------


@dataclass
class TimeToPermanent:
    people: Figure
    median: Figure
    median_reached: bool
    within: Figure
    followed: Figure
    within_months: int = PERMANENT_WITHIN_MONTHS
    median_definition: str = MEDIAN_PERMANENT_DEFINITION
    within_definition: str = SHARE_PERMANENT_DEFINITION


def permanent_figures(
    pairs: Sequence[tuple[float, bool]], followed_within: Sequence[bool]
) -> TimeToPermanent:
    """``pairs``: (months to permanent or to censoring, became permanent) per person;
    ``followed_within``: for each person with at least 36 months of follow-up, whether
    they were permanent within 36 months."""
    n = len(pairs)
    people = count(n)
    followed = len(followed_within)
    within = share(sum(followed_within), followed)
    if n == 0:
        return TimeToPermanent(people, Figure(None, 0), False, within, count(followed))
    if n < MIN_GROUP:
        hidden = Figure(None, n, suppressed=True)
        return TimeToPermanent(people, hidden, False, hidden, count(followed))
    median = median_time(kaplan_meier(pairs))
    value = None if median is None else Decimal(repr(median)).quantize(ONE_DECIMAL, ROUND_HALF_UP)
    return TimeToPermanent(people, Figure(value, n), median is not None, within, count(followed))


# --- collecting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """One person's dates: first day in service, first exit and first permanent after it."""

    start: datetime.date
    exit: datetime.date | None
    exit_reason: str
    permanent: datetime.date | None

    def retention(self, today: datetime.date) -> tuple[float, bool]:
        end = self.exit or today
        return months_between(self.start, end), self.exit is not None

    def to_permanent(self, today: datetime.date) -> tuple[float, bool]:
        if self.permanent and (self.exit is None or self.permanent <= self.exit):
            return months_between(self.start, self.permanent), True
        return months_between(self.start, self.exit or today), False


def histories(municipality, today: datetime.date, programme=None) -> list[History]:
    """The dates of everyone whose first day in service lies on or before ``today``."""
    starts = {}
    for row in figures.first_started(municipality, programme):
        day = timezone.localdate(row["first"])
        if day <= today:
            starts[row["participant"]] = day
    changes = StatusChange.objects.filter(
        participant__municipality=municipality, to_status__in=(Status.EXITED, Status.PERMANENT)
    )
    if programme is not None:
        changes = changes.filter(participant__programme=programme)
    exits: dict[int, tuple[datetime.datetime, int, str]] = {}
    permanents: dict[int, datetime.date] = {}
    for pid, at, pk, to_status, from_status, reason in changes.values_list(
        "participant", "at", "pk", "to_status", "from_status", "exit_reason"
    ).order_by():
        day = timezone.localdate(at)
        if pid not in starts or day < starts[pid] or day > today:
            continue
        if to_status == Status.PERMANENT:
            if pid not in permanents or day < permanents[pid]:
                permanents[pid] = day
        elif from_status in CONTRACT_STATUSES and (pid not in exits or (at, pk) < exits[pid][:2]):
            exits[pid] = (at, pk, reason)
    result = []
    for pid, start in starts.items():
        exit_at, _pk, reason = exits.get(pid, (None, 0, ""))
        exit_day = timezone.localdate(exit_at) if exit_at else None
        result.append(History(start, exit_day, reason or "", permanents.get(pid)))
    return result


def cohort_curves(municipality, today: datetime.date, programme=None) -> list[Cohort]:
    """Per cohort (year of the first day in service, oldest first) the retention at the
    milestones and the exits by coded reason, suppressed as the module says."""
    by_year: dict[int, list[History]] = defaultdict(list)
    for history in histories(municipality, today, programme):
        by_year[history.start.year].append(history)
    reasons = {h.exit_reason for people in by_year.values() for h in people if h.exit}
    all_reasons = [*ExitReason.values, *sorted(reasons - set(ExitReason.values))]
    cohorts = [
        cohort_figures(
            year,
            [h.retention(today) for h in people],
            [h.exit_reason for h in people if h.exit],
            all_reasons,
        )
        for year, people in sorted(by_year.items())
    ]
    return suppress_cohorts(cohorts)


def time_to_permanent(municipality, today: datetime.date, programme=None) -> TimeToPermanent:
    """Months from the first day in service to a permanent contract (Kaplan-Meier median)
    and the share permanent within 36 months of those followed that long."""
    people = histories(municipality, today, programme)
    pairs = [h.to_permanent(today) for h in people]
    # Calendar months: a contract made permanent on the day three years are full counts.
    followed_within = [
        h.permanent is not None
        and (h.exit is None or h.permanent <= h.exit)
        and h.permanent <= calendar.months_after(h.start, PERMANENT_WITHIN_MONTHS)
        for h in people
        if calendar.months_after(h.start, PERMANENT_WITHIN_MONTHS) <= today
    ]
    return permanent_figures(pairs, followed_within)


def exit_table(cohorts: Sequence[Cohort]) -> list[dict]:
    """The cohorts' exit rows side by side: per reason its label and per cohort the
    (count, share) figures (every cohort's rows come in the same order)."""
    if not cohorts:
        return []
    rows = []
    for index, row in enumerate(cohorts[0].exits):
        cells = [(c.exits[index]["count"], c.exits[index]["share"]) for c in cohorts]
        rows.append({"reason": row["reason"], "label": row["label"], "cells": cells})
    return rows


def build(municipality, today: datetime.date, programme=None) -> dict:
    """Everything the ``evaluation/_retention.html`` partial shows; include it with
    ``{"retention": build(...)}`` in its context."""
    cohorts = cohort_curves(municipality, today, programme)
    return {
        "today": today,
        "programme": programme,
        "milestones": MILESTONES,
        "cohorts": cohorts,
        "exit_rows": exit_table(cohorts),
        "permanent": time_to_permanent(municipality, today, programme),
        "retention_definition": RETENTION_DEFINITION,
        "exits_definition": EXITS_DEFINITION,
        "min_group": MIN_GROUP,
    }
