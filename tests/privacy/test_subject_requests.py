"""Data-subject requests on the participant file: the register with its statutory due
date, the audited export (PDF and JSON), corrections and their log, erasure or its
refusal with the legal grounds."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from basisbaan.accounts.models import User
from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.participants.models import DataSubjectRequest, Participant, Rectification
from basisbaan.participants.models.requests import one_month_after
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def person():
    return Participant.objects.get(user__username="deelnemer-groningen")


@pytest.fixture
def planner():
    return _client("planner-groningen")


def _register(planner, person, kind: str) -> DataSubjectRequest:
    response = planner.post(
        reverse("participants:subject_requests", args=[person.pk]),
        {"kind": kind, "received_on": WORLD_TODAY.isoformat(), "description": "per brief"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return DataSubjectRequest.objects.filter(participant=person, kind=kind).latest("pk")


def test_due_date_is_one_month_after_receipt():
    assert one_month_after(datetime.date(2027, 1, 31)) == datetime.date(2027, 2, 28)
    assert one_month_after(datetime.date(2028, 1, 31)) == datetime.date(2028, 2, 29)
    assert one_month_after(datetime.date(2026, 12, 15)) == datetime.date(2027, 1, 15)


def test_register_a_request_and_see_it_in_the_register(planner, person):
    page = planner.get(reverse("participants:subject_requests", args=[person.pk]))
    assert page.status_code == 200
    request = _register(planner, person, "access")
    assert request.due_on == one_month_after(WORLD_TODAY)
    assert request.subject_pseudonym == person.pseudonym
    register = planner.get(reverse("participants:subject_register"))
    assert request in register.context["open_requests"]
    # The file shows the tab to the handlers, not to a coach.
    assert reverse("participants:subject_requests", args=[person.pk]) in page.content.decode()
    coach_page = _client("coach-groningen").get(reverse("participants:detail", args=[person.pk]))
    assert reverse("participants:subject_requests", args=[person.pk]) not in (
        coach_page.content.decode()
    )


def test_a_request_cannot_be_received_in_the_future(planner, person):
    response = planner.post(
        reverse("participants:subject_requests", args=[person.pk]),
        {"kind": "access", "received_on": (WORLD_TODAY + datetime.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 200 and response.context["form"].errors


def test_export_pdf_and_json_are_audited_and_not_cached(planner, person):
    request = _register(planner, person, "access")
    for fmt, content_type in (("pdf", "application/pdf"), ("json", "application/json")):
        response = planner.get(
            reverse("participants:subject_export", args=[person.pk, request.pk, fmt])
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert response["Cache-Control"] == "no-store"
        assert "attachment" in response["Content-Disposition"]
        entry = AuditEntry.objects.filter(
            action="export", object_type="participants.participant", object_id=str(person.pk)
        ).latest("pk")
        assert entry.purpose == f"data-subject request {request.pk} ({fmt})"
        assert {"participants", "guidance", "planning", "audit"} <= set(entry.fields)
    data = json.loads(response.content)
    assert data["person"]["pseudonym"] == person.pseudonym
    # The export lists its own making in the audit trail next time.
    again = planner.get(
        reverse("participants:subject_export", args=[person.pk, request.pk, "json"])
    )
    assert any(
        e["purpose"] == f"data-subject request {request.pk} (json)"
        for e in json.loads(again.content)["audit"]
    )
    assert (
        planner.get(
            reverse("participants:subject_export", args=[person.pk, request.pk, "xlsx"])
        ).status_code
        == 404
    )


def test_rectification_is_logged_without_repeating_the_bsn(planner, person):
    request = _register(planner, person, "rectification")
    url = reverse("participants:subject_rectify", args=[person.pk, request.pk])
    old_surname = person.surname
    response = planner.post(
        url,
        {"action": "field", "field": "surname", "value": "Verbeterd", "version": person.version},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.surname == "Verbeterd"
    entry = Rectification.objects.filter(participant=person).latest("pk")
    assert (entry.old_description, entry.new_description) == (old_surname, "Verbeterd")
    assert entry.request == request and entry.by.username == "planner-groningen"

    new_bsn = "999990044" if person.bsn != "999990044" else "999990056"
    response = planner.post(
        url, {"action": "field", "field": "bsn", "value": new_bsn, "version": person.version}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = Rectification.objects.filter(participant=person).latest("pk")
    assert new_bsn not in entry.new_description and person.bsn not in entry.old_description
    # A stale version does not overwrite.
    response = planner.post(
        url, {"action": "field", "field": "surname", "value": "Anders", "version": 0}
    )
    assert response.status_code == 409
    # A correction elsewhere, described.
    response = planner.post(
        url,
        {
            "action": "other",
            "what": "Ziekmelding",
            "old": "eerste dag 3-3",
            "new": "eerste dag 4-3",
        },
    )
    assert response.status_code == 302
    page = planner.get(reverse("participants:subject_requests", args=[person.pk]))
    assert "eerste dag 4-3" in page.content.decode()


def test_erasure_of_an_employed_person_is_refused_with_the_legal_grounds(planner, person):
    request = _register(planner, person, "erasure")
    url = reverse("participants:subject_erase", args=[person.pk, request.pk])
    page = planner.get(url)
    assert page.context["assessment"]
    response = planner.post(url, {"confirm": "erase"})
    assert response.status_code == 302
    request.refresh_from_db()
    # Stored as the page said it: in Dutch, the first language.
    assert request.status == "refused" and "Er loopt een arbeidscontract" in request.outcome
    assert Participant.objects.filter(pk=person.pk).exists()


def test_erasure_where_the_law_allows(planner):
    person = (
        Participant.objects.filter(
            municipality__cbs_code="GM0014", contracts__isnull=True, payroll_lines__isnull=True
        )
        .exclude(user__isnull=False)
        .first()
    )
    pk, pseudonym = person.pk, person.pseudonym
    request = _register(planner, person, "erasure")
    url = reverse("participants:subject_erase", args=[pk, request.pk])
    assert planner.get(url).context["assessment"] == []
    planner.post(url, {})  # without the confirmation nothing happens
    assert Participant.objects.filter(pk=pk).exists()
    response = planner.post(url, {"confirm": "erase"})
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=pk).exists()
    request.refresh_from_db()
    assert request.participant is None and request.subject_pseudonym == pseudonym
    assert request.status == "granted" and request.handled_on == calendar.today()
    assert AuditEntry.objects.filter(
        action="delete", object_type="participants.participant", object_id=str(pk)
    ).exists()
    register = planner.get(reverse("participants:subject_register"))
    assert pseudonym in register.content.decode()


def test_the_handler_records_the_outcome(planner, person):
    request = _register(planner, person, "objection")
    url = reverse("participants:subject_request", args=[person.pk, request.pk])
    assert planner.get(url).status_code == 200
    response = planner.post(url, {"status": "granted", "outcome": "", "version": request.version})
    assert response.status_code == 200 and response.context["form"].errors  # outcome needed
    response = planner.post(
        url, {"status": "granted", "outcome": "Bezwaar toegekend", "version": request.version}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "granted" and request.handled_by.username == "planner-groningen"
