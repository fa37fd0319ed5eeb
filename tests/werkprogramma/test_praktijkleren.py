"""Praktijkleren: sign-offs, issuing the Verklaring, its PDF and the public check."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from basisbaan.werkprogramma import praktijkleren as service
from basisbaan.werkprogramma.models import Praktijkleren, Route
from tests.conftest import WORLD_TODAY
from tests.pdftext import pdf_text
from tests.werkprogramma.records import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Other tests (the fuzzers) may have used up the verification page's rate limit."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client_en(login):
    client = login("coach-groningen")
    client.cookies["django_language"] = "en"
    return client


def record(**extra):
    enrolment = enrol(Route.Kind.PRAKTIJKLEREN)
    values = {
        "company": "Bakkerij De Korenschoof",
        "company_registration": "203456",
        "work_process": "Baking and selling bread",
        "competences": ["Works safely and hygienically", "Kneads dough by hand"],
        "supervisor": "J. de Vries",
        "started_on": WORLD_TODAY - datetime.timedelta(days=120),
    }
    values.update(extra)
    return Praktijkleren.objects.create(enrolment=enrolment, **values)


def test_issuing_needs_both_sign_offs_and_completion(user):
    coach = user("coach-groningen")
    r = record()
    with pytest.raises(ValidationError):
        service.issue(r, coach)
    service.sign_by_coach(r, coach)
    with pytest.raises(ValidationError):
        service.issue(r, coach)
    service.sign_by_supervisor(r, WORLD_TODAY - datetime.timedelta(days=2), coach)
    with pytest.raises(ValidationError):
        service.issue(r, coach)  # not completed
    r.completed_on = WORLD_TODAY - datetime.timedelta(days=3)
    r.save()
    service.issue(r, coach)
    r.refresh_from_db()
    assert r.issued and len(r.verification_code) == service.CODE_LENGTH
    assert set(r.verification_code) <= set(service.CODE_ALPHABET)
    assert not set(r.verification_code) & set("O0I1L")


def test_registration_number_is_validated(client_en):
    enrolment = enrol(Route.Kind.PRAKTIJKLEREN)
    url = reverse("werkprogramma:praktijkleren", args=[enrolment.pk])
    data = {
        "action": "save",
        "version": enrolment.version,
        "company": "Groenvoorziening Noord BV",
        "company_registration": "12AB",
        "work_process": "Maintaining public green spaces",
        "supervisor": "M. Jansen",
        "started_on": (WORLD_TODAY - datetime.timedelta(days=30)).isoformat(),
        "chosen": ["Works safely and hygienically"],
        "other": "Prunes hedges",
    }
    response = client_en.post(url, data)
    assert response.status_code == 200
    assert "6 to 9 digits" in response.content.decode()
    data["company_registration"] = "10234567"
    response = client_en.post(url, data)
    assert response.status_code == 302
    saved = Praktijkleren.objects.get(enrolment=enrolment)
    assert saved.competences == ["Works safely and hygienically", "Prunes hedges"]


def issued_record(coach):
    r = record(completed_on=WORLD_TODAY - datetime.timedelta(days=5))
    service.sign_by_coach(r, coach)
    service.sign_by_supervisor(r, WORLD_TODAY - datetime.timedelta(days=4), coach)
    return service.issue(r, coach)


def test_the_pdf_names_the_competences_and_the_code(client_en, user):
    r = issued_record(user("coach-groningen"))
    response = client_en.get(reverse("werkprogramma:verklaring_pdf", args=[r.enrolment_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Kneads dough by hand" in text
    assert "Works safely and hygienically" in text
    assert "203456" in text
    assert service.shown_code(r.verification_code) in text


def test_no_pdf_before_issue(client_en):
    r = record()
    response = client_en.get(reverse("werkprogramma:verklaring_pdf", args=[r.enrolment_id]))
    assert response.status_code == 404


def test_verification_shows_initials_only(client, user):
    r = issued_record(user("coach-groningen"))
    person = r.enrolment.participant
    client.cookies["django_language"] = "en"
    response = client.get(reverse("werkprogramma:verify"), {"code": r.verification_code.lower()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Valid." in page
    assert r.work_process in page and r.company in page
    assert service.initials_of(person) in page
    assert person.bsn not in page
    assert person.surname not in page


def test_unknown_code_is_invalid(client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("werkprogramma:verify"), {"code": "ACDEF-GHJKM"})
    assert response.status_code == 200
    assert "Not valid." in response.content.decode()


def test_verification_is_rate_limited(client, settings):
    from django.core.cache import cache

    cache.clear()
    url = reverse("werkprogramma:verify")
    statuses = [
        client.get(url, {"code": "ACDEFGHJKM"}).status_code
        for _i in range(service.VERIFY_LIMIT + 1)
    ]
    assert statuses[:-1] == [200] * service.VERIFY_LIMIT
    assert statuses[-1] == 429
    cache.clear()


def test_register_lists_issued_verklaringen(client_en, user):
    r = issued_record(user("coach-groningen"))
    response = client_en.get(reverse("werkprogramma:verklaringen"))
    assert response.status_code == 200
    assert r in response.context["records"]
