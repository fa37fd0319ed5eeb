"""The Werkprogramma's figures: progress to the target per route and per quarter, inflow
prevented, throughput, outflow and whether it lasted.

Thin queries fetch plain rows (``rows``); the rest is arithmetic on them (``compute``),
so a test can hand-make rows or compare with a direct database count. Groups of 1-4
people are suppressed (``suppress``) for everyone but programme staff.
"""

import dataclasses
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from basisbaan.core import calendar
from basisbaan.tenants.models import Programme
from basisbaan.werkprogramma.models import (
    Enrolment,
    Outcome,
    OutcomeFollowUp,
    Route,
    StepProgress,
)

PERIOD_YEARS = 3
DEFAULT_TARGET = 500
SMALL_GROUP = range(1, 5)
# Outcomes that take a person out of bijstand (or keep them out): outflow.
OUTFLOW = (Outcome.WORK, Outcome.BASISBAAN, Outcome.EDUCATION)

DEFINITIONS = {
    "activated": _(
        "Activated: different people who started a route within the programme period "
        "(the target counts people, not enrolments)."
    ),
    "started": _("Started: enrolments with their enrolment date in the period or quarter."),
    "active": _(
        "Active: enrolments open today (no outcome recorded, not stopped); per quarter: "
        "open at the end of the quarter (today for the current one)."
    ),
    "outcomes": _(
        "Outcomes: enrolments closed with that outcome, counted in the quarter of the "
        "outcome date; stopped enrolments count as exit without outcome."
    ),
    "prevented": _(
        "Inflow prevented: people in the prevention route with UWV whose result is that "
        "they did not enter bijstand after their WW ended."
    ),
    "throughput": _(
        "Throughput: route steps done (by the date they were done); overdue: open steps "
        "past their due date today."
    ),
    "outflow": _(
        "Outflow: enrolments ending in regular work, a basisbaan or education "
        "(out of bijstand or on the way out)."
    ),
    "durability": _(
        "Durability: of the follow-ups recorded 6 and 12 months after an outflow outcome, "
        "those where the person was still in work, basisbaan or education."
    ),
}


def suppress(value: int, full: bool) -> int | str:
    """A count of 1-4 people shows as "<5" unless ``full`` (programme staff)."""
    if not full and value in SMALL_GROUP:
        return "<5"
    return value


def period(programme: Programme) -> tuple[datetime.date, datetime.date]:
    """The programme period: its start up to its end date, or three years."""
    end = programme.end_date or (
        calendar.add_years(programme.start_date, PERIOD_YEARS) - datetime.timedelta(days=1)
    )
    return programme.start_date, end


def target(programme: Programme, today: datetime.date) -> int:
    parameters = (
        programme.parameters_on(today) or programme.parameters.order_by("valid_from").first()
    )
    if parameters is not None and parameters.target_jobs:
        return parameters.target_jobs
    total = sum(Route.objects.filter(programme=programme).values_list("target", flat=True))
    return total or DEFAULT_TARGET


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_last_day(year: int, q: int) -> datetime.date:
    return calendar.month_end(datetime.date(year, 3 * q, 1))


def quarters(first: datetime.date, last: datetime.date) -> list[tuple[int, int]]:
    found, year, q = [], *quarter_of(first)
    end = quarter_of(last)
    while (year, q) <= end:
        found.append((year, q))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return found


@dataclass
class Row:
    """One enrolment, as the figures need it."""

    participant: int
    route: int
    status: str
    enrolled_on: datetime.date
    outcome: str = ""
    outcome_on: datetime.date | None = None
    bijstand_result: str = ""


@dataclass
class Figures:
    target: int
    start: datetime.date
    end: datetime.date
    today: datetime.date
    activated: int = 0
    started: int = 0
    active: int = 0
    outcomes: dict = field(default_factory=dict)
    per_route: list = field(default_factory=list)
    per_quarter: list = field(default_factory=list)
    prevented: int = 0
    prevention_entered: int = 0
    steps_done: int = 0
    steps_overdue: int = 0
    outflow: int = 0
    durability: list = field(default_factory=list)

    @property
    def progress_pct(self) -> int | None:
        if not isinstance(self.activated, int):
            return None
        return round(100 * self.activated / self.target) if self.target else 0

    @property
    def elapsed_pct(self) -> int:
        total = (self.end - self.start).days + 1
        done = (min(self.today, self.end) - self.start).days + 1
        return max(0, min(100, round(100 * done / total))) if total > 0 else 0


def rows(programme: Programme) -> list[Row]:
    fields = (
        "participant_id",
        "route_id",
        "status",
        "enrolled_on",
        "outcome",
        "outcome_on",
        "bijstand_result",
    )
    return [
        Row(*values)
        for values in Enrolment.objects.filter(route__programme=programme)
        .order_by("pk")
        .values_list(*fields)
    ]


def _outcome_of(row: Row) -> str:
    if row.status == Enrolment.Status.STOPPED:
        return Outcome.NO_OUTCOME
    return row.outcome if row.status == Enrolment.Status.DONE else ""


