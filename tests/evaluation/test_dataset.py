"""The pseudonymised research dataset: the right rows and columns, no direct identifiers,
every download audited, and only for researchers and admins."""

import csv
import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from basisbaan.audit.models import AuditEntry
from basisbaan.evaluation import dataset
from basisbaan.evaluation.forms import PURPOSE_MAX
from basisbaan.participants.models import Participant, Status
from basisbaan.tenants.models import Municipality
from tests.conftest import WORLD_TODAY
from tests.evaluation.conftest import TODAY

D = datetime.date


def test_helpers():
    assert dataset.age_band(D(1980, 6, 15), D(2026, 6, 14)) == "45-49"
    assert dataset.age_band(D(1980, 6, 15), D(2026, 6, 15)) == "45-49"
    assert dataset.age_band(D(1981, 6, 15), D(2026, 6, 15)) == "45-49"
    assert dataset.age_band(D(1986, 6, 16), D(2026, 6, 15)) == "35-39"
    assert dataset.wijk_code("BU00140101") == "WK001401"
    assert dataset.wijk_code("WK001402") == "WK001402"
    assert dataset.wijk_code(None) == ""
    assert dataset.whole_months(D(2026, 1, 5), D(2026, 11, 23)) == 10
    assert dataset.whole_months(D(2026, 1, 25), D(2026, 11, 23)) == 9


def test_rows_on_hand_made_data(world):
    p = world.person(start=D(2025, 3, 3))
    world.week(p, D(2026, 10, 5), worked="24", sick="8")
    world.week(p, D(2026, 10, 12), worked="32")
    world.checkin(p, D(2025, 6, 1), raw=10, health=2, income="1300")
    world.checkin(p, D(2026, 6, 1), raw=18, health=4)
    world.checkin(p, D(2026, 9, 1), held=False)
    world.exit(p, D(2026, 10, 20), "regular_job")
    world.person(status=Status.WAITING_LIST, start=None)  # never in service: no row
    waiting_then_exited = world.person(status=Status.WAITING_LIST, start=None)
    world.exit(waiting_then_exited, D(2026, 5, 1), "moved", from_status=Status.WAITING_LIST)
    current = world.person(start=D(2026, 2, 2))

    rows = dataset.rows(world.municipality, TODAY)
    assert [r["pseudonym"] for r in rows] == sorted([p.pseudonym, current.pseudonym])
    row = next(r for r in rows if r["pseudonym"] == p.pseudonym)
    assert row == {
        "pseudonym": p.pseudonym,
        "age_band": "40-44",  # 44 at the start in March 2025
        "home_wijk": "WK999901",
        "start_month": "2025-03",
        "status": "exited",
        "exit_reason": "regular_job",
        "months_in_service": 19,
        "contract_hours": 32,
        "sick_leave_pct": Decimal("12.5"),
        "who5_first": 40,
        "who5_latest": 72,
        "health_first": 2,
        "health_latest": 4,
        "income_above_norm_latest": "no",
    }
    other = next(r for r in rows if r["pseudonym"] == current.pseudonym)
    assert other["status"] == "employed" and other["exit_reason"] == ""
    assert other["sick_leave_pct"] == "" and other["who5_first"] == ""
    assert other["months_in_service"] == 9


PURPOSE = "evaluation Hanze 2027"
# Decided here, independently of dataset.QUASI_IDENTIFIERS: the columns that describe the
# person (and that an acquaintance could know), as against measured outcomes.
QUASI_IDENTIFIERS = [
    "age_band",
    "home_wijk",
    "start_month",
    "status",
    "exit_reason",
    "contract_hours",
    "months_in_service",
]


def _download(client, file_format="csv", purpose=PURPOSE):
    data = {} if purpose is None else {"purpose": purpose}
    return client.post(f"/evaluatie/onderzoeksbestand/{file_format}/", data)


def _identifiers(municipality):
    """Every direct identifier of every participant of ``municipality``."""
    values = set()
    for p in Participant.objects.filter(municipality=municipality):
        values |= {
            p.bsn,
            p.surname,
            p.first_name,
            p.email,
            p.phone,
            p.postcode,
            p.postcode.replace(" ", ""),
            # The address: postcode with house number (a bare "56" is also a WHO-5 score).
            f"{p.postcode} {p.house_number}",
            f"{p.postcode.replace(' ', '')}{p.house_number}",
            p.birth_date.isoformat(),
            p.display_name,
        }
    return {v for v in values if v}


def _assert_no_identifiers(table, municipality):
    cells = [str(cell) for row in table for cell in row]
    for value in _identifiers(municipality):
        assert value not in cells, "a direct identifier is in the dataset"
        if len(value) >= 5:  # BSNs, e-mail addresses, phone numbers, postcodes, names
            assert not any(value in cell for cell in cells), "an identifier is in a cell"


def _assert_k_anonymous(rows, k=5):
    groups = Counter(tuple(row[c] for c in QUASI_IDENTIFIERS) for row in rows)
    assert groups and all(size >= k for size in groups.values()), groups


