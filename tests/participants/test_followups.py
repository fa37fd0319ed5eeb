"""Follow-up after an exit: scheduled at 6 and 12 months, reminded once, outcome recorded."""

import datetime

import pytest
from django.urls import reverse

from basisbaan.core import calendar
from basisbaan.guidance import followups as reminders
from basisbaan.guidance.models import Notification
from basisbaan.participants import followups, workflow
from basisbaan.participants.models import ExitReason, FollowUp, Status

pytestmark = pytest.mark.django_db


def _exit(participant, user, reason=ExitReason.REGULAR_JOB):
    return workflow.transition(
        participant.pk,
        Status.EXITED,
        user,
        exit_reason=reason,
        follow_up_date=None if reason == ExitReason.DECEASED else calendar.today(),
    )


def test_an_exit_schedules_follow_ups_at_6_and_12_months(make_participant, user):
    participant = make_participant(Status.EMPLOYED)
    _exit(participant, user("planner-groningen"))
    today = calendar.today()
    assert [(f.months, f.due_date) for f in participant.follow_ups.order_by("months")] == [
        (6, calendar.months_after(today, 6)),
        (12, calendar.months_after(today, 12)),
    ]


def test_no_follow_up_after_a_death_and_none_left_open_on_return(make_participant, user):
    planner = user("planner-groningen")
    gone = make_participant(Status.EMPLOYED)
    _exit(gone, planner, ExitReason.DECEASED)
    assert not gone.follow_ups.exists()
    back = make_participant(Status.EMPLOYED)
    _exit(back, planner)
    workflow.transition(back.pk, Status.REFERRED, planner)  # referred again
    assert not back.follow_ups.filter(outcome="").exists()


def test_the_outcome_is_recorded_only_when_due(make_participant, user):
    planner = user("planner-groningen")
    participant = make_participant(Status.EMPLOYED)
    _exit(participant, planner)
    six = participant.follow_ups.get(months=6)
    with pytest.raises(Exception, match="not due yet"):
        followups.record(six, planner, outcome=FollowUp.Outcome.WORK)
    later = calendar.months_after(calendar.today(), 6)
    with pytest.raises(Exception, match="Choose what became"):
        followups.record(six, planner, outcome="rich", today=later)
    done = followups.record(
        six, planner, outcome=FollowUp.Outcome.WORK, note="bij de gemeente", today=later
    )
    assert done.outcome == "work" and done.recorded_on == later and done.recorded_by == planner


def test_a_due_follow_up_reminds_the_coach_once(make_participant, user):
    coach = user("coach-groningen")
    participant = make_participant(Status.EMPLOYED, coach=coach)
    _exit(participant, user("planner-groningen"))
    due = calendar.months_after(calendar.today(), 6)
    municipality = participant.municipality
    reminders.send_reminders(municipality, due - datetime.timedelta(days=1))  # the world's
    before = Notification.objects.filter(recipient=coach, kind="follow_up").count()
    assert participant.follow_ups.get(months=6).reminded_on is None
    assert reminders.send_reminders(municipality, due) == 1
    assert Notification.objects.filter(recipient=coach, kind="follow_up").count() == before + 1
    assert reminders.send_reminders(municipality, due) == 0  # once
    assert participant.follow_ups.get(months=6).reminded_on == due


def test_staff_record_a_follow_up_through_the_page(login, make_participant, user):
    participant = make_participant(Status.EMPLOYED)
    _exit(participant, user("planner-groningen"))
    follow_up = participant.follow_ups.get(months=6)
    FollowUp.objects.filter(pk=follow_up.pk).update(due_date=calendar.today())
    client = login("planner-groningen")
    listing = client.get(reverse("participants:follow_ups")).content.decode()
    assert participant.display_name in listing
    url = reverse("participants:follow_up", args=[follow_up.pk])
    refused = client.post(url, {"outcome": "rich"})
    assert refused.status_code == 200 and refused.context["form"].errors
    follow_up.refresh_from_db()
    assert follow_up.outcome == ""
    response = client.post(url, {"outcome": "back_on_bijstand", "note": ""})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.outcome == "back_on_bijstand"
    assert login("onderzoeker-groningen").get(url).status_code == 404
