"""Measurement rounds: which are due (a pure function on hand-made dates), the coach
records one through the page, and who may not."""

import datetime as dt

import pytest
from django.urls import reverse

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.guidance import rounds
from basisbaan.guidance.models import MeasurementRound
from basisbaan.guidance.rounds import DueRound, RoundDates, due_rounds
from basisbaan.participants.models import Participant
from tests.conftest import WORLD_TODAY

D = dt.date
Kind = MeasurementRound.Kind


def keys(found):
    return [(r.kind, r.number, r.due_date, r.overdue) for r in found]


# --- due and overdue -------------------------------------------------------------------------


def test_the_baseline_is_due_at_intake_and_overdue_after_two_weeks():
    dates = RoundDates(1, intake_on=D(2026, 3, 2))
    assert due_rounds(dates, 6, D(2026, 2, 10)) == []  # not yet in the window
    assert keys(due_rounds(dates, 6, D(2026, 2, 20))) == [("baseline", 0, D(2026, 3, 2), False)]
    assert keys(due_rounds(dates, 6, D(2026, 3, 16))) == [("baseline", 0, D(2026, 3, 2), False)]
    assert keys(due_rounds(dates, 6, D(2026, 3, 17))) == [("baseline", 0, D(2026, 3, 2), True)]


def test_without_an_intake_date_the_baseline_is_due_the_day_before_the_start():
    dates = RoundDates(1, employment_start=D(2026, 4, 1))
    assert keys(due_rounds(dates, 6, D(2026, 4, 1))) == [("baseline", 0, D(2026, 3, 31), False)]
    held = RoundDates(1, employment_start=D(2026, 4, 1), held=frozenset({("baseline", 0)}))
    assert due_rounds(held, 6, D(2026, 4, 1)) == []


def test_nothing_is_due_before_intake_or_start():
    assert due_rounds(RoundDates(1), 6, D(2026, 4, 1)) == []


def test_scheduled_rounds_every_interval_after_the_start():
    dates = RoundDates(
        1,
        intake_on=D(2025, 12, 1),
        employment_start=D(2026, 1, 15),
        held=frozenset({("baseline", 0)}),
    )
    assert due_rounds(dates, 6, D(2026, 6, 1)) == []
    assert keys(due_rounds(dates, 6, D(2026, 7, 10))) == [("scheduled", 1, D(2026, 7, 15), False)]
    assert keys(due_rounds(dates, 6, D(2026, 8, 1))) == [("scheduled", 1, D(2026, 7, 15), True)]
    # Round 1 was never held: once round 2 is due, only round 2 is listed.
    assert keys(due_rounds(dates, 6, D(2027, 1, 10))) == [("scheduled", 2, D(2027, 1, 15), False)]
    # Another interval.
    assert keys(due_rounds(dates, 3, D(2026, 4, 20))) == [("scheduled", 1, D(2026, 4, 15), False)]
    held = RoundDates(
        1, employment_start=D(2026, 1, 15), held=frozenset({("baseline", 0), ("scheduled", 1)})
    )
    assert due_rounds(held, 6, D(2026, 8, 1)) == []


def test_a_missing_baseline_lapses_when_the_first_round_falls_due():
    dates = RoundDates(1, intake_on=D(2025, 12, 1), employment_start=D(2026, 1, 15))
    assert keys(due_rounds(dates, 6, D(2026, 5, 1))) == [("baseline", 0, D(2025, 12, 1), True)]
    assert keys(due_rounds(dates, 6, D(2026, 7, 10))) == [("scheduled", 1, D(2026, 7, 15), False)]


def test_after_the_exit_only_the_exit_round_is_due_for_three_months():
    dates = RoundDates(1, employment_start=D(2026, 1, 15), exit_on=D(2026, 9, 1))
    assert keys(due_rounds(dates, 6, D(2026, 9, 1))) == [("exit", 0, D(2026, 9, 1), False)]
    assert keys(due_rounds(dates, 6, D(2026, 10, 1))) == [("exit", 0, D(2026, 9, 1), True)]
    assert due_rounds(dates, 6, D(2026, 12, 31)) == []
    done = RoundDates(1, exit_on=D(2026, 9, 1), held=frozenset({("exit", 0)}))
    assert due_rounds(done, 6, D(2026, 9, 2)) == []


def test_the_interval_is_at_least_a_month():
    with pytest.raises(ValueError):
        due_rounds(RoundDates(1), 0, D(2026, 1, 1))


def test_a_round_has_a_key_and_overdue_days():
    due = DueRound(1, "scheduled", 2, D(2026, 1, 1), True)
    assert due.key == "scheduled-2"
    assert due.days_overdue(D(2026, 1, 31)) == 30
    assert due.days_overdue(D(2025, 12, 1)) == 0


# --- the page ----------------------------------------------------------------------------------


@pytest.fixture
def person(db):
    p = Participant.objects.get(user__username="deelnemer-groningen")
    MeasurementRound.objects.filter(participant=p).delete()
    return p


