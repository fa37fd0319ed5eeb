"""Authorization rules of the finance app: budgets, co-financing, scenarios and rates
for planners, finance and admins (finance.view); adding and changing for finance and
admins only (finance.manage). Objects are Groningen's, so Assen accounts get 404;
researchers see costs only in the monitor, suppressed for small groups."""

import datetime
from decimal import Decimal

from basisbaan.communitytasks.models import InboxMessage
from basisbaan.finance.models import Budget, Pledge, Scenario
from basisbaan.tenants.models import Municipality
from tests.access.rules import PLANNERS, Rule

VIEW = PLANNERS | {"financien-groningen", "financien-assen"}
MANAGE = {"admin", "financien-groningen", "financien-assen"}
GRONINGEN_VIEW = {"admin", "planner-groningen", "financien-groningen"}
GRONINGEN_MANAGE = {"admin", "financien-groningen"}


def groningen():
    return Municipality.objects.get(cbs_code="GM0014")


def budget():
    return {"pk": Budget.objects.get(name="Projectbudget basisbaan Groningen").pk}


def pledge():
    return {"pk": Pledge.objects.filter(budget__municipality=groningen()).first().pk}


def lead():
    found = InboxMessage.objects.filter(
        municipality=groningen(), kind=InboxMessage.Kind.COFINANCING, pledge__isnull=True
    ).first() or InboxMessage.objects.create(
        municipality=groningen(),
        kind=InboxMessage.Kind.COFINANCING,
        name="Test Contact",
        organisation="Stichting Toets",
        email="toets@example.org",
    )
    return {"pk": found.pk}


def scenario():
    found, _ = Scenario.objects.get_or_create(
        municipality=groningen(),
        name="Toegangstest",
        defaults={
            "start_date": datetime.date(2025, 1, 1),
            "end_date": datetime.date(2025, 12, 31),
            "jobs": 10,
            "hours_per_week": Decimal(32),
        },
    )
    return {"pk": found.pk}


RULES = [
    Rule("finance:overview", VIEW),
    Rule("finance:budget_create", MANAGE, method="post", note="empty form: shown again"),
    Rule("finance:source_create", MANAGE, method="post", note="empty form: shown again"),
    Rule("finance:budget", GRONINGEN_VIEW, kwargs=budget, denied=404),
    Rule(
        "finance:budget_line_create",
        GRONINGEN_MANAGE,
        kwargs=budget,
        method="post",
        denied=404,
        note="empty form: shown again",
    ),
    Rule("finance:cofinancing", VIEW),
    Rule("finance:pledge_create", MANAGE, method="post", note="empty form: shown again"),
    Rule("finance:lead", GRONINGEN_MANAGE, kwargs=lead, denied=404),
    Rule(
        "finance:receipt_create",
        GRONINGEN_MANAGE,
        kwargs=pledge,
        method="post",
        ok=302,
        denied=404,
        note="empty form: back with a message",
    ),
    Rule(
        "finance:pledge_withdraw",
        GRONINGEN_MANAGE,
        kwargs=pledge,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule("finance:scenarios", VIEW),
    Rule(
        "finance:scenario_compare",
        VIEW,
        ok=302,
        note="without two scenarios: back to the list",
    ),
    Rule("finance:scenario", GRONINGEN_VIEW, kwargs=scenario, denied=404),
    Rule("finance:scenario_download", GRONINGEN_VIEW, kwargs=scenario, denied=404),
    Rule("finance:scenario_pdf", GRONINGEN_VIEW, kwargs=scenario, denied=404),
    Rule(
        "finance:scenario_delete",
        GRONINGEN_MANAGE,
        kwargs=scenario,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule("finance:rates", VIEW),
    Rule("finance:agreement_create", MANAGE, method="post", note="empty form: shown again"),
    Rule("finance:cost_rates_create", MANAGE, method="post", note="empty form: shown again"),
]
