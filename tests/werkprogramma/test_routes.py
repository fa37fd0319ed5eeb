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
    assert [s.name for s in route("prevention").steps.all()][
        0
    ] == "Intake met het UWV"  # stored in Dutch, the site's language
    assert all(r.steps.exists() for r in found)


@pytest.mark.django_db
def test_entry_criteria_automatic_and_confirmed():
    person = make_person(age=40)
    results = routes.check_entry(route("praktijkleren"), person, set(), today=WORLD_TODAY)
    by_label = {label: (passed, how) for label, passed, how in results}
    assert by_label["18 jaar of ouder"][0] is True and "40" in by_label["18 jaar of ouder"][1]
    assert by_label["In de bijstand"][0] is True
    assert by_label["Geen startkwalificatie (mbo 2)"] == (False, "not confirmed")
    confirmed = routes.check_entry(route("praktijkleren"), person, {"no_mbo2"}, today=WORLD_TODAY)
    assert all(passed for _label, passed, _how in confirmed)
    # Prevention: not on bijstand yet, and the WW end is confirmed by the coach.
    prevention = routes.check_entry(route("prevention"), person, {"ww_ends"}, today=WORLD_TODAY)
    assert [passed for _l, passed, _h in prevention] == [True, False, True]


@pytest.mark.django_db
def test_minor_fails_the_age_criterion():
    person = make_person(age=17)
    results = routes.check_entry(route("scan"), person, set(), today=WORLD_TODAY)
    assert results[0][0] == "18 jaar of ouder" and results[0][1] is False


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


@pytest.mark.django_db
def test_rules_read_as_words_in_the_page_language():
    condition = {"field": "scan.advice", "op": "in", "value": ["praktijkleren", "basisbaan"]}
    labels = dict(Scan.Advice.choices)
    assert routes.describe(condition) == (
        f"the scan's route advice is one of {labels['praktijkleren']} or {labels['basisbaan']}"
    )
    both = {"all": [{"field": "participant.age", "op": ">=", "value": 27}, condition]}
    assert routes.describe(both).startswith("age in years is at least 27 and the scan's")
    assert routes.describe({"field": "scan.exists", "op": "==", "value": False}) == (
        "an arbeidsmarktwaardescan exists: no"
    )
    assert routes.describe({"field": "participant.benefit_since", "op": "unset"}) == (
        "on bijstand since: not filled in"
    )
    with translation.override("nl"):
        words = routes.describe({"field": "participant.age", "op": "<=", "value": 30})
    assert "hoogstens 30" in words and "{" not in words


def _post_rule(client, **data):
    from django.urls import reverse

    fields = {"action": "rule_add", "rule-reason": "Jong: eerst leren in de praktijk."}
    fields.update({f"rule-{k}": v for k, v in data.items()})
    return client.post(reverse("werkprogramma:routes"), fields)


@pytest.mark.django_db
def test_programme_staff_add_move_and_remove_an_advice_rule(login):
    from django.urls import reverse

    from basisbaan.audit.models import AuditEntry

    client = login("planner-groningen")
    programme = werkprogramma()
    before = list(RouteAdviceRule.objects.filter(programme=programme).order_by("order"))
    page = client.get(reverse("werkprogramma:routes"))
    assert "{&#x27;field" not in page.content.decode() and "{'field" not in page.content.decode()
    leren = route("praktijkleren")
    # Wrong comparison for the fact, and a number missing: 400, nothing saved.
    assert _post_rule(client, route=leren.pk, field="participant.age", op="in").status_code == 400
    assert _post_rule(client, route=leren.pk, field="participant.age", op="<=").status_code == 400
    assert _post_rule(client, route=leren.pk, field="scan.advice", op="in").status_code == 400
    assert RouteAdviceRule.objects.filter(programme=programme).count() == len(before)
    done = _post_rule(
        client, route=leren.pk, field="participant.age", op="<=", number="26", position="1"
    )
    assert done.status_code == 302
    rules = list(RouteAdviceRule.objects.filter(programme=programme).order_by("order"))
    assert len(rules) == len(before) + 1 and [r.order for r in rules] == list(range(len(rules)))
    new = rules[0]
    assert new.condition == {"field": "participant.age", "op": "<=", "value": 26}
    assert AuditEntry.objects.filter(object_id=str(new.pk), action="create").exists()
    # The rule now gives the advice for a young person whose scan says regular work.
    young = make_person(age=24, advice=Scan.Advice.REGULAR_WORK)
    advice = routes.advise(young, today=WORLD_TODAY)
    assert advice.rule == new and advice.route == leren
    # Move it down one place, then remove it: the old order is back.
    url = reverse("werkprogramma:routes")
    assert client.post(url, {"action": "rule_down", "rule": new.pk}).status_code == 302
    new.refresh_from_db()
    assert new.order == 1
    assert client.post(url, {"action": "rule_delete", "rule": new.pk}).status_code == 302
    after = list(RouteAdviceRule.objects.filter(programme=programme).order_by("order"))
    assert [r.pk for r in after] == [r.pk for r in before]
    assert client.post(url, {"action": "rule_delete", "rule": new.pk}).status_code == 400


@pytest.mark.django_db
def test_a_rule_of_another_municipality_cannot_be_changed(login):
    from django.urls import reverse

    rule = RouteAdviceRule.objects.filter(programme=werkprogramma()).first()
    # Assen has no Werkprogramma: the page refuses, the rule stays.
    staff = login("planner-assen")
    response = staff.post(
        reverse("werkprogramma:routes"), {"action": "rule_delete", "rule": rule.pk}
    )
    assert response.status_code in (400, 403, 404)
    assert RouteAdviceRule.objects.filter(pk=rule.pk).exists()
