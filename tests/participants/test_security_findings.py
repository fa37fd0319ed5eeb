"""Findings of the outside security check on participants: finance does not see work
limitations (profile and API), and the import summary is in the page's language."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from basisbaan.audit.models import AuditEntry
from basisbaan.participants.models import ImportRun, Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited():
    """A Groningen participant with limitations on file."""
    person = (
        Participant.objects.filter(municipality__cbs_code="GM0014")
        .exclude(limitations=[])
        .order_by("pk")
        .first()
    )
    assert person is not None
    return person


def test_finance_does_not_see_limitations_on_the_profile(login, limited):
    url = reverse("participants:detail", args=[limited.pk])
    page = login("financien-groningen").get(url)
    assert page.status_code == 200
    assert "Beperkingen die voor het werk tellen" not in page.content.decode()
    assert "limitations" not in page.context or not page.context["limitations"]
    entry = AuditEntry.objects.filter(
        actor_username="financien-groningen", object_id=str(limited.pk), action="read"
    ).latest("pk")
    assert "limitations" not in entry.fields
    # Those who plan and guide the work still do.
    page = login("planner-groningen").get(url)
    assert "Beperkingen die voor het werk tellen" in page.content.decode()
    assert page.context["limitations"]


def test_finance_gets_no_limitations_from_the_api(login, limited):
    client = login("financien-groningen")
    row = client.get(f"/api/v1/participants/{limited.pk}/").json()
    assert row["id"] == limited.pk and "limitations" not in row
    rows = client.get("/api/v1/participants/").json()["results"]
    assert rows and all("limitations" not in r for r in rows)
    entry = AuditEntry.objects.filter(
        actor_username="financien-groningen", object_id=str(limited.pk), action="read"
    ).latest("pk")
    assert "limitations" not in entry.fields
    row = login("planner-groningen").get(f"/api/v1/participants/{limited.pk}/").json()
    assert row["limitations"] == limited.limitations


HEADER = "bsn;voorletters;tussenvoegsel;achternaam;geboortedatum;postcode;huisnummer;uitkering_sinds;telefoon;email"


def test_the_import_summary_is_dutch_on_the_dutch_page(login):
    client = login("planner-groningen")
    rows = f"{HEADER}\n111222333;A.;;Jansen;1970-01-01;9711 AB;1;2015-01-01;;\n123456789;B.;;Fout;1970-01-01;9711 AB;2;2015-01-01;;\n"
    response = client.post(
        reverse("participants:import"),
        {"file": SimpleUploadedFile("doelgroep.csv", rows.encode(), content_type="text/csv")},
    )
    run = ImportRun.objects.get(pk=resolve(response.url).kwargs["pk"])  # the upload's own run
    client.post(reverse("participants:import_detail", args=[run.pk]), {"skip_invalid": "1"})
    for url in (
        reverse("participants:import_detail", args=[run.pk]),
        reverse("participants:import"),
    ):
        page = client.get(url).content.decode()
        assert "created 1" not in page and "rejected 1" not in page, url
        assert "1 nieuw, 0 gewijzigd, 0 ongewijzigd, 1 afgewezen" in page, url
