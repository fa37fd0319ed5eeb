"""The data-subject export (AVG art. 15): every registered app's sections, the audit trail
of the person, JSON and PDF; what the law requires keeping on an erasure request."""

import json
import re
import shutil
import subprocess

import pytest
from django.utils import translation

from basisbaan.accounts.models import User
from basisbaan.audit import api as audit
from basisbaan.participants.models import Participant
from basisbaan.privacy import registry, subject

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The section titles are asserted in English (the second language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def person():
    return Participant.objects.get(user__username="deelnemer-groningen")


def test_every_app_with_personal_data_registers_an_exporter():
    assert {label for label, _exporter in registry.exporters()} >= {
        "participants",
        "guidance",
        "planning",
    }


def test_export_holds_all_apps_and_the_audit_trail(person):
    planner = User.objects.get(username="planner-groningen")
    audit.read(planner, person, fields=["bsn"], purpose="matrix check")
    checkin = person.checkins.first()
    if checkin is not None:
        audit.read(planner, checkin, fields=["who5_raw"])
    data = subject.collect(person)
    apps = {s["app"] for s in data["sections"]}
    assert apps >= {"participants", "guidance", "planning"}
    titles = [s["title"] for s in data["sections"]]
    assert "Personal details" in titles and "Published work weeks" in titles
    personal = next(s for s in data["sections"] if s["title"] == "Personal details")
    assert personal["rows"][0]["BSN"] == person.bsn
    # The audit trail names who read the file, and reads of related records too.
    purposes = [entry["purpose"] for entry in data["audit"]]
    assert "matrix check" in purposes
    if checkin is not None:
        assert any(e["record"] == f"guidance.checkin {checkin.pk}" for e in data["audit"])
    # The JSON file is plain data.
    assert json.loads(subject.as_json(data))["person"]["pseudonym"] == person.pseudonym


def test_export_never_shows_the_calendar_key_or_another_persons_name(person):
    from basisbaan.planning.models import CalendarToken

    token, _ = CalendarToken.objects.get_or_create(participant=person)
    text = subject.as_json(subject.collect(person))
    assert token.token not in text


def pdf_pages(pdf: bytes, tmp_path) -> int:
    """The number of pages (poppler's pdfinfo), or 1 when it is not installed."""
    if not shutil.which("pdfinfo"):
        return 1
    path = tmp_path / "export.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def test_pdf_renders(person, tmp_path):
    pdf = subject.render_pdf(subject.collect(person), request_label="test")
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf, tmp_path) >= 1


def test_an_employed_person_cannot_be_erased_entirely(person):
    kept = subject.kept(subject.collect(person))
    reasons = " ".join(s["keep"] for s in kept)
    assert person.current_contract() is not None
    assert "employment contract is running" in reasons


def test_a_person_without_contract_or_payroll_may_be_erased():
    person = (
        Participant.objects.filter(contracts__isnull=True, payroll_lines__isnull=True)
        .filter(municipality__cbs_code="GM0014")
        .first()
    )
    assert subject.kept(subject.collect(person)) == []
