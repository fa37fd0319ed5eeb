"""A budget against the programme's real costs: used, forecast, paid, co-financing.

- **Used**: the cost of the contracts from the budget's start up to today (or its end),
  computed as in :mod:`basisbaan.finance.costing` per contract: its hours, its wage on
  each day (the minimum wage plus supplement), the employer's terms, the guidance fee of
  the participant's guidance organisation and the coaching rate.
- **Forecast**: used plus the contracts running today continued to the budget's end
  (a temporary contract is assumed to be renewed), at today's rates.
- **Paid**: the wage cost of the locked payroll months in the period (contracted hours ×
  the exported hourly wage × allowances and charges).
- **Paid hours without planned work**: per published planning week, the contract hours
  that the published plan leaves open; they are paid whether or not there is work.
- **Routes**: for a budget of a programme with activation routes (the Werkprogramma), the
  routes' costs (:mod:`basisbaan.werkprogramma.costs`) are part of used and forecast, and
  each route's used and forecast stand against the budget lines given for that route.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from basisbaan.core import calendar
from basisbaan.finance.costing import (
    CENT,
    ZERO,
    CostError,
    Piece,
    Rates,
    Totals,
    Used,
    cost_piece,
    pieces,
)
from basisbaan.finance.models import Budget, CostKind, Pledge
from basisbaan.guidance.models import CheckIn, PayrollLine
from basisbaan.participants.models import EmploymentContract
from basisbaan.planning import ids
from basisbaan.planning.models import PlanningWeek
from basisbaan.tenants.wages import row_on, terms_of
from basisbaan.werkprogramma.costs import RouteCost, route_costs
from basisbaan.werkprogramma.models import Route

HUNDRED = Decimal(100)
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class MonthRow:
    month: datetime.date
    used: Decimal = ZERO
    forecast: Decimal = ZERO
    paid: Decimal = ZERO
    cumulative: Decimal = ZERO

    @property
    def in_future(self) -> bool:
        return self.forecast > 0 and self.used == 0


@dataclass
class RouteLine:
    """One route of a Werkprogramma budget: its budget lines against its cost."""

    cost: RouteCost
    budget: Decimal

    @property
    def left(self) -> Decimal:
        return self.budget - self.cost.used

    @property
    def over(self) -> bool:
        return self.cost.committed > self.budget


@dataclass
class Status:
    budget: Budget
    today: datetime.date
    total: Decimal
    by_source: list[tuple[str, Decimal]]
    by_kind: dict[str, Decimal]
    used: Totals
    forecast: Totals
    paid: Decimal
    unplanned_hours: Decimal
    unplanned_cost: Decimal
    planned_weeks: int
    pledged: Decimal
    received: Decimal
    months: list[MonthRow]
    jobs_now: int
    jobs_in_period: int
    problems: list[str] = field(default_factory=list)
    routes: list[RouteLine] = field(default_factory=list)
    unassigned: Decimal = ZERO  # lines of a route budget given for no route

    @property
    def people_in_routes(self) -> int:
        return sum(line.cost.open_now for line in self.routes)

    @property
    def started_in_routes(self) -> int:
        return sum(line.cost.started for line in self.routes)

    def against_budget(self, totals: Totals) -> Decimal:
        """What the budget pays of ``totals``: the whole cost, or for a budget that pays
        the net cost, the cost less the bijstand saved."""
        if self.budget.net_of_bijstand:
            return totals.total_cost - totals.bijstand_saved
        return totals.total_cost

    @property
    def spent(self) -> Decimal:
        """Used so far, as the budget counts it."""
        return self.against_budget(self.used).quantize(CENT)

    @property
    def to_come(self) -> Decimal:
        """The forecast from tomorrow to the period's end, as the budget counts it."""
        return self.against_budget(self.forecast).quantize(CENT)

    @property
    def committed(self) -> Decimal:
        return self.spent + self.to_come

    @property
    def left(self) -> Decimal:
        return self.total - self.spent

    @property
    def used_pct(self) -> Decimal | None:
        if not self.total:
            return None
        return (100 * self.spent / self.total).quantize(Decimal("0.1"))

    @property
    def elapsed_pct(self) -> Decimal:
        b = self.budget
        days = (b.end_date - b.start_date).days + 1
        gone = (min(self.today, b.end_date) - b.start_date).days + 1
        return (Decimal(100) * max(0, min(gone, days)) / days).quantize(Decimal("0.1"))

    @property
    def runs_out_in(self) -> datetime.date | None:
        """The month in which used plus forecast passes the budget, if it does."""
        for row in self.months:
            if row.cumulative > self.total:
                return row.month
        return None

    @property
    def net_cost(self) -> Decimal:
        # the co-financing received is in ``used`` (see ``status``)
        return (self.used.net_cost + self.forecast.net_cost).quantize(CENT)

    @property
    def warning(self) -> str | None:
        month = self.runs_out_in
        if month is None:
            return None
        dates = {"month": month.strftime("%m-%Y"), "end": self.budget.end_date.strftime("%d-%m-%Y")}
        if self.budget.end_date < self.today:
            return _("The budget ran out in %(month)s, before its end on %(end)s.") % dates
        message = _(
            "At the current contracts the budget runs out in %(month)s, before its end on %(end)s."
        )
        return message % dates