def test_the_quasi_identifiers_are_the_person_describing_columns():
    assert sorted(dataset.QUASI_IDENTIFIERS) == sorted(QUASI_IDENTIFIERS)
    assert dataset.K >= 5


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["GM0014", "GM0106"])
def test_the_dataset_is_k_anonymous_and_holds_no_identifiers(code):
    municipality = Municipality.objects.get(cbs_code=code)
    raw = dataset.rows(municipality, WORLD_TODAY)
    result = dataset.anonymised(municipality, WORLD_TODAY)
    assert len(result.rows) + result.suppressed == len(raw) >= 5
    _assert_k_anonymous(result.rows)
    assert result.k == min(
        Counter(tuple(r[c] for c in QUASI_IDENTIFIERS) for r in result.rows).values()
    )
    assert set(result.levels) == set(QUASI_IDENTIFIERS)
    _assert_no_identifiers([[row[f] for f in dataset.FIELDS] for row in result.rows], municipality)
    # The measured outcomes are left as they are.
    by_pseudonym = {r["pseudonym"]: r for r in raw}
    for row in result.rows:
        for name in ("sick_leave_pct", "who5_first", "who5_latest", "health_latest"):
            assert row[name] == by_pseudonym[row["pseudonym"]][name]


@pytest.mark.django_db
def test_csv_download_is_k_anonymous_has_no_direct_identifiers_and_is_audited(login):
    client = login("onderzoeker-groningen")
    response = _download(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == dataset.FIELDS
    groningen = Municipality.objects.get(cbs_code="GM0014")
    expected = set(dataset.ever_in_service(groningen).values_list("pseudonym", flat=True))
    pseudonyms = [r[0] for r in table[1:]]
    assert pseudonyms == sorted(pseudonyms) and set(pseudonyms) <= expected
    assert len(table) > 5
    _assert_k_anonymous([dict(zip(table[0], row, strict=True)) for row in table[1:]])

    _assert_no_identifiers(table, groningen)
    for value in _identifiers(groningen):
        if len(value) >= 6 and not value.isalpha():
            assert value not in text  # BSNs, e-mail addresses, dates, phone numbers
    for forbidden in ("bsn", "surname", "first_name", "birth_date", "email", "phone", "postcode"):
        assert forbidden not in table[0]

    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).latest("pk")
    assert entry.actor_username == "onderzoeker-groningen"
    assert entry.object_type == "tenants.municipality"
    assert entry.object_id == str(groningen.pk)
    assert entry.municipality_id == groningen.pk
    assert entry.fields == sorted(dataset.FIELDS)
    assert entry.purpose == PURPOSE


@pytest.mark.django_db
def test_xlsx_download_is_audited_too(login):
    before = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count()
    response = _download(login("admin"), "xlsx", purpose="  kwartaalrapportage raad 2027  ")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == dataset.FIELDS
    assert len(rows) > 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == before + 1
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).latest("pk")
    assert entry.purpose == "kwartaalrapportage raad 2027"


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", [None, "", "   ", "too short", "x" * (PURPOSE_MAX + 1)])
def test_a_download_without_a_proper_purpose_is_refused_and_not_audited(login, purpose):
    before = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count()
    response = _download(login("onderzoeker-groningen"), purpose=purpose)
    assert response.status_code == 400
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response.context["form"].errors["purpose"]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == before


@pytest.mark.django_db
def test_a_download_needs_a_post(login):
    before = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count()
    client = login("onderzoeker-groningen")
    assert client.get("/evaluatie/onderzoeksbestand/csv/").status_code == 405
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == before


@pytest.mark.django_db
def test_unknown_format_is_404_and_not_audited(login):
    before = AuditEntry.objects.count()
    assert _download(login("onderzoeker-groningen"), "pdf").status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username", ["planner-groningen", "financien-groningen", "coach-groningen"]
)
def test_others_cannot_download_and_leave_no_export(login, username):
    before = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count()
    assert _download(login(username)).status_code == 403
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == before


@pytest.mark.django_db
def test_dataset_page_documents_every_column_and_the_protection(login):
    response = login("onderzoeker-groningen").get("/evaluatie/onderzoeksbestand/")
    content = response.content.decode()
    for name in dataset.FIELDS:
        assert f"<code>{name}</code>" in content
    groningen = Municipality.objects.get(cbs_code="GM0014")
    result = dataset.anonymised(groningen, WORLD_TODAY)
    context = response.context
    assert context["k_reached"] == result.k >= 5
    assert context["suppressed"] == result.suppressed
    assert context["rows_kept"] == len(result.rows)
    assert {row["column"]: row["level"] for row in context["levels"]} == result.levels
    assert 'name="purpose"' in content
    assert 'formaction="/evaluatie/onderzoeksbestand/xlsx/"' in content


@pytest.mark.django_db
def test_monitor_page_shows_aggregates_only(login):
    response = login("onderzoeker-groningen").get("/evaluatie/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Programmamonitor" in content  # Dutch by default
    groningen = Municipality.objects.get(cbs_code="GM0014")
    for p in Participant.objects.filter(municipality=groningen):
        assert p.bsn not in content
        assert p.pseudonym not in content
    assert "&lt; 5" in content  # the small demo world has small groups
    assert 'href="/evaluatie/onderzoeksbestand/"' in content


@pytest.mark.django_db
def test_planners_see_the_monitor_without_the_dataset_link(login):
    response = login("planner-groningen").get("/evaluatie/")
    assert response.status_code == 200
    assert 'href="/evaluatie/onderzoeksbestand/"' not in response.content.decode()
    assert 'href="/evaluatie/"' in response.content.decode()  # the menu entry


@pytest.mark.django_db
def test_each_municipality_sees_its_own_figures(login):
    response = login("planner-assen").get("/evaluatie/")
    assert response.status_code == 200
    assen = Municipality.objects.get(cbs_code="GM0106")
    in_service = Participant.objects.filter(municipality=assen).in_service().count()
    assert response.context["size"].in_service.value == in_service
    assert response.context["params"].target_jobs == 7  # the Assen pilot, not Groningen's 250
    assert response.context["budget"].name is None  # the pilot's budget ran 2021-2022
