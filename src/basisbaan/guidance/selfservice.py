"""Participant self-service ("Mijn basisbaan"): what a participant reads about their own
job on their phone. Hours and an estimate of gross pay per month, the places they work
this and next published week with a contact person and a route link, their contract and
their coach. Reports and requests go through ``guidance.sickness`` and ``guidance.leave``,
exactly as staff's do.

Nothing here looks at another person: every function takes the participant the view
found in the user's own scope.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import F, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats

from basisbaan.core import calendar
from basisbaan.guidance.models import HourKind, SicknessCase, TimesheetLine
from basisbaan.guidance.payroll import contracted_for_month
from basisbaan.tenants import wages

CENT = Decimal("0.01")
ZERO = Decimal("0")
PAY_MONTHS = 6
ROUTE_PLANNER = "https://www.openstreetmap.org/directions"


# --- Dutch figures ------------------------------------------------------------------------


def euro(amount: Decimal | None) -> str:
    """``€ 1.234,56`` in the active language's separators; ``–`` when unknown."""
    if amount is None:
        return "–"
    text = formats.number_format(
        Decimal(amount).quantize(CENT), decimal_pos=2, use_l10n=True, force_grouping=True
    )
    return f"€ {text}"


def hours(amount) -> str:
    """Hours as ``12,5`` (no decimals for whole hours)."""
    value = Decimal(str(amount or 0)).quantize(Decimal("0.01")).normalize()
    places = max(0, -value.as_tuple().exponent)
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


# --- sickness -------------------------------------------------------------------------------


def open_case(participant) -> SicknessCase | None:
    return SicknessCase.objects.filter(participant=participant, recovered_on__isnull=True).first()


def recovery_default(case: SicknessCase, today: datetime.date) -> datetime.date:
    """The first day back at work to suggest: today, or tomorrow when sick since today."""
    return max(today, case.first_sick_day + datetime.timedelta(days=1))


# --- hours and pay ----------------------------------------------------------------------------


@dataclass
class MonthPay:
    month: datetime.date
    contracted: Decimal = ZERO
    worked: Decimal = ZERO
    sick: Decimal = ZERO
    leave: Decimal = ZERO
    other: Decimal = ZERO
    gross: Decimal | None = ZERO
    running: bool = False  # the month is not over yet
    wages: list = field(default_factory=list)  # the hourly wages that applied

    @property
    def gross_text(self) -> str:
        return euro(self.gross)

    @property
    def hourly_text(self) -> str:
        return " / ".join(euro(w) for w in self.wages) if self.wages else "–"


def _contracts(participant) -> list:
    return sorted(
        participant.contracts.select_related("employer"),
        key=lambda c: c.start_date,
        reverse=True,
    )


def pay_per_month(participant, today: datetime.date | None = None, months: int = PAY_MONTHS):
    """Hours (approved timesheets) and the estimated gross wage per month, newest first.

    The wage is paid for the contract hours whatever is planned or worked: per weekday a
    contract runs, its hours per week / 5, at the hourly wage of that day (the minimum
    wage then, plus the contract's supplement). Holiday allowance is not included.
    """
    today = today or calendar.today()
    this_month = calendar.month_start(today)
    first = calendar.add_months(this_month, 1 - months)
    last = calendar.month_end(this_month)
    result = {
        calendar.add_months(first, i): MonthPay(calendar.add_months(first, i))
        for i in range(months)
    }
    rows = (
        TimesheetLine.objects.filter(
            timesheet__participant=participant,
            timesheet__status="approved",
            date__range=(first, last),
        )
        .annotate(period=TruncMonth("date"))
        .values("period", "kind")
        .annotate(total=Sum("hours"))
    )
    for row in rows:
        period = row["period"]
        if isinstance(period, datetime.datetime):
            period = period.date()
        entry = result.get(period)
        if entry is None:
            continue
        if row["kind"] == HourKind.WORKED:
            entry.worked += row["total"]
        elif row["kind"] == HourKind.SICK:
            entry.sick += row["total"]
        elif row["kind"] == HourKind.LEAVE:
            entry.leave += row["total"]
        else:
            entry.other += row["total"]

    contracts = _contracts(participant)
    spans = [(c.start_date, c.end_date, c.hours_per_week) for c in contracts]
    tables = wages.Tables()
    periods = {}
    for contract in contracts:
        try:
            periods[contract.pk] = contract.wage_periods(first, last, tables)
        except LookupError:
            periods[contract.pk] = None
    for month, entry in result.items():
        entry.contracted = contracted_for_month(spans, month)
        entry.running = month == this_month
        gross, seen = ZERO, []
        day = month
        while day <= calendar.month_end(month) and gross is not None:
            if day.weekday() < 5:
                contract = next((c for c in contracts if c.is_active_on(day)), None)
                if contract is not None:
                    found = periods[contract.pk]
                    period = next((p for p in found or [] if p.start <= day <= p.end), None)
                    if period is None:
                        gross = None
                        break
                    gross += Decimal(contract.hours_per_week) / 5 * period.hourly
                    if period.hourly not in seen:
                        seen.append(period.hourly)
            day += datetime.timedelta(days=1)
        entry.gross = gross.quantize(CENT) if gross is not None else None
        entry.wages = seen
    shown = [e for e in result.values() if e.contracted or e.worked or e.sick or e.leave]
    return sorted(shown, key=lambda e: e.month, reverse=True)


# --- where I work ---------------------------------------------------------------------------


def route_url(address: str) -> str:
    """A route planner link to ``address`` (OpenStreetMap; no script, no tracking)."""
    return f"{ROUTE_PLANNER}?{urlencode({'to': address})}"


def work_places(participant, today: datetime.date | None = None) -> list[dict]:
    """The places of the participant's tasks in this and next week (published plans
    only): task, organisation, address, the organisation's contact person, route link."""
    from basisbaan.planning.models import Assignment

    today = today or calendar.today()
    monday = calendar.monday(today)
    rows = (
        Assignment.objects.filter(
            participant=participant,
            version__week__municipality=participant.municipality,
            version__week__week_start__in=[monday, monday + datetime.timedelta(days=7)],
            version__week__published__isnull=False,
            version__week__published=F("version"),
            task__isnull=False,
        )
        .select_related("task__organisation", "task__neighbourhood", "task__category")
        .order_by("date", "start")
    )
    places: dict[int, dict] = {}
    for row in rows:
        task = row.task
        place = places.get(task.pk)
        if place is None:
            # The task's work address where it has one; else the organisation in its
            # neighbourhood, and the route planner gets the neighbourhood and the town.
            area = f"{task.address or task.neighbourhood.name}, {participant.municipality.name}"
            address = f"{task.organisation.name}, {area}" if task.organisation else area
            contact = task.organisation.contacts.first() if task.organisation else None
            place = places[task.pk] = {
                "task": task,
                "organisation": task.organisation,
                "pictogram": task.category.pictogram,
                "address": address,
                "route_url": route_url(area),
                "contact": contact,
                "days": [],
            }
        if row.date not in place["days"]:
            place["days"].append(row.date)
    return list(places.values())


def guidance_contact(participant):
    """The contact person of the participant's guidance organisation (or None)."""
    organisation = participant.guidance_organisation
    return organisation.contacts.first() if organisation else None
