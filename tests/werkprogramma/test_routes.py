"""Routes as data: the default routes, entry criteria and the route advice."""

import datetime
import itertools

import pytest
from django.utils import timezone, translation

from basisbaan.core import calendar
from basisbaan.participants.models import Participant, Scan
from basisbaan.tenants.models import Municipality, Programme
from basisbaan.werkprogramma import routes
from basisbaan.werkprogramma.models import Route, RouteAdviceRule
from tests.conftest import WORLD_TODAY

_BSN = itertools.count(1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def werkprogramma() -> Programme:
    return Programme.objects.get(name="Werkprogramma Groningen")


def route(code: str) -> Route:
    return Route.objects.get(programme=werkprogramma(), code=code)


def make_person(age=40, benefit_since=datetime.date(2020, 1, 1), advice=None, **extra):
    """A fresh Groningen resident in the Werkprogramma, with a scan if ``advice``."""
    born = calendar.add_years(WORLD_TODAY, -age) - datetime.timedelta(days=40)
    person = Participant.objects.create(
        municipality=Municipality.objects.get(cbs_code="GM0014"),
        programme=werkprogramma(),
        bsn=f"81{next(_BSN):07d}",
        first_name="Test",
        surname="Werkprogramma",
        birth_date=born,
        postcode="9711 AB",
        house_number="1",
        benefit_since=benefit_since,
        **extra,
    )
    if advice:
        Scan.objects.create(
            participant=person,
            version=1,
            advice=advice,
            reasoning="Test scan.",
            made_at=timezone.now(),
        )
    return person


@pytest.mark.django_db
def test_default_routes_are_idempotent_and_sum_to_500():
    programme = werkprogramma()
    before = Route.objects.filter(programme=programme).count()
    rules_before = RouteAdviceRule.objects.filter(programme=programme).count()
    routes.ensure_default_routes(programme)
    routes.ensure_default_routes(programme)
    found = list(
        Route.objects.filter(programme=programme, code__in=[r[0] for r in routes.DEFAULT_ROUTES])
    )
    assert len(found) == 5 and before == Route.objects.filter(programme=programme).count()
    assert RouteAdviceRule.objects.filter(programme=programme).count() == rules_before > 0
    assert sum(r.target for r in found) == 500
    basisbaan = route("basisbaan")
    assert basisbaan.destination.kind == Programme.Kind.BASISBAAN
    assert basisbaan.destination.municipality == programme.municipality
    assert [s.name for s in route("prevention").steps.all()][0] == "Intake with UWV"
    assert all(r.steps.exists() for r in found)


@pytest.mark.django_db
def test_entry_criteria_automatic_and_confirmed():
    person = make_person(age=40)
    results = routes.check_entry(route("praktijkleren"), person, set(), today=WORLD_TODAY)
    by_label = {label: (passed, how) for label, passed, how in results}
    assert by_label["18 or older"][0] is True and "40" in by_label["18 or older"][1]
    assert by_label["On bijstand"][0] is True
    assert by_label["No startkwalificatie (MBO2)"] == (False, "not confirmed")
    confirmed = routes.check_entry(route("praktijkleren"), person, {"no_mbo2"}, today=WORLD_TODAY)
    assert all(passed for _label, passed, _how in confirmed)
    # Prevention: not on bijstand yet, and the WW end is confirmed by the coach.
    prevention = routes.check_entry(route("prevention"), person, {"ww_ends"}, today=WORLD_TODAY)
    assert [passed for _l, passed, _h in prevention] == [True, False, True]


@pytest.mark.django_db
def test_minor_fails_the_age_criterion():
    person = make_person(age=17)
    results = routes.check_entry(route("scan"), person, set(), today=WORLD_TODAY)
    assert results[0][0] == "18 or older" and results[0][1] is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("benefit", "advice", "expected"),
    [
        (None, Scan.Advice.REGULAR_WORK, "prevention"),
        (datetime.date(2020, 1, 1), Scan.Advice.PRAKTIJKLEREN, "praktijkleren"),
        (datetime.date(2020, 1, 1), Scan.Advice.BASISBAAN, "basisbaan"),
        (datetime.date(2020, 1, 1), Scan.Advice.REGULAR_WORK, "scan"),
        (datetime.date(2020, 1, 1), Scan.Advice.NONE_YET, "scan"),
        (datetime.date(2020, 1, 1), None, "scan"),
    ],
)
def test_advice_follows_the_rules_with_reasons(benefit, advice, expected):
    person = make_person(benefit_since=benefit, advice=advice)
    result = routes.advise(person, today=WORLD_TODAY)
    assert result.route.code == expected
    assert result.rule.reason == result.reasons[0]
    assert len(result.reasons) >= 2  # the rule's reason and the facts behind it
    if advice:
        assert any("Test scan." in reason for reason in result.reasons)


@pytest.mark.django_db
def test_advice_uses_the_latest_scan():
    person = make_person(advice=Scan.Advice.BASISBAAN)
    Scan.objects.create(
        participant=person, version=2, advice=Scan.Advice.PRAKTIJKLEREN, reasoning="Newer."
    )
    assert routes.advise(person, today=WORLD_TODAY).route.code == "praktijkleren"


def test_conditions_combine():
    class Person:
        benefit_since = None
        reintegration_route = False

        def age_on(self, today):
            return 30

    condition = {
        "all": [
            {"field": "participant.age", "op": "<=", "value": 30},
            {"field": "participant.benefit_since", "op": "unset"},
        ]
    }
    assert routes.holds(condition, Person(), None, datetime.date(2026, 1, 1))
    condition["all"][0]["value"] = 29
    assert not routes.holds(condition, Person(), None, datetime.date(2026, 1, 1))
