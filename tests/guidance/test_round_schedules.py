"""The page to set a programme's measurement schedule: it lists the schedules with the
current one marked, adds one from a date, refuses bad input (400, nothing saved) and
is only for the people who set the programme's settings, in its own municipality."""

import datetime as dt

import pytest
from django.urls import reverse

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.guidance import rounds
from basisbaan.guidance.models import RoundSchedule
from basisbaan.tenants.models import Programme
from tests.conftest import WORLD_TODAY


@pytest.fixture
def programme(db):
    return Programme.objects.get(name="Basisbaan Groningen")


def url(programme):
    return reverse("guidance:round_schedules", args=[programme.pk])


def test_the_page_lists_the_schedules_and_marks_the_current_one(login, programme):
    current = rounds.schedule_for(programme, WORLD_TODAY)
    later = RoundSchedule.objects.create(
        programme=programme,
        valid_from=calendar.add_months(WORLD_TODAY, 2),
        interval_months=4,
    )
    response = login("admin").get(url(programme))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-current="true"' in html
    assert html.count('aria-current="true"') == 1
    assert later.valid_from.strftime("%d-%m-%Y") in html
    if current.pk:
        assert current.valid_from.strftime("%d-%m-%Y") in html
    assert 'name="valid_from"' in html and 'name="interval_months"' in html


def test_the_programme_page_links_to_it(login):
    response = login("admin").get(reverse("tenants:overview"))
    shown = list(response.context["programmes"])
    assert shown
    for listed in shown:
        assert url(listed) in response.content.decode()
    coach = login("coach-groningen").get(reverse("tenants:overview")).content.decode()
    assert "/meetschema/" not in coach


def test_adding_a_schedule(login, programme):
    day = calendar.add_months(WORLD_TODAY, 1)
    response = login("admin").post(
        url(programme), {"valid_from": day.isoformat(), "interval_months": 3}
    )
    assert response.status_code == 302
    assert response.url == url(programme)
    schedule = RoundSchedule.objects.get(programme=programme, valid_from=day)
    assert schedule.interval_months == 3
    assert rounds.schedule_for(programme, day) == schedule
    entry = AuditEntry.objects.get(object_type="guidance.roundschedule", object_id=str(schedule.pk))
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.municipality_id == programme.municipality_id
    assert entry.actor_username == "admin"


@pytest.mark.parametrize(
    ("valid_from", "interval", "field"),
    [
        ("next_month", "0", "interval_months"),
        ("next_month", "25", "interval_months"),
        ("next_month", "", "interval_months"),
        ("next_month", "zes", "interval_months"),
        ("before_start", "6", "valid_from"),
        ("", "6", "valid_from"),
        ("2026-02-30", "6", "valid_from"),
        ("2999-01-01", "6", "valid_from"),
        ("existing", "6", "valid_from"),
    ],
)
def test_invalid_input_gives_400_and_saves_nothing(login, programme, valid_from, interval, field):
    existing = RoundSchedule.objects.create(
        programme=programme, valid_from=calendar.add_months(WORLD_TODAY, 3), interval_months=6
    )
    day = {
        "next_month": calendar.add_months(WORLD_TODAY, 1).isoformat(),
        "before_start": (programme.start_date - dt.timedelta(days=1)).isoformat(),
        "existing": existing.valid_from.isoformat(),
    }.get(valid_from, valid_from)
    before = list(
        RoundSchedule.objects.order_by("pk").values_list("pk", "valid_from", "interval_months")
    )
    audits = AuditEntry.objects.filter(object_type="guidance.roundschedule").count()
    response = login("admin").post(url(programme), {"valid_from": day, "interval_months": interval})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert (
        list(
            RoundSchedule.objects.order_by("pk").values_list("pk", "valid_from", "interval_months")
        )
        == before
    )
    assert AuditEntry.objects.filter(object_type="guidance.roundschedule").count() == audits


def test_the_error_is_said_plainly(login, programme):
    day = (programme.start_date - dt.timedelta(days=1)).isoformat()
    response = login("admin").post(url(programme), {"valid_from": day, "interval_months": 6})
    assert response.status_code == 400
    # Dutch, the language of the page (English is the second language).
    assert "kan niet eerder beginnen" in response.content.decode()


def test_a_programme_of_another_municipality_is_not_found(login, programme):
    from basisbaan.accounts.models import RoleAssignment, User

    # An administrator of Assen only may set Assen's schedule, not Groningen's: 404.
    assen = Programme.objects.exclude(municipality=programme.municipality).first()
    assert assen is not None
    other = User.objects.create_user("beheer-assen", password="x")
    RoleAssignment.objects.create(user=other, role="admin", municipality=assen.municipality)
    client = login("beheer-assen")
    assert client.get(url(assen)).status_code == 200
    day = calendar.add_months(WORLD_TODAY, 1).isoformat()
    assert client.get(url(programme)).status_code == 404
    assert client.post(url(programme), {"valid_from": day, "interval_months": 3}).status_code == 404
    assert not RoundSchedule.objects.filter(programme=programme, valid_from=day).exists()
    assert login("planner-assen").get(url(programme)).status_code == 404


@pytest.mark.parametrize(
    "username", ["coach-groningen", "onderzoeker-groningen", "begeleider-groningen"]
)
def test_coaches_and_researchers_may_not(login, programme, username):
    day = calendar.add_months(WORLD_TODAY, 1).isoformat()
    client = login(username)
    assert client.get(url(programme)).status_code in (403, 404)
    assert client.post(url(programme), {"valid_from": day, "interval_months": 3}).status_code in (
        403,
        404,
    )
    assert not RoundSchedule.objects.filter(programme=programme, valid_from=day).exists()


def test_anonymous_visitors_go_to_the_login_page(client, programme):
    assert client.get(url(programme)).status_code == 302


def test_a_schedule_saved_in_the_meantime_gives_a_form_error(login, programme, monkeypatch):
    """Two people add a schedule from the same date at once: the database's unique
    constraint refuses the second; the page says so (400) and records nothing."""
    from basisbaan.guidance.forms import RoundScheduleForm

    day = calendar.add_months(WORLD_TODAY, 1)
    RoundSchedule.objects.create(programme=programme, valid_from=day, interval_months=6)
    # The form's own check ran before the other person's save.
    monkeypatch.setattr(
        RoundScheduleForm, "clean_valid_from", lambda form: form.cleaned_data["valid_from"]
    )
    audits = AuditEntry.objects.filter(object_type="guidance.roundschedule").count()
    response = login("admin").post(
        url(programme), {"valid_from": day.isoformat(), "interval_months": 3}
    )
    assert response.status_code == 400
    assert "valid_from" in response.context["form"].errors
    assert RoundSchedule.objects.get(programme=programme, valid_from=day).interval_months == 6
    assert AuditEntry.objects.filter(object_type="guidance.roundschedule").count() == audits
