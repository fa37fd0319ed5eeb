"""Issue 19, findings 1 and 6: a check-in saves with debts left "not asked", and the
coach asks the planner for a re-plan from the participant's page with a text of their own
(nothing of check-ins or signals carried over, one field with id ``id_reason``)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from basisbaan.guidance import signals
from basisbaan.guidance.models import CheckIn, EarlyWarningRule, Signal
from basisbaan.participants.models import Participant
from basisbaan.planning.models import ReplanRequest
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
WHO5_REASON = "Latest WHO-5 score 7 of 25 (below 13) on 01-02-2026."


@pytest.fixture
def person():
    return Participant.objects.get(user__username="deelnemer-groningen")


def browser_defaults(**overrides):
    """The check-in form as a browser posts it when only the required answers are given:
    the optional fields keep their defaults (income empty, debts "not asked")."""
    data = {
        "date": (WORLD_TODAY - DAY).isoformat(),
        "work_fit": "4",
        "work_satisfaction": "4",
        "work_relations": "4",
        "household": "single",
        "net_income_eur": "",
        "has_debts": "",
        "debt_help": "",
        "self_rated_health": "4",
        "social_contacts": "weekly",
        "self_confidence": "7",
        "notes": "",
        "who5_1": "4",
        "who5_2": "4",
        "who5_3": "3",
        "who5_4": "4",
        "who5_5": "4",
    }
    data.update(overrides)
    return data


# --- finding 1: debts "not asked" -----------------------------------------------------------


def test_checkin_saves_with_debts_not_asked(login, person):
    client = login("coach-groningen")
    before = set(CheckIn.objects.filter(participant=person).values_list("pk", flat=True))
    response = client.post(reverse("guidance:checkin_create", args=[person.pk]), browser_defaults())
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    checkin = CheckIn.objects.filter(participant=person).exclude(pk__in=before).get()
    assert checkin.has_debts is None and checkin.debt_help is None
    assert checkin.net_income_eur is None

    html = client.get(reverse("guidance:checkin_detail", args=[checkin.pk])).content.decode()
    assert "niet gevraagd; schuldhulp: niet gevraagd" in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("guidance:checkin_detail", args=[checkin.pk])).content.decode()
    assert "not asked; debt help: not asked" in html


def test_checkin_with_no_debts_stores_no_debt_help(login, person):
    client = login("coach-groningen")
    before = set(CheckIn.objects.filter(participant=person).values_list("pk", flat=True))
    response = client.post(
        reverse("guidance:checkin_create", args=[person.pk]), browser_defaults(has_debts="no")
    )
    assert response.status_code == 302
    checkin = CheckIn.objects.filter(participant=person).exclude(pk__in=before).get()
    assert checkin.has_debts is False and checkin.debt_help is False


def test_checkin_form_offers_not_asked_as_the_default(login, person):
    client = login("coach-groningen")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("guidance:checkin_create", args=[person.pk])).content.decode()
    select = re.search(r'<select name="has_debts"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.search(r'<option value="" selected\s*>not asked</option>', select)


# --- finding 6: the re-plan request ---------------------------------------------------------


@pytest.fixture
def who5_signal(person):
    signals.ensure_rules(person.municipality)
    rule = EarlyWarningRule.objects.get(municipality=person.municipality, kind="who5_low")
    Signal.objects.filter(participant=person).delete()
    ReplanRequest.objects.filter(participant=person).delete()
    return Signal.objects.create(
        participant=person, rule=rule, reason=WHO5_REASON, raised_on=WORLD_TODAY
    )


def test_replan_is_reachable_from_the_coach_participant_page(login, person):
    client = login("coach-groningen")
    html = client.get(reverse("guidance:coach_participant", args=[person.pk])).content.decode()
    assert reverse("guidance:coach_replan", args=[person.pk]) in html


def test_replan_form_starts_empty_and_warns_against_health_details(login, person, who5_signal):
    # A poor check-in makes sure the participant has health data the form could carry.
    client = login("coach-groningen")
    client.post(
        reverse("guidance:checkin_create", args=[person.pk]),
        browser_defaults(who5_1="1", who5_2="1", who5_3="1", who5_4="1", who5_5="1"),
    )
    client.cookies["django_language"] = "en"
    page = client.get(reverse("guidance:coach_replan", args=[person.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    form = page.context["form"]
    assert not (form["reason"].value() or "")
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    assert textarea and textarea.group(1).strip() == ""
    assert "WHO-5" not in html and "7 of 25" not in html
    assert "leave out health details" in html
    assert 'aria-describedby="id_reason_helptext"' in html
    assert html.count('id="id_reason"') == 1


def test_replan_from_the_participant_page_reaches_the_planner(login, person, who5_signal):
    client = login("coach-groningen")
    url = reverse("guidance:coach_replan", args=[person.pk])
    for text in ("WHO-5 gedaald naar 7", WHO5_REASON, "who5 laag"):
        response = client.post(url, {"reason": text})
        assert response.status_code == 200 and response.context["form"].errors
    assert not ReplanRequest.objects.filter(participant=person).exists()

    response = client.post(url, {"reason": "Liever niet meer op vrijdagmiddag werken."})
    assert response.status_code == 302
    assert response.url == reverse("guidance:coach_participant", args=[person.pk])
    request = ReplanRequest.objects.get(participant=person)
    assert request.reason == "Liever niet meer op vrijdagmiddag werken."
    assert "WHO" not in request.reason and "7 of 25" not in request.reason

    # The planner sees and handles it where planners do (the planning page).
    planner = login("planner-groningen")
    html = planner.get(reverse("planning:index")).content.decode()
    assert "Liever niet meer op vrijdagmiddag werken." in html
    assert "WHO-5" not in html
    planner.post(reverse("planning:replan_handled", args=[request.pk]))
    request.refresh_from_db()
    assert request.handled_at is not None

    # The coach sees the request on the participant's page, handled.
    coach = login("coach-groningen")
    html = coach.get(reverse("guidance:coach_participant", args=[person.pk])).content.decode()
    assert "Liever niet meer op vrijdagmiddag werken." in html
    assert "afgehandeld op" in html


def test_signal_page_has_one_id_reason(login, who5_signal):
    client = login("coach-groningen")
    html = client.get(reverse("guidance:signal_detail", args=[who5_signal.pk])).content.decode()
    assert html.count('id="id_reason"') == 1
    assert 'for="id_reason"' in html
    # Every label points at an element that exists, once.
    for target in re.findall(r'for="([^"]+)"', html):
        assert html.count(f'id="{target}"') == 1, target
    # The signal page's own re-plan form still works, under its own ids.
    assert html.count('id="id_replan_reason"') == 1


def test_checkin_service_still_checks_the_answers_given(person, user):
    """Leaving "not asked" answers empty does not switch off the checks of given ones."""
    from django.core.exceptions import ValidationError

    from basisbaan.guidance import checkins

    data = {
        "work_fit": 9,  # outside 1-5
        "work_satisfaction": 4,
        "work_relations": 4,
        "household": "single",
        "net_income_eur": None,
        "has_debts": None,
        "debt_help": None,
        "who5_items": [3, 3, 3, 3, 3],
        "self_rated_health": 4,
        "social_contacts": "weekly",
        "self_confidence": 7,
        "notes": "",
    }
    before = CheckIn.objects.count()
    with pytest.raises(ValidationError) as exc:
        checkins.record(person, user("coach-groningen"), WORLD_TODAY - DAY, data)
    assert "work_fit" in exc.value.message_dict
    assert CheckIn.objects.count() == before
