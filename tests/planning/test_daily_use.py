"""The planner's daily use (issue 19): readable pins, publishing with a confirmation,
the participant's week card for planners, sick and leave days on the week card, the
participant's "u", the finished run opening its result, a plain choice of thoroughness."""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format
from icalendar import Calendar

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.jobs.models import Job
from basisbaan.planning import registry, weekcard
from basisbaan.planning.models import CalendarToken, PlanningWeek, PlanRule, PlanVersion
from tests.planning.conftest import NEXT_WEEK, THIS_WEEK


def _own(user):
    from basisbaan.participants.models import Participant

    return Participant.objects.get(user=user("deelnemer-groningen"))


def _next_week_version(client, groningen) -> PlanVersion:
    response = client.post(
        f"/planning/week/{calendar.week_label(NEXT_WEEK)}/plannen/",
        {"thoroughness": "quick", "revision": 0},
    )
    assert response.status_code == 302
    return PlanVersion.objects.get(week__municipality=groningen, week__week_start=NEXT_WEEK)


# --------------------------------------------------------------------------- 1. readable pins


def test_pins_and_forbids_read_as_task_day_and_time(login, published_week):
    assignment = (
        published_week.published.assignments.select_related("task", "participant")
        .order_by("date", "start")
        .first()
    )
    PlanRule.objects.create(
        week=published_week,
        participant=assignment.participant,
        slot_key=assignment.slot_key,
        kind=PlanRule.Kind.FORBID,
    )
    client = login("planner-groningen")
    text = client.get(f"/planning/week/{published_week.label}/").text
    assert f"— {assignment.slot_key}" not in text
    rule = text.split("Verboden: ", 1)[1].split("<", 1)[0]
    assert assignment.participant.display_name in rule
    assert assignment.task.title in rule
    with translation.override("nl"):
        assert date_format(assignment.date, "l j F") in rule
    assert f"{assignment.start:%H:%M}–{assignment.end:%H:%M}" in rule


# --------------------------------------------------------------------------- 2. publishing


def test_publishing_asks_for_a_confirmation_first(login, groningen):
    client = login("planner-groningen")
    version = _next_week_version(client, groningen)
    week = version.week
    page = client.get(f"/planning/versie/{version.pk}/").text
    confirm_url = f"/planning/versie/{version.pk}/publiceren/bevestigen/"
    assert confirm_url in page
    confirm = client.get(confirm_url)
    assert confirm.status_code == 200
    assert "Deelnemers en taakaanbieders zien deze week" in confirm.text
    assert 'name="confirm"' in confirm.text
    # Without the confirmation nothing is published.
    refused = client.post(f"/planning/versie/{version.pk}/publiceren/", {"revision": week.revision})
    assert refused.status_code == 302 and refused.url == confirm_url
    week.refresh_from_db()
    assert week.published_id is None
    done = client.post(
        f"/planning/versie/{version.pk}/publiceren/",
        {"revision": week.revision, "confirm": "yes"},
    )
    assert done.status_code == 302
    week.refresh_from_db()
    assert week.published_id == version.pk


# --------------------------------------------------------------------------- 3. week card


def test_the_planner_opens_and_prints_a_participants_week_card(login, user, published_week):
    person = _own(user)
    mine = published_week.published.assignments.filter(participant=person).select_related("task")
    client = login("planner-groningen")
    url = f"/planning/deelnemer/{person.pk}/weekkaart/"
    assert url in client.get(f"/deelnemers/{person.pk}/").text
    assert url in client.get(f"/planning/versie/{published_week.published_id}/").text
    page = client.get(url)
    assert page.status_code == 200
    for row in mine:
        assert row.task.title in page.text
    assert person.display_name in page.text
    assert AuditEntry.objects.filter(
        object_type="participants.participant",
        object_id=str(person.pk),
        action="read",
        actor=user("planner-groningen"),
        purpose="print the week card for the participant",
    ).exists()
    # The calendar link: made for the planner to hand over.
    assert not CalendarToken.objects.filter(participant=person).exists()
    assert client.post(f"/planning/deelnemer/{person.pk}/agendalink/").status_code == 302
    token = CalendarToken.objects.get(participant=person).token
    assert f"/ical/{token}.ics" in client.get(url).text
    # Another town's planner does not find the person.
    assert login("planner-assen").get(url).status_code == 404


def test_coaches_see_the_week_card_of_their_own_people_only(login, user):
    from basisbaan.participants.models import Participant

    coach = user("coach-groningen")
    own = Participant.objects.filter(coach=coach).first()
    other = Participant.objects.filter(municipality=own.municipality).exclude(coach=coach).first()
    client = login("coach-groningen")
    assert client.get(f"/planning/deelnemer/{own.pk}/weekkaart/").status_code == 200
    assert client.get(f"/planning/deelnemer/{other.pk}/weekkaart/").status_code == 404


# --------------------------------------------------------------------------- 4. absences


@pytest.fixture
def extra_source(monkeypatch):
    """Register an extra absence source for the test only."""
    sources = list(registry._absence_sources)
    monkeypatch.setattr(registry, "_absence_sources", sources)

    def add(source):
        registry.register_absence_source(source)

    return add


def test_absence_kinds_take_sets_and_kinds(extra_source, groningen):
    day = THIS_WEEK
    extra_source(lambda m, start, end: {1: {day}})
    extra_source(
        lambda m, start, end: {2: {day: "sick", day + datetime.timedelta(days=1): "leave"}}
    )
    kinds = registry.absence_kinds(groningen, THIS_WEEK, THIS_WEEK + 6 * datetime.timedelta(days=1))
    assert kinds[1][day] == "absent"
    assert kinds[2] == {day: "sick", day + datetime.timedelta(days=1): "leave"}
    plain = registry.absences(groningen, THIS_WEEK, THIS_WEEK + 6 * datetime.timedelta(days=1))
    assert plain[1] == {day} and plain[2] == {day, day + datetime.timedelta(days=1)}


