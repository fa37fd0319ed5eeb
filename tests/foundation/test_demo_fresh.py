"""The demo is always fresh: the world seeded on any day makes sense for that day.

The test world (tests/conftest.py) is the demo at small scale, seeded relative to the
session's moment (``BASISBAAN_TEST_NOW`` moves it), so these checks hold on any date.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from basisbaan.communitytasks.models import MonthlyReport, Submission, Task, TaskEvent
from basisbaan.communitytasks.services import UNVERIFIED_RETENTION_DAYS
from basisbaan.core import calendar
from basisbaan.guidance import poortwachter, sickness
from basisbaan.guidance.models import (
    CheckIn,
    Notification,
    PayrollExport,
    PoortwachterStep,
    SicknessCase,
    Signal,
    Timesheet,
)
from basisbaan.participants.models import EmploymentContract, Participant, Status
from basisbaan.participants.services import employment_start
from basisbaan.tenants.models import Municipality

pytestmark = pytest.mark.django_db
SEEDING = datetime.timedelta(hours=1)  # what the seeder itself stamps comes a little later


@pytest.fixture
def groningen():
    return Municipality.objects.get(cbs_code="GM0014")


def test_planning_shows_this_week_published_and_next_week_to_plan(login, groningen):
    today = calendar.today()
    this_week, next_week = calendar.this_monday(today), calendar.coming_monday(today)
    page = login("planner-groningen").get(reverse("planning:index")).content.decode()
    assert calendar.week_label(this_week) in page
    assert calendar.week_label(next_week) in page
    published = set(
        groningen.planning_weeks.filter(published__isnull=False).values_list(
            "week_start", flat=True
        )
    )
    assert {this_week - calendar.WEEK, this_week} <= published


def test_last_weeks_timesheets_are_open(groningen):
    last_week = calendar.this_monday() - calendar.WEEK
    sheets = Timesheet.objects.filter(participant__municipality=groningen, week_start=last_week)
    assert sheets.filter(status=Timesheet.Status.SUBMITTED).exists()
    assert not sheets.filter(status=Timesheet.Status.APPROVED).exists()
    # Weeks before are approved, and none lies ahead.
    assert Timesheet.objects.filter(
        participant__municipality=groningen,
        week_start=last_week - calendar.WEEK,
        status=Timesheet.Status.APPROVED,
    ).exists()
    assert not Timesheet.objects.filter(week_start__gt=last_week).exists()


def test_poortwachter_steps_fall_due_soon(groningen):
    today = calendar.today()
    steps = sickness.open_steps(
        PoortwachterStep.objects.filter(case__participant__municipality=groningen), today
    )
    urgencies = {poortwachter.urgency(step.due_date, today, False) for step in steps}
    assert "due_soon" in urgencies


def test_unconfirmed_submissions_are_recent(groningen):
    now = calendar.now()
    unconfirmed = Submission.objects.filter(
        task__municipality=groningen,
        task__status=Task.Status.SUBMITTED,
        email_verified_at__isnull=True,
    )
    assert unconfirmed.exists()
    cutoff = now - datetime.timedelta(days=UNVERIFIED_RETENTION_DAYS)
    assert not unconfirmed.filter(submitted_at__lt=cutoff).exists()
    assert not Submission.objects.filter(submitted_at__gt=now + SEEDING).exists()
    assert not TaskEvent.objects.filter(at__gt=now + SEEDING).exists()


def test_monthly_reports_cover_the_last_ended_months(groningen):
    today = calendar.today()
    reports = MonthlyReport.objects.filter(task__municipality=groningen)
    assert reports.filter(month=calendar.add_months(today, -2)).exists()
    if today.day > 10:  # providers report in the first days of the month
        assert reports.filter(month=calendar.previous_month(today)).exists()
    assert not reports.filter(month__gte=calendar.month_start(today)).exists()
    assert not reports.filter(reported_at__gt=calendar.now() + SEEDING).exists()


def test_budget_and_parameters_cover_this_year(groningen):
    from basisbaan.finance.budgets import running_budget

    today = calendar.today()
    programme = groningen.programmes.get(name="Basisbaan Groningen")
    assert programme.parameters_on(today).valid_from.year == today.year
    assert running_budget(groningen, today).name == f"Basisbaan Groningen {today.year}"
    # The published project budget with the Nationaal Programma Groningen line.
    project = groningen.budgets.get(name="Projectbudget basisbaan Groningen")
    assert project.total == Decimal("3386395")
    assert project.lines.get(source__name="Nationaal Programma Groningen").amount_eur == 200000


def test_payroll_exported_up_to_the_month_before_last(groningen):
    today = calendar.today()
    exports = PayrollExport.objects.filter(municipality=groningen)
    months = set(exports.values_list("month", flat=True))
    assert calendar.add_months(today, -2) in months
    assert calendar.previous_month(today) not in months  # the next export to make
    for export in exports:
        assert export.created_at.date() >= calendar.next_month(export.month)
        assert export.created_at <= calendar.now() + SEEDING


def test_the_demo_coach_has_an_open_signal(user):
    coach = user("coach-groningen")
    assert Signal.objects.filter(participant__coach=coach, status=Signal.Status.OPEN).exists()


def test_nothing_happened_in_the_future(groningen):
    # Seeding itself takes a while after the session's moment: allow for that.
    now, today = calendar.now() + SEEDING, calendar.today()
    assert not SicknessCase.objects.filter(reported_at__gt=now).exists()
    assert not CheckIn.objects.filter(date__gt=today).exists()
    assert not Notification.objects.filter(created_at__gt=now).exists()


def test_contracts_run_from_the_first_day_in_service(groningen):
    """Everyone in service holds a contract today, and the first contract on record
    starts on the day they entered service (when the minimum wage of that day is known)."""
    today = calendar.today()
    people = Participant.objects.filter(
        municipality=groningen, status__in=[Status.EMPLOYED, Status.PERMANENT]
    )
    assert people.exists()
    for person in people:
        assert person.current_contract(today) is not None, person
        start = employment_start(person)
        first = person.contracts.order_by("start_date").first()
        if first.start_date != start:
            # Earlier years lie before the first known minimum wage.
            assert first.start_date > start
            assert (first.start_date - start).days % 365 == 0
    assert EmploymentContract.objects.filter(
        participant__municipality=groningen, kind=EmploymentContract.Kind.PERMANENT
    ).exists()
