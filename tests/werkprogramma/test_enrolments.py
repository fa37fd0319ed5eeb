"""Enrolment and progress: refusals, steps and overdue, outcome and follow-ups, stop."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.participants.models import Scan, Status
from basisbaan.tenants.models import Programme
from basisbaan.werkprogramma import enrolments
from basisbaan.werkprogramma.models import Enrolment, Outcome, OutcomeFollowUp, StepProgress
from tests.conftest import WORLD_TODAY
from tests.werkprogramma.test_routes import make_person, route


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def coach(user):
    return user("coach-groningen")


def enrol(person, code, coach, **extra):
    extra.setdefault("today", WORLD_TODAY)
    return enrolments.enrol(person, route(code), coach, coach, **extra)


@pytest.mark.django_db
def test_enrol_creates_steps_with_due_dates_and_audits(coach):
    person = make_person(advice=Scan.Advice.PRAKTIJKLEREN)
    enrolment = enrol(person, "praktijkleren", coach, confirmed={"no_mbo2"})
    assert enrolment.status == Enrolment.Status.ACTIVE and enrolment.enrolled_on == WORLD_TODAY
    steps = list(enrolment.steps.select_related("step").order_by("step__order"))
    assert [s.due_on for s in steps] == [
        WORLD_TODAY + datetime.timedelta(days=s.step.due_days) for s in steps
    ]
    assert len(steps) == 4
    assert AuditEntry.objects.filter(
        object_type="werkprogramma.enrolment", object_id=str(enrolment.pk), action="create"
    ).exists()


@pytest.mark.django_db
def test_refused_when_a_criterion_fails(coach):
    person = make_person()
    with pytest.raises(ValidationError, match="Geen startkwalificatie"):
        enrol(person, "praktijkleren", coach)
    minor = make_person(age=17)
    with pytest.raises(ValidationError, match="18 jaar of ouder"):
        enrol(minor, "scan", coach)
    assert not Enrolment.objects.filter(participant__in=[person, minor]).exists()


@pytest.mark.django_db
def test_refused_when_already_active_in_the_route(coach):
    person = make_person()
    enrol(person, "scan", coach)
    with pytest.raises(ValidationError, match="already enrolled"):
        enrol(person, "scan", coach)


@pytest.mark.django_db
def test_refused_when_the_route_is_full(coach):
    scan = route("scan")
    taken = enrolments.active_count(scan)
    scan.capacity = taken + 1
    scan.save()
    enrol(make_person(), "scan", coach)
    with pytest.raises(ValidationError, match="is full"):
        enrol(make_person(), "scan", coach)


@pytest.mark.django_db
def test_another_route_than_advised_needs_a_reason(coach):
    person = make_person(advice=Scan.Advice.PRAKTIJKLEREN)
    advised = route("praktijkleren")
    with pytest.raises(ValidationError, match="give a reason"):
        enrol(person, "scan", coach, advised_route=advised)
    enrolment = enrol(person, "scan", coach, advised_route=advised, choice_reason="Wants work now")
    assert enrolment.choice_reason == "Wants work now" and enrolment.advised_route == advised


@pytest.mark.django_db
def test_inactive_route_takes_nobody(coach):
    scan = route("scan")
    scan.active = False
    scan.save()
    with pytest.raises(ValidationError, match="no new people"):
        enrol(make_person(), "scan", coach)


@pytest.mark.django_db
def test_steps_overdue_and_recorded(coach):
    start = WORLD_TODAY - datetime.timedelta(days=60)
    enrolment = enrol(make_person(), "scan", coach, enrolled_on=start)
    steps = list(enrolment.steps.select_related("step").order_by("step__order"))
    # Scan discussed (14 days) and route plan (42) are overdue; first step (120) is not.
    assert [s.overdue(WORLD_TODAY) for s in steps] == [True, True, False]
    enrolments.record_step(steps[0], coach, WORLD_TODAY - datetime.timedelta(days=1), "ok")
    steps[0].refresh_from_db()
    assert not steps[0].overdue(WORLD_TODAY) and steps[0].done_by == coach
    with pytest.raises(ValidationError, match="already done"):
        enrolments.record_step(steps[0], coach, WORLD_TODAY)
    with pytest.raises(ValidationError, match="future"):
        enrolments.record_step(steps[1], coach, WORLD_TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="before the enrolment"):
        enrolments.record_step(steps[1], coach, start - datetime.timedelta(days=1))


@pytest.mark.django_db
def test_work_outcome_needs_hours_and_contract_and_schedules_follow_ups(coach):
    enrolment = enrol(
        make_person(), "scan", coach, enrolled_on=WORLD_TODAY - datetime.timedelta(days=90)
    )
    day = WORLD_TODAY - datetime.timedelta(days=2)
    with pytest.raises(ValidationError, match="hours"):
        enrolments.record_outcome(enrolment, coach, Outcome.WORK, day)
    with pytest.raises(ValidationError, match="kind of contract"):
        enrolments.record_outcome(enrolment, coach, Outcome.WORK, day, hours=Decimal(24))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE and not enrolment.follow_ups.exists()
    enrolments.record_outcome(
        enrolment, coach, Outcome.WORK, day, hours=Decimal(24), contract_kind="temporary"
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.DONE and enrolment.outcome_hours == 24
    due = {f.months: f.due_on for f in enrolment.follow_ups.all()}
    assert due == {6: calendar.months_after(day, 6), 12: calendar.months_after(day, 12)}
    with pytest.raises(ValidationError, match="closed"):
        enrolments.stop(enrolment, coach, "late")


@pytest.mark.django_db
def test_follow_up_recorded(coach):
    enrolment = enrol(
        make_person(), "scan", coach, enrolled_on=WORLD_TODAY - datetime.timedelta(days=90)
    )
    enrolments.record_outcome(enrolment, coach, Outcome.EDUCATION, WORLD_TODAY)
    follow_up = enrolment.follow_ups.get(months=6)
    with pytest.raises(ValidationError):
        enrolments.record_follow_up(follow_up, coach, "maybe")
    enrolments.record_follow_up(follow_up, coach, OutcomeFollowUp.Lasted.YES)
    follow_up.refresh_from_db()
    assert follow_up.lasted == "yes" and follow_up.recorded_on == WORLD_TODAY


@pytest.mark.django_db
def test_basisbaan_outcome_moves_the_file_but_not_the_status(coach):
    person = make_person(advice=Scan.Advice.BASISBAAN)
    enrolment = enrol(
        person, "basisbaan", coach, enrolled_on=WORLD_TODAY - datetime.timedelta(days=20)
    )
    enrolments.record_outcome(enrolment, coach, Outcome.BASISBAAN, WORLD_TODAY)
    person.refresh_from_db()
    assert person.programme == route("basisbaan").destination
    assert person.programme.kind == Programme.Kind.BASISBAAN
    assert person.status == Status.REFERRED


@pytest.mark.django_db
def test_basisbaan_outcome_leaves_another_programme_alone(coach):
    person = make_person(advice=Scan.Advice.BASISBAAN)
    other = Programme.objects.create(
        municipality=person.municipality, name="Other", start_date=datetime.date(2024, 1, 1)
    )
    person.programme = other
    person.save()
    enrolment = enrol(
        person, "basisbaan", coach, enrolled_on=WORLD_TODAY - datetime.timedelta(days=20)
    )
    enrolments.record_outcome(enrolment, coach, Outcome.BASISBAAN, WORLD_TODAY)
    person.refresh_from_db()
    assert person.programme == other


@pytest.mark.django_db
def test_stop_needs_a_reason_and_closes(coach):
    enrolment = enrol(make_person(), "scan", coach)
    with pytest.raises(ValidationError, match="reason"):
        enrolments.stop(enrolment, coach, "  ")
    enrolments.stop(enrolment, coach, "Moved away")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.STOPPED and "Moved away" in enrolment.notes
    assert enrolment.outcome == Outcome.NO_OUTCOME and not enrolment.follow_ups.exists()
    assert StepProgress.objects.filter(enrolment=enrolment).count() == 3