def test_the_week_card_drops_work_on_sick_and_leave_days(extra_source, login, user, published_week):
    person = _own(user)
    rows = list(published_week.published.assignments.filter(participant=person))
    worked = sorted({r.date for r in rows})
    assert len(worked) >= 2, "the demo participant works on at least two days"
    sick, leave = worked[0], worked[1]
    extra_source(lambda m, start, end: {person.pk: {sick: "sick", leave: "leave"}})
    card = weekcard.build(person, THIS_WEEK, THIS_WEEK)
    days = {d["date"]: d for d in card["days"]}
    assert days[sick]["absence"] == "sick" and not days[sick]["items"]
    assert days[leave]["absence"] == "leave" and not days[leave]["items"]
    assert card["hours"] == sum(r.hours for r in rows if r.date not in {sick, leave})
    text = login("deelnemer-groningen").get("/mijn-week/").text
    assert "Ziek gemeld" in text and "Verlof" in text
    # The calendar feed leaves those days' work out.
    feed = Calendar.from_ical(weekcard.ical(person, THIS_WEEK))
    dates = {e["DTSTART"].dt.date() for e in feed.walk("VEVENT")}
    assert sick not in dates and leave not in dates
    assert set(worked[2:]) <= dates


# --------------------------------------------------------------------------- 5. "u"


def test_my_week_speaks_to_the_participant_with_u(login, user, published_week):
    person = _own(user)
    text = login("deelnemer-groningen").get("/mijn-week/").text
    main = text.split('id="main"', 1)[1]
    for word in (" je ", " Je ", " jouw ", " jij "):
        assert word not in main, word
    assert "U werkt deze week" in main
    planned = sum(a.hours for a in published_week.published.assignments.filter(participant=person))
    if planned < float(person.contract_hours):
        assert "U krijgt altijd loon voor uw contracturen" in main
        assert "Wij zoeken meer werk voor u." in main


def test_the_shortfall_line_shows_only_below_contract_hours(user, published_week):
    from django.template.loader import render_to_string

    person = _own(user)
    card = weekcard.build(person, THIS_WEEK, THIS_WEEK)
    with translation.override("nl"):
        card["hours"], card["contract_hours"] = 22, 32
        short = render_to_string("planning/_week_card.html", {"card": card, "person": person})
        card["hours"] = 32
        full = render_to_string("planning/_week_card.html", {"card": card, "person": person})
    assert "U krijgt altijd loon voor uw contracturen (32 uur)" in short
    assert "Deze week is er werk voor 22 uur." in short
    assert "U krijgt altijd loon" not in full


# --------------------------------------------------------------------------- 6. the run's result


def test_a_finished_planning_job_opens_its_result(login, groningen, user):
    planner = user("planner-groningen")
    version = PlanVersion.objects.filter(week__municipality=groningen).first()
    url = f"/planning/versie/{version.pk}/"
    job = Job.objects.create(
        kind="planning.run",
        municipality=groningen,
        created_by=planner,
        status=Job.Status.RUNNING,
    )
    client = login("planner-groningen")
    polled = client.get(f"/taken/{job.pk}/", headers={"HX-Request": "true"})
    assert "HX-Redirect" not in polled
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, progress=1.0, result={"url": url, "open": True}
    )
    done = client.get(f"/taken/{job.pk}/", headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == url
    # A plain visit of the job page shows the link (no redirect without htmx).
    assert "HX-Redirect" not in client.get(f"/taken/{job.pk}/")
    # Jobs that do not ask for it keep their page.
    Job.objects.filter(pk=job.pk).update(result={"url": url})
    assert "HX-Redirect" not in client.get(f"/taken/{job.pk}/", headers={"HX-Request": "true"})


def test_the_planning_job_asks_to_open_its_result(login, groningen):
    version = _next_week_version(login("planner-groningen"), groningen)
    assert version.job.result["open"] is True
    assert version.job.result["url"] == f"/planning/versie/{version.pk}/"


# --------------------------------------------------------------------------- 7. thoroughness


def test_the_run_form_offers_a_plain_choice_of_thoroughness(login, groningen):
    client = login("planner-groningen")
    page = client.get(f"/planning/week/{calendar.week_label(NEXT_WEEK)}/").text
    assert "Rekentijd" not in page
    assert "Hoe grondig?" in page
    refused = client.post(
        f"/planning/week/{calendar.week_label(NEXT_WEEK)}/plannen/",
        {"thoroughness": "300", "revision": 0},
    )
    assert refused.status_code == 302
    assert not PlanVersion.objects.filter(week__week_start=NEXT_WEEK).exists()
    version = _next_week_version(client, groningen)
    assert version.time_limit == 3
    assert PlanningWeek.objects.get(pk=version.week_id).week_start == NEXT_WEEK
    # The version page's re-run asks the same question.
    page = client.get(f"/planning/versie/{version.pk}/").text
    assert "Hoe grondig?" in page and 'name="thoroughness"' in page and "Rekentijd" not in page
    week = PlanningWeek.objects.get(pk=version.week_id)
    rerun = client.post(
        f"/planning/versie/{version.pk}/opnieuw/",
        {"thoroughness": "quick", "revision": week.revision},
    )
    second = week.versions.get(number=2)
    assert rerun.url == f"/planning/versie/{second.pk}/" and second.time_limit == 3