def compute(
    enrolments: list[Row],
    route_list: list[Route],
    *,
    target_people: int,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    steps: tuple[int, int] = (0, 0),
    follow_ups: dict | None = None,
) -> Figures:
    """Arithmetic only: the figures of ``enrolments`` within ``start``..``end``."""
    last = min(today, end)
    in_period = [r for r in enrolments if start <= r.enrolled_on <= last]
    figures = Figures(target=target_people, start=start, end=end, today=today)
    figures.activated = len({r.participant for r in in_period})
    figures.started = len(in_period)
    figures.active = sum(r.status == Enrolment.Status.ACTIVE for r in in_period)
    closed = [r for r in in_period if _outcome_of(r)]
    figures.outcomes = dict(Counter(_outcome_of(r) for r in closed))
    figures.outflow = sum(_outcome_of(r) in OUTFLOW for r in closed)
    for route in route_list:
        mine = [r for r in in_period if r.route == route.pk]
        outcomes = Counter(_outcome_of(r) for r in mine if _outcome_of(r))
        figures.per_route.append(
            {
                "route": route,
                "target": route.target,
                "people": len({r.participant for r in mine}),
                "started": len(mine),
                "active": sum(r.status == Enrolment.Status.ACTIVE for r in mine),
                "outcomes": [outcomes.get(kind, 0) for kind in Outcome.values],
            }
        )
        if route.kind == Route.Kind.PREVENTION:
            figures.prevented += sum(
                r.bijstand_result == Enrolment.BijstandResult.NOT_ENTERED for r in mine
            )
            figures.prevention_entered += sum(
                r.bijstand_result == Enrolment.BijstandResult.ENTERED for r in mine
            )
    for year, q in quarters(start, last):
        started = [r for r in in_period if quarter_of(r.enrolled_on) == (year, q)]
        ended = Counter(
            _outcome_of(r) for r in closed if r.outcome_on and quarter_of(r.outcome_on) == (year, q)
        )
        quarter_end = min(last, quarter_last_day(year, q))
        figures.per_quarter.append(
            {
                "label": f"{year} Q{q}",
                "started": len(started),
                "active": sum(
                    r.enrolled_on <= quarter_end
                    and (not _outcome_of(r) or (r.outcome_on and r.outcome_on > quarter_end))
                    for r in in_period
                ),
                "people": len({r.participant for r in started}),
                "outcomes": [ended.get(kind, 0) for kind in Outcome.values],
            }
        )
    figures.steps_done, figures.steps_overdue = steps
    for months, counts in sorted((follow_ups or {}).items()):
        figures.durability.append({"months": months, **counts})
    return figures


def programme_figures(programme: Programme, today: datetime.date | None = None) -> Figures:
    """The figures of ``programme`` from the database (a handful of thin queries)."""
    today = today or calendar.today()
    start, end = period(programme)
    last = min(today, end)
    route_list = list(Route.objects.filter(programme=programme).order_by("order", "pk"))
    in_period = Q(enrolment__route__programme=programme) & Q(
        enrolment__enrolled_on__range=(start, last)
    )
    steps = StepProgress.objects.filter(in_period).aggregate(
        done=Count("pk", filter=Q(done_on__isnull=False)),
        overdue=Count(
            "pk",
            filter=Q(done_on__isnull=True, due_on__lt=today, enrolment__status="active"),
        ),
    )
    follow_ups = {}
    for months in (6, 12):
        counts = OutcomeFollowUp.objects.filter(
            in_period, months=months, enrolment__outcome__in=OUTFLOW
        ).aggregate(
            due=Count("pk", filter=Q(due_on__lte=today)),
            recorded=Count("pk", filter=~Q(lasted="")),
            lasted=Count("pk", filter=Q(lasted=OutcomeFollowUp.Lasted.YES)),
        )
        follow_ups[months] = counts
    return compute(
        rows(programme),
        route_list,
        target_people=target(programme, today),
        start=start,
        end=end,
        today=today,
        steps=(steps["done"], steps["overdue"]),
        follow_ups=follow_ups,
    )


def suppressed(figures: Figures, full: bool) -> Figures:
    """A copy of ``figures`` with every count of 1-4 shown as "<5" (unless ``full``)."""
    if full:
        return figures

    def hide(value):
        if isinstance(value, list):
            return [hide(v) for v in value]
        if isinstance(value, dict):
            return {
                k: v if k in ("route", "label", "months", "target") else hide(v)
                for k, v in value.items()
            }
        return suppress(value, False) if isinstance(value, int) else value

    copy = dataclasses.replace(figures)
    for name in (
        "activated",
        "started",
        "active",
        "outcomes",
        "per_route",
        "per_quarter",
        "prevented",
        "prevention_entered",
        "steps_done",
        "steps_overdue",
        "outflow",
        "durability",
    ):
        setattr(copy, name, hide(getattr(figures, name)))
    return copy


def outcome_labels() -> list[str]:
    return [label for _value, label in Outcome.choices]
