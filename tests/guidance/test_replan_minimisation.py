"""Minimisation at the source: a coach's re-plan request from a well-being signal never
carries the WHO-5 score (or other health detail) into the planner's view.

The re-plan form on a signal is a fresh text the coach writes: nothing of the signal is
prefilled, and a text that repeats the signal or names a WHO-5 score is refused.
"""

import pytest
from django.test import Client
from django.urls import reverse

from basisbaan.accounts.models import User
from basisbaan.guidance import signals
from basisbaan.guidance.models import EarlyWarningRule, Signal
from basisbaan.participants.models import Participant
from basisbaan.planning.models import ReplanRequest
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db

WHO5_REASON = "Latest WHO-5 score 7 of 25 (below 13) on 01-02-2026."


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def who5_signal():
    person = Participant.objects.get(user__username="deelnemer-groningen")
    signals.ensure_rules(person.municipality)
    rule = EarlyWarningRule.objects.get(municipality=person.municipality, kind="who5_low")
    Signal.objects.filter(participant=person).delete()
    ReplanRequest.objects.filter(participant=person).delete()
    return Signal.objects.create(
        participant=person, rule=rule, reason=WHO5_REASON, raised_on=WORLD_TODAY
    )


def test_replan_request_from_a_who5_signal_shows_no_who5_score_to_the_planner(who5_signal):
    coach = _client("coach-groningen")
    url = reverse("guidance:signal_detail", args=[who5_signal.pk])
    page = coach.get(url)
    assert page.status_code == 200
    # What the browser would send back unchanged: the form as rendered.
    form = page.context["replan_form"]
    sent = form["reason"].value() or ""
    assert "WHO-5" not in sent and "7 of 25" not in sent
    coach.post(url, {"action": "replan", "reason": sent})

    planner = _client("planner-groningen").get(reverse("planning:index"))
    html = planner.content.decode()
    assert "WHO-5" not in html
    assert "7 of 25" not in html


def test_coach_cannot_copy_the_signal_or_a_who5_score_into_the_request(who5_signal):
    coach = _client("coach-groningen")
    url = reverse("guidance:signal_detail", args=[who5_signal.pk])
    for text in (WHO5_REASON, "Lage WHO5-score (7), graag minder uren", "who-5 gedaald"):
        response = coach.post(url, {"action": "replan", "reason": text})
        assert response.status_code == 200  # the form again, with the error
        assert response.context["replan_form"].errors
    assert not ReplanRequest.objects.filter(participant=who5_signal.participant).exists()

    response = coach.post(url, {"action": "replan", "reason": "Graag geen maandagochtenden meer."})
    assert response.status_code == 302
    request = ReplanRequest.objects.get(participant=who5_signal.participant)
    assert request.reason == "Graag geen maandagochtenden meer."
    html = _client("planner-groningen").get(reverse("planning:index")).content.decode()
    assert "Graag geen maandagochtenden meer." in html


def test_the_service_refuses_health_scores_too(who5_signal):
    from django.core.exceptions import ValidationError

    coach = User.objects.get(username="coach-groningen")
    with pytest.raises(ValidationError):
        signals.request_replan(who5_signal.participant, coach, WHO5_REASON)
    assert not ReplanRequest.objects.filter(participant=who5_signal.participant).exists()


def test_a_work_floor_note_refuses_a_who5_score():
    from basisbaan.guidance.forms import WorkNoteForm

    form = WorkNoteForm({"kind": "note", "date": WORLD_TODAY, "text": "WHO-5 was 7, somber"})
    assert not form.is_valid() and "text" in form.errors
    form = WorkNoteForm({"kind": "note", "date": WORLD_TODAY, "text": "Goed gewerkt vandaag."})
    assert form.is_valid(), form.errors


def test_the_reason_for_fewer_hours_refuses_a_who5_score(who5_signal):
    person = who5_signal.participant
    coach = _client("coach-groningen")
    url = reverse("guidance:signal_detail", args=[who5_signal.pk])
    response = coach.post(
        url,
        {
            "action": "adjust",
            "contract_hours": str(max(1, person.contract_hours - 4)),
            "reason": "WHO-5 gedaald naar 7",
            "wishes": person.wishes,
            "limitations": person.limitations,
            "version": person.version,
        },
    )
    assert response.status_code == 200 and response.context["adjust_form"].errors
    person.refresh_from_db()
    assert "WHO" not in person.hours_agreement
