"""Figures over a chosen period, shared by the programme monitor's period filter and the
council report.

- **Period**: from ``start`` to ``end``, both included. Without a choice the monitor's
  period is 1 January of this year up to today (``default``).
- **Headcount over time**: :func:`basisbaan.participants.figures.headcounts` at every
  month's end of the period (the definition the rest of the product uses), each count
  suppressed under five people.
- **Under contract in the period**: people whose status at the end of the period's first
  day was employed, permanent or long-term sick, or who changed to one of those during
  the period (by their status history). The base of the period's drop-out share.
- **Sick leave over the period**: sick hours / contracted hours of the approved
  timesheets of the whole weeks (Monday to Sunday) in the period before this week. The
  weeks the period asks for and the weeks with approved timesheets are both kept, so a
  page can say when timesheets cover only part of the period.
"""

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Min, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basisbaan.core import calendar
from basisbaan.evaluation.aggregates import MIN_GROUP, Figure, count, pct
from basisbaan.participants import figures
from basisbaan.participants.models import IN_SERVICE, Status, StatusChange

UNDER_CONTRACT = (*IN_SERVICE, Status.LONG_TERM_SICK)
MAX_QUARTERS = 40

UNDER_CONTRACT_DEFINITION = gettext_lazy(
    "People whose status was employed, permanent or long-term sick on the first day of the "
    "period or became so during it, by their status history."
)
STARTED_DEFINITION = gettext_lazy(
    "First day in service (first status change to employed) in the period; each person once."
)
SICK_LEAVE_DEFINITION = gettext_lazy(
    "Sick hours as a percentage of contracted hours, from the approved timesheets of the "
    "whole weeks (Monday to Sunday) in the period before this week."
)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both included. ``chosen``: the reader chose it (else
    it is the page's default)."""

    start: datetime.date
    end: datetime.date
    chosen: bool = False

    @property
    def label(self) -> str:
        return (
            f"{formats.date_format(self.start, 'j F Y')} – {formats.date_format(self.end, 'j F Y')}"
        )

    def query(self) -> str:
        return f"start={self.start.isoformat()}&end={self.end.isoformat()}"


def default(today: datetime.date) -> Period:
    """1 January of ``today``'s year up to and including ``today``."""
    return Period(calendar.year_start(today), today)


def quick_choices(today: datetime.date, programme=None) -> list[tuple[str, Period]]:
    """The quick choices of the period filter: this year, last year, the last 12 months
    and (with a programme) the whole programme so far."""
    last_year = datetime.date(today.year - 1, 1, 1)
    choices = [
        (_("This year"), Period(calendar.year_start(today), today, True)),
        (_("Last year"), Period(last_year, datetime.date(today.year - 1, 12, 31), True)),
        (
            _("Last 12 months"),
            Period(calendar.add_years(today, -1) + datetime.timedelta(days=1), today, True),
        ),
    ]
    if programme is not None and programme.start_date <= today:
        choices.append((_("Whole programme"), Period(programme.start_date, today, True)))
    return choices


def quarters_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    """The quarters from ``start``'s up to ``end``'s (at most the last ``MAX_QUARTERS``)."""
    first = (start.year, (start.month - 1) // 3 + 1)
    year, quarter = end.year, (end.month - 1) // 3 + 1
    result = []
    while (year, quarter) >= first and len(result) < MAX_QUARTERS:
        result.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return result[::-1]


def years_of(period: Period) -> list[tuple[int, datetime.date, datetime.date]]:
    """Each calendar year the period touches, cut to the period: (year, first, last)."""
    return [
        (
            year,
            max(period.start, datetime.date(year, 1, 1)),
            min(period.end, datetime.date(year, 12, 31)),
        )
        for year in range(period.start.year, period.end.year + 1)
    ]


# --- headcount over time ----------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    day: datetime.date
    in_service: Figure
    permanent: Figure


def headcount_series(municipality, start, end, programme=None) -> list[Point]:
    """The headcount at every month's end from ``start``'s month up to ``end`` (``end``
    itself closes the list), from :func:`figures.headcounts`; 1-4 people are hidden."""
    days = figures.month_ends(start, end)
    return [
        Point(row.day, count(row.in_service), count(row.permanent))
        for row in figures.headcounts(municipality, days, programme)
    ]


# --- who was under contract -----------------------------------------------------------


def _timelines(municipality, programme=None) -> dict[int, list[tuple]]:
    changes = StatusChange.objects.filter(participant__municipality=municipality)
    if programme is not None:
        changes = changes.filter(participant__programme=programme)
    timelines: dict[int, list[tuple]] = defaultdict(list)
    for participant, at, pk, status in changes.values_list(
        "participant", "at", "pk", "to_status"
    ).order_by():
        timelines[participant].append((timezone.localdate(at), pk, status))
    return {pid: sorted(timeline) for pid, timeline in timelines.items()}


def under_contract(municipality, start, end, programme=None) -> set[int]:
    """The ids of the people under contract at some time in the period (see the module)."""
    result = set()
    for pid, timeline in _timelines(municipality, programme).items():
        index = bisect.bisect_right(timeline, (start, float("inf"), ""))
        if index and timeline[index - 1][2] in UNDER_CONTRACT:
            result.add(pid)
            continue
        if any(start < day <= end and status in UNDER_CONTRACT for day, _pk, status in timeline):
            result.add(pid)
    return result


# --- sick leave -------------------------------------------------------------------------


@dataclass
class SickLeave:
    figure: Figure
    first_week: datetime.date | None  # the period's first whole week (its Monday)
    last_week: datetime.date | None  # its last whole week before this week
    first_sheet: datetime.date | None  # the first week with approved timesheets
    last_sheet: datetime.date | None
    definition: str = SICK_LEAVE_DEFINITION

    @property
    def partial(self) -> bool:
        """Approved timesheets cover only part of the period's weeks (or none)."""
        if self.first_week is None:
            return False
        if self.first_sheet is None:
            return True
        return self.first_sheet > self.first_week or self.last_sheet < self.last_week

    @property
    def coverage(self) -> str:
        """A sentence when timesheets cover only part of the period ('' otherwise)."""
        if not self.partial:
            return ""
        if self.first_sheet is None:
            return _("There are no approved timesheets in this period: sick leave is unknown.")
        return _(
            "Approved timesheets exist only for the weeks from %(first)s to %(last)s; "
            "the sick leave covers those weeks."
        ) % {
            "first": calendar.week_label(self.first_sheet),
            "last": calendar.week_label(self.last_sheet),
        }


def whole_weeks(start, end, today) -> tuple[datetime.date, datetime.date] | None:
    """The Mondays of the first and the last whole week in the period before this week."""
    first = calendar.monday(start)
    if first < start:
        first += calendar.WEEK
    last = calendar.monday(end + datetime.timedelta(days=1)) - calendar.WEEK
    last = min(last, calendar.monday(today) - calendar.WEEK)
    return (first, last) if first <= last else None


def sick_leave(municipality, start, end, today, programme=None) -> SickLeave:
    """Sick leave over the whole weeks of the period (see the module)."""
    from basisbaan.guidance.models import HourKind, Timesheet, TimesheetLine

    weeks = whole_weeks(start, end, today)
    if weeks is None:
        return SickLeave(Figure(None, 0), None, None, None, None)
    sheets = Timesheet.objects.filter(
        participant__municipality=municipality,
        status=Timesheet.Status.APPROVED,
        week_start__gte=weeks[0],
        week_start__lte=weeks[1],
    )
    if programme is not None:
        sheets = sheets.filter(participant__programme=programme)
    span = sheets.aggregate(
        first=Min("week_start"), last=Max("week_start"), contracted=Sum("contract_hours")
    )
    sick = TimesheetLine.objects.filter(timesheet__in=sheets, kind=HourKind.SICK).aggregate(
        total=Sum("hours")
    )["total"]
    people = sheets.values("participant").distinct().count()
    if people == 0:
        figure = Figure(None, 0)
    elif people < MIN_GROUP:
        figure = Figure(None, people, suppressed=True)
    else:
        figure = Figure(pct(sick or 0, span["contracted"] or 0), people)
    return SickLeave(figure, weeks[0], weeks[1], span["first"], span["last"])
