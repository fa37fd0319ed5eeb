"""The demo tells one consistent story: no past event dated in the future, and each
participant's contract history starts on the day they entered service."""

import pytest
from django.apps import apps
from django.db import models

from basisbaan.core import calendar

# Moments that lie ahead by nature (an expiry, a planned moment), not events that happened.
AHEAD_BY_NATURE = ("expire", "until", "due", "scheduled", "planned", "remind_at", "next_")


def _event_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("basisbaan."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField) and not any(
                word in field.name for word in AHEAD_BY_NATURE
            ):
                yield model, field


@pytest.mark.django_db
def test_no_past_event_of_the_demo_lies_in_the_future():
    """Every sent, created, decided or changed moment of the seeded world has passed."""
    now = calendar.now()
    ahead = []
    for model, field in _event_fields():
        count = model.objects.filter(**{f"{field.name}__gt": now}).count()
        if count:
            ahead.append(f"{model._meta.label}.{field.name}: {count}")
    assert not ahead, ahead


@pytest.mark.django_db
def test_submissions_and_questions_were_sent_before_today_ends():
    """The dates shown as "verstuurd op" (tasks, submissions) and the planner's questions
    are not after today."""
    from basisbaan.communitytasks.models import Submission, Task, TaskMessage

    today = calendar.today()
    for moment in [
        *Task.objects.values_list("created_at", flat=True),
        *Submission.objects.values_list("submitted_at", flat=True),
        *TaskMessage.objects.values_list("at", flat=True),
    ]:
        assert moment.astimezone(calendar.TIME_ZONE).date() <= today


@pytest.mark.django_db
def test_contract_history_starts_when_service_started():
    """ "In service since" on the participant page is the start of their first contract."""
    from basisbaan.participants.models import Participant
    from basisbaan.participants.services import employment_start

    people = Participant.objects.filter(contracts__isnull=False).distinct()
    assert people.exists()
    wrong = []
    for person in people:
        first = person.contracts.order_by("start_date").first().start_date
        shown = employment_start(person)
        if shown != first:
            wrong.append((person.pk, shown, first))
        assert not person.contracts.filter(start_date__gt=calendar.today()).exists()
    assert not wrong, wrong
