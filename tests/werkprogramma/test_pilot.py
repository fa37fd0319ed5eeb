"""The status-holders pilot: placements, figures and the suppression of small groups."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from basisbaan.participants.models import Participant
from basisbaan.werkprogramma import pilot
from basisbaan.werkprogramma.models import Enrolment, Placement, Route
from tests.conftest import WORLD_TODAY
from tests.werkprogramma.records import enrol, groningen, route_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def clear_pilot():
    route = route_of(Route.Kind.STATUS_HOLDERS)
    Placement.objects.filter(enrolment__route=route).delete()
    Enrolment.objects.filter(route=route).delete()
    return route


def place(person=None, days=30, hours=20, language=True, ended=False):
    enrolment = enrol(Route.Kind.STATUS_HOLDERS, person=person)
    start = WORLD_TODAY - datetime.timedelta(days=days)
    return Placement.objects.create(
        enrolment=enrolment,
        language_support=language,
        start_date=start,
        end_date=WORLD_TODAY - datetime.timedelta(days=1) if ended else None,
        hours_per_week=Decimal(hours),
    )


def people(count):
    return list(
        Participant.objects.filter(municipality=groningen(), benefit_since__isnull=False).order_by(
            "pk"
        )[:count]
    )


def test_figures_count_running_hours_language_and_ended():
    clear_pilot()
    persons = people(7)
    for i, person in enumerate(persons):
        place(person, hours=20 + i, language=i % 3 != 0, ended=i == 6)
    f = pilot.figures(groningen(), WORLD_TODAY)
    assert f.enrolled == 7
    assert f.running == 6
    assert f.hours == Decimal(sum(20 + i for i in range(6)))
    assert f.language_support == sum(1 for i in range(6) if i % 3 != 0)
    assert f.ended == 1


def test_small_groups_are_suppressed_except_for_programme_staff(login):
    clear_pilot()
    for person in people(2):
        place(person)
    client = login("coach-groningen")
    client.cookies["django_language"] = "en"
    response = client.get(reverse("werkprogramma:pilot"))
    assert response.status_code == 200
    shown = response.context["figures"]
    assert shown["running"] == "fewer than 5"
    assert shown["hours"] == "–"
    planner = login("planner-groningen")
    shown = planner.get(reverse("werkprogramma:pilot")).context["figures"]
    assert shown["running"] == 2
    assert shown["hours"] == Decimal(40)


def test_the_coach_records_a_placement(login):
    enrolment = enrol(Route.Kind.STATUS_HOLDERS)
    client = login("coach-groningen")
    url = reverse("werkprogramma:placement", args=[enrolment.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "version": enrolment.version,
            "department": "Stadsbeheer",
            "language_support": "on",
            "start_date": (WORLD_TODAY - datetime.timedelta(days=3)).isoformat(),
            "hours_per_week": "24",
        },
    )
    assert response.status_code == 302
    placement = Placement.objects.get(enrolment=enrolment)
    assert placement.language_support and placement.hours_per_week == 24


def test_another_municipality_sees_no_placement(login):
    enrolment = enrol(Route.Kind.STATUS_HOLDERS)
    response = login("planner-assen").get(reverse("werkprogramma:placement", args=[enrolment.pk]))
    assert response.status_code == 404
