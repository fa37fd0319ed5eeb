"""The Werkprogramma pages: figures from the demo data, access, enrolment and progress."""

import datetime

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from basisbaan.participants.models import Scan
from basisbaan.tenants.models import Programme
from basisbaan.werkprogramma.models import Enrolment, Route, StepProgress
from tests.conftest import WORLD_TODAY
from tests.werkprogramma.test_routes import make_person, route

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def login(login):
    """The pages in English (the msgids), whatever the catalogue holds."""

    def _login(username):
        client = login(username)
        client.cookies["django_language"] = "en"
        return client

    return _login


def programme():
    return Programme.objects.get(name="Werkprogramma Groningen")


def own_enrolment(status="active"):
    return Enrolment.objects.filter(
        coach__username="coach-groningen",
        participant__coach__username="coach-groningen",
        status=status,
    ).first()


def test_overview_shows_progress_to_the_target_from_the_demo(login):
    response = login("planner-groningen").get(reverse("werkprogramma:overview"))
    assert response.status_code == 200
    f = response.context["figures"]
    in_period = Enrolment.objects.filter(
        route__programme=programme(), enrolled_on__range=(f.start, WORLD_TODAY)
    )
    assert f.target == 500
    assert f.started == in_period.count() > 0
    assert f.activated == in_period.values("participant").distinct().count()
    assert len(f.per_route) == Route.objects.filter(programme=programme()).count()
    assert f.per_quarter and f.per_quarter[-1]["label"].startswith(str(WORLD_TODAY.year))
    content = response.content.decode()
    assert "/ 500" in content and "Inflow prevented" in content


def test_overview_suppresses_small_groups_for_a_coach(login):
    response = login("coach-groningen").get(reverse("werkprogramma:overview"))
    assert response.status_code == 200
    f = response.context["figures"]
    values = [f.activated, f.started, f.active] + [
        v for row in f.per_route for v in (row["people"], row["started"], row["active"])
    ]
    assert all(v == "<5" or v == 0 or v >= 5 for v in values)
    assert not response.context["full"]


def test_assen_sees_nothing_of_groningen(login):
    response = login("planner-assen").get(reverse("werkprogramma:overview"))
    assert response.status_code == 200 and response.context["figures"] is None
    assert "Praktijkleren" not in response.content.decode()
    worklist = login("planner-assen").get(reverse("werkprogramma:worklist"))
    assert worklist.context["enrolments"] == [] and worklist.context["follow_ups"] == []
    enrolment = own_enrolment()
    url = reverse("werkprogramma:enrolment", args=[enrolment.pk])
    assert login("planner-assen").get(url).status_code == 404
    assert login("coach-assen").get(url).status_code == 404


def test_worklist_of_a_coach_holds_only_their_own_people(login, user):
    coach = user("coach-groningen")
    response = login("coach-groningen").get(reverse("werkprogramma:worklist"))
    shown = response.context["enrolments"]
    assert shown
    for enrolment in shown:
        assert coach.pk in (enrolment.coach_id, enrolment.participant.coach_id)
    expected = Enrolment.objects.filter(status="active").filter(
        Q(coach=coach) | Q(participant__coach=coach)
    )
    assert {e.pk for e in shown} == set(expected.values_list("pk", flat=True))
    for follow_up in response.context["follow_ups"]:
        enrolment = follow_up.enrolment
        assert coach.pk in (enrolment.coach_id, enrolment.participant.coach_id)
    overdue = [e.overdue_count > 0 for e in shown]
    assert overdue == sorted(overdue, reverse=True)  # overdue first


def test_another_coachs_enrolment_is_404(login, user):
    coach = user("coach-groningen")
    other = Enrolment.objects.exclude(coach=coach).exclude(participant__coach=coach).first()
    client = login("coach-groningen")
    assert client.get(reverse("werkprogramma:enrolment", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("werkprogramma:enrol", args=[other.participant_id])).status_code == 404
    )
    planner = login("planner-groningen")
    assert planner.get(reverse("werkprogramma:enrolment", args=[other.pk])).status_code == 200


