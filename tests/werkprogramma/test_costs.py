"""What the routes cost and the Werkprogramma budget per route (finance)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation

from basisbaan.finance import budgets
from basisbaan.finance.models import Budget, BudgetLine, CostKind, FundingSource
from basisbaan.participants.models import Participant
from basisbaan.werkprogramma import costs
from basisbaan.werkprogramma import routes as route_rules
from basisbaan.werkprogramma.models import Enrolment, Outcome, Route
from tests.conftest import WORLD_TODAY
from tests.werkprogramma.records import groningen

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _route(once="1000", monthly="365"):
    programme = route_rules.werkprogramma_of(groningen())
    return Route.objects.create(
        programme=programme,
        code="kosten-test",
        kind=Route.Kind.OTHER,
        name="Kostentest",
        cost_per_person_eur=Decimal(once),
        cost_per_month_eur=Decimal(monthly),  # 365 a month: 12 a day
    )


def _enrol(route, person, enrolled, status=Enrolment.Status.ACTIVE, outcome="", on=None):
    return Enrolment.objects.create(
        participant=person,
        route=route,
        enrolled_on=enrolled,
        status=status,
        outcome=outcome,
        outcome_on=on,
    )


def test_route_cost_counts_once_per_enrolment_and_each_day_in_the_route():
    route = _route()
    today = WORLD_TODAY
    start, end = today - 50 * DAY, today + 30 * DAY
    a, b, c, d = Participant.objects.filter(municipality=groningen()).order_by("pk")[:4]
    _enrol(route, a, today - 10 * DAY)  # open: 1000 + 11 days, and 30 days to come
    done = Enrolment.Status.DONE
    _enrol(route, b, today - 100 * DAY, done, Outcome.WORK, today - 40 * DAY)  # 11 days
    _enrol(route, c, today - 30 * DAY, done, Outcome.WORK, today - 20 * DAY)  # 1000 + 11
    stopped = Enrolment.Status.STOPPED
    _enrol(route, d, today - 5 * DAY, stopped, Outcome.NO_OUTCOME, today - 2 * DAY)  # 1000 + 4
    (cost,) = costs.route_costs([route], start, end, today)
    assert cost.used == Decimal(3000 + (11 + 11 + 11 + 4) * 12)
    assert cost.forecast == Decimal(30 * 12)
    assert (cost.started, cost.people, cost.outflow, cost.open_now) == (3, 3, 1, 1)
    assert cost.per_person == (cost.used / 3).quantize(Decimal("0.01"))
    assert cost.per_outflow == cost.used
    spent = sum(used for used, _ in cost.by_month.values())
    coming = sum(forecast for _, forecast in cost.by_month.values())
    assert abs(spent - cost.used) < Decimal("0.01") and abs(coming - cost.forecast) < Decimal(
        "0.01"
    )
    # After the period nothing is forecast; before it, nothing is used.
    assert costs.route_costs([route], start, today - DAY, today)[0].forecast == 0
    later = costs.route_costs([route], today + DAY, end, today)[0]
    assert later.used == 0 and later.forecast == Decimal(30 * 12)


def _werkprogramma_budget():
    return Budget.objects.get(municipality=groningen(), programme__kind="werkprogramma")


def test_the_werkprogramma_budget_holds_4_5_million_over_its_routes():
    budget = _werkprogramma_budget()
    state = budgets.status(budget, WORLD_TODAY)
    assert state.total == Decimal("4500000")
    assert (budget.end_date - budget.start_date).days in (1094, 1095)
    given = {line.route_id: line.amount_eur for line in BudgetLine.objects.filter(budget=budget)}
    assert {line.cost.route.pk: line.budget for line in state.routes} == {
        pk: amount for pk, amount in given.items() if pk
    }
    assert state.unassigned == given[None]
    # The routes' cost is the budget's used and forecast (the programme has no contracts
    # of its own), and the months add up to it.
    assert state.used.route_cost == sum(line.cost.used for line in state.routes) > 0
    assert state.spent == state.used.route_cost + state.used.wage_cost + (
        state.used.guidance_cost + state.used.coach_cost
    )
    assert abs(state.months[-1].cumulative - state.committed) < Decimal("1")
    # The one-off part checked against a direct count of enrolments in the period.
    until = min(WORLD_TODAY, budget.end_date)
    for line in state.routes:
        route = line.cost.route
        direct = Enrolment.objects.filter(
            route=route, enrolled_on__range=(budget.start_date, until)
        ).count()
        assert line.cost.started == direct
        assert line.cost.used >= direct * route.cost_per_person_eur
    once = Enrolment.objects.filter(
        route__programme=budget.programme, enrolled_on__range=(budget.start_date, until)
    ).aggregate(total=Sum("route__cost_per_person_eur"))["total"]
    assert once and state.used.route_cost > once


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_budget_page_shows_each_route_against_its_budget(login):
    budget = _werkprogramma_budget()
    page = login("financien-groningen").get(reverse("finance:budget", args=[budget.pk]))
    assert page.status_code == 200
    text = _text(page)
    assert 'id="routes"' in text and "Praktijkleren" in text
    assert "€ 1.100.000" in text  # Praktijkleren's budget, in Dutch notation
    assert 'id="jobs-planned"' not in text and 'id="route-people"' in text


def test_a_route_line_names_a_route_of_the_budgets_programme(login):
    budget = _werkprogramma_budget()
    source = FundingSource.objects.get(name="Gemeente Groningen")
    basisbaan = Budget.objects.filter(
        municipality=budget.municipality, programme__kind="basisbaan"
    ).first()
    other = Route.objects.create(
        programme=basisbaan.programme, code="elders", kind=Route.Kind.OTHER, name="Elders"
    )
    client = login("financien-groningen")
    url = reverse("finance:budget_line_create", args=[budget.pk])
    before = BudgetLine.objects.count()
    line = {"line-source": source.pk, "line-cost_kind": "routes", "line-amount_eur": "1000"}
    bad = client.post(url, {**line, "line-route": other.pk})
    assert bad.status_code == 200 and bad.context["line_form"].errors["route"]
    assert BudgetLine.objects.count() == before
    route = budget.programme.routes.get(code="scan")
    assert client.post(url, {**line, "line-route": route.pk}).status_code == 302
    assert BudgetLine.objects.filter(budget=budget, route=route).count() == 2
    # A basisbaan budget has no routes of its own here: a route line there is refused.
    other.delete()
    url = reverse("finance:budget_line_create", args=[basisbaan.pk])
    bad = client.post(url, line)
    assert bad.status_code == 200 and bad.context["line_form"].errors["cost_kind"]
    assert CostKind.ROUTES == "routes"


def test_programme_staff_set_the_route_costs_on_the_routes_page(login):
    route = route_rules.werkprogramma_of(groningen()).routes.get(code="praktijkleren")
    client = login("planner-groningen")
    prefix = f"r{route.pk}"
    data = {
        "action": "edit",
        "route": route.pk,
        f"{prefix}-capacity": route.capacity or "",
        f"{prefix}-target": route.target,
        f"{prefix}-cost_per_person_eur": "-1",
        f"{prefix}-cost_per_month_eur": "250",
        f"{prefix}-active": "on",
    }
    bad = client.post(reverse("werkprogramma:routes"), data)
    assert bad.status_code == 400
    route.refresh_from_db()
    assert route.cost_per_month_eur != Decimal("250")
    data[f"{prefix}-cost_per_person_eur"] = "3200"
    assert client.post(reverse("werkprogramma:routes"), data).status_code == 302
    route.refresh_from_db()
    assert (route.cost_per_person_eur, route.cost_per_month_eur) == (
        Decimal("3200"),
        Decimal("250"),
    )