def _households(participant_ids) -> dict[int, str]:
    """Each participant's household from their latest check-in (single when unknown)."""
    latest: dict[int, str] = {}
    for pid, household in (
        CheckIn.objects.filter(participant_id__in=participant_ids)
        .exclude(household="")
        .order_by("date", "pk")
        .values_list("participant_id", "household")
    ):
        latest[pid] = household
    return latest


def contracts_in(budget: Budget, start: datetime.date, end: datetime.date):
    return (
        EmploymentContract.objects.filter(
            participant__municipality=budget.municipality,
            participant__programme=budget.programme,
            start_date__lte=end,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("participant", "employer")
    )


def _cost_contract(
    rates_for, contract, start, end, single_share, used_rows: Used, by_month, slot: str, net: bool
) -> Totals:
    totals = Totals()
    rates = rates_for(contract.employer)
    for piece in pieces(start, end, rates.change_dates()):
        part = cost_piece(
            rates,
            piece,
            Decimal(1),
            Decimal(contract.hours_per_week),
            single_share,
            used_rows,
            supplement=contract.wage_supplement_eur,
            organisation_id=contract.participant.guidance_organisation_id,
        )
        totals.add(part)
        month = piece.start.replace(day=1)
        amount = part.total_cost - (part.bijstand_saved if net else ZERO)
        setattr(by_month[month], slot, getattr(by_month[month], slot) + amount)
    return totals


def status(budget: Budget, today: datetime.date | None = None) -> Status:
    """The budget's state on ``today``: what it holds, what is used and forecast."""
    today = today or calendar.today()
    municipality = budget.municipality
    lines = list(budget.lines.select_related("source"))
    total = sum((line.amount_eur for line in lines), ZERO)
    by_source: dict[str, Decimal] = defaultdict(Decimal)
    by_kind: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        by_source[line.source.name] += line.amount_eur
        by_kind[line.cost_kind] += line.amount_eur
    cache: dict[int | None, Rates] = {}

    def rates_for(employer) -> Rates:
        key = employer.pk if employer else None
        if key not in cache:
            cache[key] = Rates.of(municipality, employer)
        return cache[key]

    contracts = list(contracts_in(budget, budget.start_date, budget.end_date))
    households = _households([c.participant_id for c in contracts])
    by_month: dict[datetime.date, MonthRow] = {}
    month = budget.start_date.replace(day=1)
    while month <= budget.end_date:
        by_month[month] = MonthRow(month)
        month = calendar.next_month(month)
    used_rows = Used()
    used, forecast = Totals(), Totals()
    problems: set[str] = set()
    until = min(today, budget.end_date)
    people_in_period, people_now = set(), set()
    for contract in contracts:
        single = Decimal(0) if households.get(contract.participant_id) == "couple" else Decimal(1)
        first = max(contract.start_date, budget.start_date)
        last = min(contract.end_date or budget.end_date, until)
        people_in_period.add(contract.participant_id)
        try:
            if first <= last:
                used.add(
                    _cost_contract(
                        rates_for,
                        contract,
                        first,
                        last,
                        single,
                        used_rows,
                        by_month,
                        "used",
                        budget.net_of_bijstand,
                    )
                )
            if contract.is_active_on(today) and budget.runs_on(today):
                people_now.add(contract.participant_id)
            if contract.is_active_on(today) and today < budget.end_date:
                begin = max(today + ONE_DAY, contract.start_date, budget.start_date)
                forecast.add(
                    _cost_contract(
                        rates_for,
                        contract,
                        begin,
                        budget.end_date,
                        single,
                        used_rows,
                        by_month,
                        "forecast",
                        budget.net_of_bijstand,
                    )
                )
        except CostError as error:
            problems.add(str(error))
    route_lines, unassigned = _routes(budget, lines, today, used, forecast, by_month)
    paid = _paid(budget, rates_for)
    for month, amount in paid.items():
        if month in by_month:
            by_month[month].paid = amount
    running = ZERO
    months = []
    for month in sorted(by_month):
        row = by_month[month]
        running += row.used + row.forecast
        row.cumulative = running
        months.append(row)
    unplanned, unplanned_cost, weeks = _unplanned(budget, rates_for, until)
    pledges = list(budget.pledges.filter(status=Pledge.Status.PLEDGED).prefetch_related("receipts"))
    received = sum((p.received for p in pledges), ZERO)
    used.cofinancing = received
    return Status(
        budget=budget,
        today=today,
        total=total,
        by_source=sorted(by_source.items()),
        by_kind={kind: by_kind.get(kind, ZERO) for kind in CostKind.values},
        used=used,
        forecast=forecast,
        paid=sum(paid.values(), ZERO).quantize(CENT),
        unplanned_hours=unplanned,
        unplanned_cost=unplanned_cost,
        planned_weeks=weeks,
        pledged=sum((p.amount_eur for p in pledges), ZERO),
        received=received,
        months=months,
        jobs_now=len(people_now),
        jobs_in_period=len(people_in_period),
        problems=sorted(problems),
        routes=route_lines,
        unassigned=unassigned,
    )


def _routes(budget, lines, today, used: Totals, forecast: Totals, by_month):
    """The routes' costs of a Werkprogramma budget, added to used, forecast and the
    months; returns the route lines and the budget given for no route."""
    routes = list(Route.objects.filter(programme=budget.programme).order_by("order", "pk"))
    if not routes:
        return [], ZERO
    given: dict[int | None, Decimal] = defaultdict(Decimal)
    for line in lines:
        given[line.route_id] += line.amount_eur
    result = []
    for cost in route_costs(routes, budget.start_date, budget.end_date, today):
        used.route_cost += cost.used
        forecast.route_cost += cost.forecast
        for month, (spent, coming) in cost.by_month.items():
            if month in by_month:
                by_month[month].used += spent
                by_month[month].forecast += coming
        result.append(RouteLine(cost=cost, budget=given.get(cost.route.pk, ZERO)))
    return result, given.get(None, ZERO)


def _paid(budget: Budget, rates_for) -> dict[datetime.date, Decimal]:
    """Wage cost of the locked payroll months in the period, per month."""
    paid: dict[datetime.date, Decimal] = defaultdict(Decimal)
    terms = terms_of(budget.programme.employer)
    lines = PayrollLine.objects.filter(
        export__municipality=budget.municipality,
        participant__programme=budget.programme,
        period__range=(budget.start_date.replace(day=1), budget.end_date),
        hourly_wage__isnull=False,
    ).values_list("period", "contracted", "hourly_wage")
    for period, contracted, hourly in lines:
        applied = row_on(terms, period)
        if applied is None:
            continue
        factor = (1 + (applied.holiday_allowance_pct + applied.other_components_pct) / HUNDRED) * (
            1 + applied.employer_charges_pct / HUNDRED
        )
        paid[period] += (contracted * hourly * factor).quantize(CENT)
    return dict(paid)


def _unplanned(budget: Budget, rates_for, until: datetime.date) -> tuple[Decimal, Decimal, int]:
    """Contract hours that published plans left without work (hours, cost, weeks)."""
    weeks = PlanningWeek.objects.filter(
        municipality=budget.municipality,
        week_start__range=(budget.start_date, until),
        published__isnull=False,
    ).select_related("published")
    rates = rates_for(budget.programme.employer)
    hours_total, cost_total, count = ZERO, ZERO, 0
    for week in weeks:
        version = week.published
        planned: dict[int, Decimal] = defaultdict(Decimal)
        for participant_id, start, end in version.assignments.values_list(
            "participant_id", "start", "end"
        ):
            minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
            planned[participant_id] += Decimal(minutes) / 60
        open_hours = ZERO
        for person in version.instance.get("participants", []):
            pid = ids.participant_pk(person["id"])
            gap = Decimal(str(person["contract_hours"])) - planned.get(pid, ZERO)
            if gap > 0:
                open_hours += gap
        if not open_hours:
            count += 1
            continue
        try:
            part = cost_piece(
                rates,
                Piece(week.week_start, week.week_start + datetime.timedelta(days=6)),
                Decimal(1),
                open_hours,
                Decimal(1),
                Used(),
            )
        except CostError:
            continue
        hours_total += open_hours
        cost_total += part.wage_cost
        count += 1
    return hours_total.quantize(CENT), cost_total.quantize(CENT), count


def running_budget(municipality, today: datetime.date) -> Budget | None:
    """The budget of the municipality's that runs today (the shortest, if several)."""
    budgets = [
        b
        for b in Budget.objects.filter(
            municipality=municipality, start_date__lte=today, end_date__gte=today
        )
    ]
    return min(budgets, key=lambda b: b.end_date - b.start_date) if budgets else None