def round_data(key, **extra):
    data = {
        "round": key,
        "held_on": WORLD_TODAY.isoformat(),
        "net_income_eur": "1650.00",
        "income_source": "wage",
        "self_rated_health": "4",
        "self_confidence": "3",
        "social_contacts": "4",
        "ladder_rung": "5",
        "notes": "",
        **{f"who5_{i}": "3" for i in range(1, 6)},
        "zrm_finances": "3",
    }
    data.update(extra)
    return data


def test_the_coach_sees_the_due_round_and_records_it(login, person):
    due = rounds.open_rounds(person, WORLD_TODAY)
    assert due, "the demo participant always has a round open once the rounds are removed"
    client = login("coach-groningen")
    page = client.get(reverse("guidance:caseload")).content.decode()
    url = reverse("guidance:round_create", args=[person.pk])
    assert f"{url}?ronde={due[0].key}" in page
    assert client.get(f"{url}?ronde={due[0].key}").status_code == 200
    response = client.post(url, round_data(due[0].key))
    assert response.status_code == 302
    saved = MeasurementRound.objects.get(participant=person, kind=due[0].kind)
    assert saved.held_on == WORLD_TODAY and saved.due_date == due[0].due_date
    assert saved.who5_raw == 15 and saved.who5_score == 60
    assert saved.ladder_rung == 5 and saved.zrm_scores == {"finances": 3}
    assert saved.recorded_by.username == "coach-groningen"
    assert AuditEntry.objects.filter(
        object_type="guidance.measurementround", object_id=str(saved.pk), action="create"
    ).exists()
    # It is no longer due, and reading the page again is an audited read of it.
    assert due[0] not in rounds.open_rounds(person, WORLD_TODAY)
    client.get(url)
    assert AuditEntry.objects.filter(
        object_type="guidance.measurementround", object_id=str(saved.pk), action="read"
    ).exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"who5_3": "9"},
        {"who5_2": ""},
        {"self_rated_health": "6"},
        {"ladder_rung": "7"},
        {"social_contacts": "0"},
        {"net_income_eur": "-5"},
        {"net_income_eur": "1500", "income_source": ""},
        {"income_source": "wage", "net_income_eur": ""},
        {"income_source": "lottery"},
        {"zrm_finances": "6"},
        {"held_on": (WORLD_TODAY + dt.timedelta(days=1)).isoformat()},
        {"round": "exit-0"},
        {"notes": "x" * 3001},
    ],
)
def test_invalid_answers_change_nothing(login, person, bad):
    due = rounds.open_rounds(person, WORLD_TODAY)
    client = login("coach-groningen")
    response = client.post(
        reverse("guidance:round_create", args=[person.pk]), round_data(due[0].key, **bad)
    )
    assert response.status_code == 200
    assert not MeasurementRound.objects.filter(participant=person).exists()


@pytest.mark.parametrize(
    "username",
    ["begeleider-groningen", "onderzoeker-groningen", "planner-groningen", "coach-assen"],
)
def test_only_the_coach_and_admins_open_the_form(login, person, username):
    url = reverse("guidance:round_create", args=[person.pk])
    assert login(username).get(url).status_code in (403, 404)
    assert login(username).post(url, round_data("baseline-0")).status_code in (403, 404)
    assert not MeasurementRound.objects.filter(participant=person).exists()


def test_an_admin_may_record_a_round(login, person):
    due = rounds.open_rounds(person, WORLD_TODAY)
    client = login("admin")
    url = reverse("guidance:round_create", args=[person.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, round_data(due[0].key)).status_code == 302
    assert MeasurementRound.objects.filter(participant=person, held_on=WORLD_TODAY).exists()


def test_months_after_keeps_the_day_or_takes_the_month_end():
    assert calendar.months_after(D(2026, 1, 15), 6) == D(2026, 7, 15)
    assert calendar.months_after(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert calendar.months_after(D(2027, 8, 31), 6) == D(2028, 2, 29)


# --- the demo ------------------------------------------------------------------------------------


def test_the_demo_has_a_baseline_before_the_start_and_improvements(db):
    from django.db.models import Avg

    from basisbaan.participants.models import EmploymentContract, Status

    in_service = Participant.objects.filter(
        municipality__cbs_code="GM0014",
        status__in=[Status.EMPLOYED, Status.PERMANENT],
        coach__isnull=False,
    ).exclude(user__username="deelnemer-groningen")  # other tests remove its rounds
    assert in_service.exists()
    for p in in_service:
        t0 = MeasurementRound.objects.get(participant=p, kind=Kind.BASELINE)
        start = EmploymentContract.objects.filter(participant=p).order_by("start_date").first()
        assert t0.held_on < start.start_date, p
        assert t0.income_source == "bijstand"
    held = MeasurementRound.objects.filter(held_on__isnull=False)
    assert not held.filter(held_on__gt=WORLD_TODAY).exists()
    assert not held.filter(due_date__gt=WORLD_TODAY).exists()
    later = held.filter(kind=Kind.SCHEDULED)
    assert later.exists()
    base = held.filter(kind=Kind.BASELINE)
    assert later.aggregate(v=Avg("who5_score"))["v"] > base.aggregate(v=Avg("who5_score"))["v"]
    assert (
        later.aggregate(v=Avg("self_confidence"))["v"]
        > base.aggregate(v=Avg("self_confidence"))["v"]
    )
    assert later.filter(income_source="wage").count() > later.count() / 2