def test_enrol_page_shows_advice_and_enrols(login, user):
    coach = user("coach-groningen")
    person = make_person(advice=Scan.Advice.PRAKTIJKLEREN, coach=coach)
    client = login("coach-groningen")
    url = reverse("werkprogramma:enrol", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["advice"].route.code == "praktijkleren"
    assert "leren in de praktijk" in page.content.decode()
    # Another route than advised without a reason: 400, nothing saved.
    refused = client.post(url, {"route": route("scan").pk, "coach": coach.pk})
    assert refused.status_code == 400 and "give a reason" in refused.content.decode()
    # A criterion not confirmed: 400.
    missing = client.post(url, {"route": route("praktijkleren").pk, "coach": coach.pk})
    assert missing.status_code == 400 and "Geen startkwalificatie" in missing.content.decode()
    bad = client.post(url, {"route": "x", "coach": coach.pk})
    assert bad.status_code == 400
    assert not Enrolment.objects.filter(participant=person).exists()
    done = client.post(
        url, {"route": route("praktijkleren").pk, "coach": coach.pk, "confirmed": ["no_mbo2"]}
    )
    enrolment = Enrolment.objects.get(participant=person)
    assert done.status_code == 302 and done.url == reverse(
        "werkprogramma:enrolment", args=[enrolment.pk]
    )
    assert enrolment.advised_route == route("praktijkleren") and enrolment.coach == coach


def test_enrol_search_within_scope(login, user):
    person = make_person(coach=user("coach-groningen"))
    found = login("coach-groningen").get(
        reverse("werkprogramma:enrol_search"), {"q": person.pseudonym}
    )
    assert [p.pk for p in found.context["found"]] == [person.pk]
    other = login("coach-assen").get(reverse("werkprogramma:enrol_search"), {"q": person.pseudonym})
    assert other.status_code == 200 and list(other.context["found"]) == []


def test_enrolment_page_actions(login, user):
    coach = user("coach-groningen")
    person = make_person(coach=coach)
    client = login("coach-groningen")
    client.post(
        reverse("werkprogramma:enrol", args=[person.pk]),
        {"route": route("scan").pk, "coach": coach.pk},
    )
    enrolment = Enrolment.objects.get(participant=person)
    url = reverse("werkprogramma:enrolment", args=[enrolment.pk])
    step = enrolment.steps.order_by("step__order").first()
    assert client.get(url).status_code == 200
    # Bad input: 400 with a clear error, nothing saved.
    future = (WORLD_TODAY + datetime.timedelta(days=3)).isoformat()
    bad = client.post(url, {"action": "step", "step": step.pk, "done_on": future})
    assert bad.status_code == 400 and "future" in bad.content.decode()
    assert client.post(url, {"action": "step", "step": "abc", "done_on": "x"}).status_code == 400
    assert client.post(url, {"action": "nonsense"}).status_code == 400
    step.refresh_from_db()
    assert step.done_on is None
    ok = client.post(url, {"action": "step", "step": step.pk, "done_on": WORLD_TODAY.isoformat()})
    assert ok.status_code == 302
    assert StepProgress.objects.get(pk=step.pk).done_on == WORLD_TODAY
    # Notes with the version read; a stale version answers 409.
    notes = client.post(
        url, {"action": "notes", "notes": "First talk", "version": enrolment.version}
    )
    assert notes.status_code == 302
    stale = client.post(url, {"action": "notes", "notes": "Old", "version": enrolment.version})
    assert stale.status_code == 409
    assert Enrolment.objects.get(pk=enrolment.pk).notes == "First talk"
    # Work needs hours and contract.
    outcome = {"action": "outcome", "outcome": "work", "on": WORLD_TODAY.isoformat()}
    assert client.post(url, outcome).status_code == 400
    assert Enrolment.objects.get(pk=enrolment.pk).status == "active"
    done = client.post(url, {**outcome, "hours": "24", "contract_kind": "permanent"})
    assert done.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "done" and enrolment.follow_ups.count() == 2
    follow_up = enrolment.follow_ups.get(months=6)
    assert (
        client.post(
            url, {"action": "follow_up", "follow_up": follow_up.pk, "lasted": "??"}
        ).status_code
        == 400
    )
    saved = client.post(url, {"action": "follow_up", "follow_up": follow_up.pk, "lasted": "yes"})
    assert saved.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.lasted == "yes"


def test_stop_from_the_page(login, user):
    enrolment = own_enrolment()
    client = login("coach-groningen")
    url = reverse("werkprogramma:enrolment", args=[enrolment.pk])
    assert client.post(url, {"action": "stop", "reason": ""}).status_code == 400
    assert client.post(url, {"action": "stop", "reason": "Moved away"}).status_code == 302
    assert Enrolment.objects.get(pk=enrolment.pk).status == "stopped"


def test_routes_page_edits_and_adds(login):
    client = login("planner-groningen")
    url = reverse("werkprogramma:routes")
    page = client.get(url)
    assert page.status_code == 200 and page.context["target_total"] == 500
    scan = route("scan")
    prefix = f"r{scan.pk}"
    edited = client.post(
        url,
        {
            "action": "edit",
            "route": scan.pk,
            f"{prefix}-capacity": "99",
            f"{prefix}-target": "150",
            f"{prefix}-active": "on",
        },
    )
    assert edited.status_code == 302 and route("scan").capacity == 99
    bad = client.post(
        url, {"action": "create", "name": "Buurtwerk", "target": "10", "steps": "Intake"}
    )
    assert bad.status_code == 400 and not Route.objects.filter(name="Buurtwerk").exists()
    added = client.post(
        url,
        {
            "action": "create",
            "name": "Buurtwerk",
            "target": "10",
            "needs_bijstand": "on",
            "confirm": "Lives in the neighbourhood",
            "steps": "Intake; 14\nFirst day; 30",
        },
    )
    assert added.status_code == 302
    new = Route.objects.get(programme=programme(), name="Buurtwerk")
    assert new.kind == Route.Kind.OTHER and [s.due_days for s in new.steps.all()] == [14, 30]
    assert new.entry_criteria[-1]["confirm"] is True
    assert login("coach-groningen").get(url).status_code == 403


def test_menu_entry(login):
    page = login("financien-groningen").get(reverse("werkprogramma:overview"))
    assert reverse("werkprogramma:overview") in page.content.decode()


def test_worklist_follow_ups_are_the_coachs_own(login, user):
    from basisbaan.werkprogramma.models import OutcomeFollowUp

    coach = user("coach-groningen")
    other = Enrolment.objects.exclude(coach=coach).exclude(participant__coach=coach).first()
    follow_up = OutcomeFollowUp.objects.create(enrolment=other, months=24, due_on=WORLD_TODAY)
    mine = login("coach-groningen").get(reverse("werkprogramma:worklist"))
    assert follow_up not in mine.context["follow_ups"]
    planner = login("planner-groningen").get(reverse("werkprogramma:worklist"))
    assert follow_up in planner.context["follow_ups"]
