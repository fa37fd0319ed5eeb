"""One definition per figure: the waiting-list page and the programme monitor count
"in service" and "started this year" with ``basisbaan.participants.figures``."""

import datetime

import pytest
from django.utils import translation
from django.utils.html import escape

from basisbaan.core import calendar
from basisbaan.evaluation import monitor
from basisbaan.participants import figures, services
from basisbaan.participants.models import EmploymentContract, Status, StatusChange
from basisbaan.tenants.models import Municipality
from tests.evaluation.conftest import TODAY, at

D = datetime.date


def test_started_in_counts_first_starts_once(world):
    new = [world.person(start=D(2026, 2, 2)) for _ in range(3)]
    earlier = world.person(start=D(2025, 3, 3))
    # A contract renewal this year is not a start.
    EmploymentContract.objects.create(
        participant=earlier, start_date=D(2026, 3, 3), end_date=None, hours_per_week=32
    )
    # Back from long-term sickness this year: not a start either.
    returned = world.person(start=D(2025, 4, 7))
    StatusChange.objects.create(
        participant=returned,
        from_status=Status.EMPLOYED,
        to_status=Status.LONG_TERM_SICK,
        at=at(D(2025, 10, 1)),
    )
    StatusChange.objects.create(
        participant=returned,
        from_status=Status.LONG_TERM_SICK,
        to_status=Status.EMPLOYED,
        at=at(D(2026, 4, 1)),
    )
    # Started this year, left and came back this year: one person, counted once.
    twice = new[0]
    StatusChange.objects.create(
        participant=twice,
        from_status=Status.MATCHING,
        to_status=Status.EMPLOYED,
        at=at(D(2026, 6, 1)),
    )
    # Known from a contract only, without a status history: no first day in service.
    world.person(start=None, status=Status.EMPLOYED)
    world.person(start=D(2026, 12, 1))  # after today

    m = world.municipality
    assert figures.started_in(m, D(2026, 1, 1), TODAY) == 3
    assert figures.started_this_year(m, TODAY) == 3
    assert figures.started_in(m, D(2025, 1, 1), D(2025, 12, 31)) == 2
    assert figures.started_in(m, D(2026, 2, 2), D(2026, 2, 2)) == 3  # both ends included
    assert figures.started_in(m, D(2026, 1, 1), D(2026, 12, 31)) == 4
    assert figures.in_service(m) == 7  # status employed, whatever the history
    assert figures.in_service(m, world.programme) == 7


def test_monitor_and_capacity_give_the_same_figures(world):
    for _ in range(6):
        world.person(start=D(2026, 2, 2))
    earlier = world.person(start=D(2025, 2, 3))
    EmploymentContract.objects.create(
        participant=earlier, start_date=D(2026, 2, 3), end_date=None, hours_per_week=32
    )
    size = monitor.size(
        world.municipality, world.params, TODAY, monitor.status_counts(world.municipality)
    )
    capacity = services.capacity(world.programme, TODAY)
    assert capacity.started_this_year == size.started_this_year.n == 6
    assert capacity.in_service == size.in_service.n == 7


@pytest.mark.django_db
def test_waiting_list_page_and_monitor_show_the_same_started_this_year(login):
    client = login("planner-groningen")
    waiting = client.get("/deelnemers/wachtlijst/")
    shown = client.get("/evaluatie/")
    assert waiting.status_code == shown.status_code == 200
    groningen = Municipality.objects.get(cbs_code="GM0014")
    today = calendar.today()
    expected = figures.started_this_year(groningen, today)
    capacities = [c for _programme, c in waiting.context["capacities"] if c]
    assert capacities
    assert sum(c.started_this_year for c in capacities) == expected
    assert shown.context["size"].started_this_year.n == expected
    assert sum(c.in_service for c in capacities) == shown.context["size"].in_service.n
    # The definition stands beside the figure on both pages (shown in Dutch by default).
    with translation.override("nl"):
        definitions = [
            escape(str(figures.STARTED_DEFINITION)),
            escape(str(figures.IN_SERVICE_DEFINITION)),
        ]
    for response in (waiting, shown):
        content = response.content.decode()
        for definition in definitions:
            assert definition in content
