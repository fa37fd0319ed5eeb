"""What the Werkprogramma's routes cost over a period.

A route has two cost parameters that programme staff set on the routes page:

- **per person enrolled**, once, in the month of enrolment (intake, the scan, training,
  the learning company's fee);
- **per person per month** in the route, for every day between enrolment and outcome
  (coaching, the job coach): a day costs the monthly amount x 12 / 365.

**Used** counts enrolments up to today (or the period's end); the **forecast** continues
the enrolments open today at the monthly cost to the period's end. New enrolments are not
forecast: the budget page shows what the people in the routes now commit, as it does for
basisbaan contracts. Arithmetic only; finance counts the result against a budget.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from basisbaan.core import calendar
from basisbaan.werkprogramma.figures import OUTFLOW
from basisbaan.werkprogramma.models import Enrolment, Route

ZERO = Decimal(0)
CENT = Decimal("0.01")
DAY_SHARE = Decimal(12) / Decimal(365)
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class RouteCost:
    route: Route
    started: int = 0  # enrolments with their enrolment date in the period (up to today)
    people: int = 0  # different people among them
    outflow: int = 0  # of those, closed with an outflow outcome
    open_now: int = 0
    used: Decimal = ZERO
    forecast: Decimal = ZERO
    by_month: dict = field(default_factory=lambda: defaultdict(lambda: [ZERO, ZERO]))

    @property
    def committed(self) -> Decimal:
        return self.used + self.forecast

    @property
    def per_person(self) -> Decimal | None:
        """Used per different person who started in the period."""
        return (self.used / self.people).quantize(CENT) if self.people else None

    @property
    def per_outflow(self) -> Decimal | None:
        return (self.used / self.outflow).quantize(CENT) if self.outflow else None


def _months(route: Route, cost: RouteCost, first, last, slot: int) -> Decimal:
    """The monthly cost of the days ``first``..``last``, booked per calendar month."""
    total = ZERO
    day = first
    while day <= last:
        end = min(last, calendar.month_end(day))
        amount = route.cost_per_month_eur * DAY_SHARE * ((end - day).days + 1)
        cost.by_month[day.replace(day=1)][slot] += amount
        total += amount
        day = end + ONE_DAY
    return total


def route_costs(
    routes: list[Route], start: datetime.date, end: datetime.date, today: datetime.date
) -> list[RouteCost]:
    """The cost of each route's enrolments within ``start``..``end`` on ``today``."""
    costs = {route.pk: RouteCost(route) for route in routes}
    until = min(today, end)
    enrolments = Enrolment.objects.filter(route__in=list(costs), enrolled_on__lte=end).values_list(
        "route_id", "participant_id", "enrolled_on", "status", "outcome", "outcome_on"
    )
    people: dict[int, set] = defaultdict(set)
    for route_id, person, enrolled_on, status, outcome, outcome_on in enrolments:
        cost = costs[route_id]
        route = cost.route
        if start <= enrolled_on <= until:
            cost.started += 1
            people[route_id].add(person)
            if status == Enrolment.Status.DONE and outcome in OUTFLOW:
                cost.outflow += 1
            cost.used += route.cost_per_person_eur
            cost.by_month[enrolled_on.replace(day=1)][0] += route.cost_per_person_eur
        closed = status != Enrolment.Status.ACTIVE
        last_day = outcome_on if closed and outcome_on else until
        first, last = max(enrolled_on, start), min(last_day, until)
        if first <= last:
            cost.used += _months(route, cost, first, last, 0)
        if not closed and enrolled_on <= today < end:
            cost.open_now += 1
            begin = max(today + ONE_DAY, start, enrolled_on)
            cost.forecast += _months(route, cost, begin, end, 1)
    for route_id, cost in costs.items():
        cost.people = len(people[route_id])
        cost.used = cost.used.quantize(CENT)
        cost.forecast = cost.forecast.quantize(CENT)
    return [costs[route.pk] for route in routes]
